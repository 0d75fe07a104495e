import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { StoredLedgerEntry } from '../ledger.canonical';
import { aboutRows, ledgerRows, safeText, type ExportAbout, type LedgerRow } from './ledger-csv';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Kind = 'text' | 'money' | 'number';

interface SheetColumn {
  readonly header: string;
  readonly key: keyof LedgerRow;
  readonly kind: Kind;
  readonly width: number;
}

/**
 * The Ledger sheet's columns. Money is dollars as numbers with a currency format, so columns add
 * up; whole cents stay in the CSV. The columns an auditor samples by come first and are the
 * print area, so a printed page is readable at fit-to-width; the chain's ids and hashes follow
 * outside it, in the file but not on paper.
 */
const COLUMNS: readonly SheetColumn[] = [
  { header: 'Seq', key: 'seq', kind: 'number', width: 6 },
  { header: 'Effective date', key: 'effective_date', kind: 'text', width: 11 },
  { header: 'Date from', key: 'effective_date_source', kind: 'text', width: 9 },
  { header: 'Recorded at (UTC)', key: 'recorded_at', kind: 'text', width: 22 },
  { header: 'Entry', key: 'entry_label', kind: 'text', width: 24 },
  { header: 'Fund', key: 'fund_id', kind: 'text', width: 10 },
  { header: 'Category', key: 'category', kind: 'text', width: 13 },
  { header: 'Request', key: 'request_id', kind: 'text', width: 36 },
  { header: 'Disbursement', key: 'disbursement_id', kind: 'text', width: 36 },
  { header: 'Donation', key: 'donation_id', kind: 'text', width: 36 },
  { header: 'Item', key: 'item_id', kind: 'text', width: 16 },
  { header: 'Serials', key: 'serials', kind: 'text', width: 12 },
  { header: 'Actor role', key: 'actor_role', kind: 'text', width: 11 },
  { header: 'Actor organization', key: 'actor_organization_id', kind: 'text', width: 14 },
  { header: 'Protocol', key: 'protocol_version', kind: 'text', width: 9 },
  { header: 'Line', key: 'line_no', kind: 'number', width: 5 },
  { header: 'Account', key: 'account', kind: 'text', width: 28 },
  { header: 'Account name', key: 'account_label', kind: 'text', width: 40 },
  { header: 'Debit', key: 'debit_cents', kind: 'money', width: 12 },
  { header: 'Credit', key: 'credit_cents', kind: 'money', width: 12 },
  { header: 'Event type', key: 'event_type', kind: 'text', width: 24 },
  { header: 'Actor user', key: 'actor_user_id', kind: 'text', width: 14 },
  { header: 'Entry id', key: 'entry_id', kind: 'text', width: 40 },
  { header: 'Event id', key: 'event_id', kind: 'text', width: 36 },
  { header: 'Global position', key: 'global_position', kind: 'number', width: 9 },
  { header: 'Stream', key: 'stream_id', kind: 'text', width: 30 },
  { header: 'Hash format', key: 'canonical_format', kind: 'number', width: 7 },
  { header: 'Previous hash', key: 'prev_hash', kind: 'text', width: 66 },
  { header: 'Hash', key: 'hash', kind: 'text', width: 66 },
];

/** Up to and including the Credit column: what goes on paper. */
const PRINTED_COLUMNS = COLUMNS.findIndex((c) => c.key === 'credit_cents') + 1;
const MONEY_FORMAT = '"$"#,##0.00';

const columnLetter = (n: number): string => (n <= 26 ? String.fromCharCode(64 + n) : columnLetter(Math.floor((n - 1) / 26)) + columnLetter(((n - 1) % 26) + 1));

function cell(row: LedgerRow, column: SheetColumn): string | number | null {
  const value = row[column.key];
  if (column.kind === 'money') return typeof value === 'number' ? value / 100 : null;
  if (value === null || typeof value === 'number') return value;
  return safeText(value);
}

/**
 * The ledger as a workbook, streamed as it is written: an About sheet (what, which filters, when,
 * the chain's head) and the Ledger sheet, one row per line, header row bold and frozen, printed
 * landscape, fit to one page wide, the header repeated on every page.
 */
export async function writeLedgerXlsx(about: ExportAbout, entries: AsyncIterable<StoredLedgerEntry>, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Survivor fund audit ledger';

  const sheet = workbook.addWorksheet('About', { pageSetup: { orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.getColumn(1).width = 24;
  sheet.getColumn(2).width = 100;
  const title = sheet.addRow(['Audit ledger export']);
  title.font = { bold: true, size: 14 };
  title.commit();
  for (const [label, value] of aboutRows(about)) {
    const row = sheet.addRow([label, value]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    row.commit();
  }
  sheet.commit();

  const ws = workbook.addWorksheet('Ledger', {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: {
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: 'Audit ledger, page &P of &N' },
  });
  COLUMNS.forEach((c, i) => {
    ws.getColumn(i + 1).width = c.width;
  });
  const header = ws.addRow(COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  header.commit();
  let rows = 1;
  for await (const entry of entries) {
    for (const line of ledgerRows(entry)) {
      rows += 1;
      const row = ws.addRow(COLUMNS.map((c) => cell(line, c)));
      COLUMNS.forEach((c, i) => {
        if (c.kind === 'money') row.getCell(i + 1).numFmt = MONEY_FORMAT;
      });
      row.commit();
    }
  }
  // Known only now that the rows are written; the sheet's settings are rendered at its commit.
  ws.pageSetup.printArea = `A1:${columnLetter(PRINTED_COLUMNS)}${rows}`;
  ws.commit();
  await workbook.commit();
}
