import type { Writable } from 'node:stream';
import { GIFT_CARD_LOG_COLUMNS, giftCardLogCells, type GiftCardLogRow } from './gift-card-log';

const MONEY_FORMAT = '"$"#,##0.00';

/**
 * The gift-card log as a workbook: an About sheet (what it is, as of when) and the Log sheet,
 * the CSV's table with its header frozen, face values as dollars, printed landscape one page wide.
 */
export async function writeGiftCardLogXlsx(about: readonly (readonly [string, string])[], rows: readonly GiftCardLogRow[], out: Writable): Promise<void> {
  // Loaded on first use: most processes (and every test file that only imports the app) never write a workbook.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Survivor fund gift-card log';
  const info = workbook.addWorksheet('About');
  info.getColumn(1).width = 24;
  info.getColumn(2).width = 90;
  const title = info.addRow(['Gift-card log']);
  title.font = { bold: true, size: 14 };
  title.commit();
  for (const [label, value] of about) {
    const row = info.addRow([label, value]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    row.commit();
  }
  info.commit();

  const ws = workbook.addWorksheet('Log', {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
    headerFooter: { oddFooter: 'Gift-card log, page &P of &N' },
  });
  const money = GIFT_CARD_LOG_COLUMNS.indexOf('face_value_usd');
  GIFT_CARD_LOG_COLUMNS.forEach((c, i) => {
    ws.getColumn(i + 1).width = c === 'variances' ? 40 : Math.max(12, c.length + 2);
  });
  const header = ws.addRow([...GIFT_CARD_LOG_COLUMNS]);
  header.font = { bold: true };
  header.commit();
  for (const logRow of rows) {
    const cells = giftCardLogCells(logRow);
    cells[money] = logRow.faceValueCents / 100;
    const row = ws.addRow(cells);
    row.getCell(money + 1).numFmt = MONEY_FORMAT;
    row.commit();
  }
  ws.commit();
  await workbook.commit();
}
