import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ColumnKind, ExportDocument } from './export-document';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const NUMBER_FORMATS: Readonly<Record<ColumnKind, string | undefined>> = {
  text: undefined,
  count: '#,##0',
  money: '"$"#,##0.00',
  days: '0.0',
};

/**
 * A real workbook, streamed as it is written: an "About" sheet stating the report, period,
 * generation time, suppression threshold and notes, then one sheet per table with a bold, frozen
 * header row. Amounts are numbers in dollars with a currency format, so they add up in Excel;
 * a suppressed cell holds the word "suppressed", never a number.
 */
export async function writeXlsx(doc: ExportDocument, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Survivor fund reporting';

  const about = workbook.addWorksheet('About');
  about.getColumn(1).width = 24;
  about.getColumn(2).width = 110;
  const title = about.addRow([doc.title]);
  title.font = { bold: true, size: 14 };
  title.commit();
  for (const [label, value] of doc.about) {
    const row = about.addRow([label, value]);
    row.getCell(1).font = { bold: true };
    row.commit();
  }
  about.addRow([]).commit();
  const contents = about.addRow(['Sheet', 'Table']);
  contents.font = { bold: true };
  contents.commit();
  for (const sheet of doc.sheets) about.addRow([sheet.name, `${sheet.title}. ${sheet.description}`]).commit();
  about.commit();

  for (const sheet of doc.sheets) {
    const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns.forEach((c, i) => {
      ws.getColumn(i + 1).width = c.kind === 'text' ? 36 : Math.min(Math.max(c.header.length + 2, 12), 40);
    });
    const header = ws.addRow(sheet.columns.map((c) => c.header));
    header.font = { bold: true };
    header.commit();
    for (const values of sheet.rows) {
      const row = ws.addRow(values.map((v) => v ?? null));
      sheet.columns.forEach((c, i) => {
        const format = NUMBER_FORMATS[c.kind];
        if (format && typeof values[i] === 'number') row.getCell(i + 1).numFmt = format;
      });
      if (values[0] === 'Total') row.font = { bold: true };
      row.commit();
    }
    ws.commit();
  }
  await workbook.commit();
}
