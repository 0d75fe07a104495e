import type { Writable } from 'node:stream';
import type { StoredLedgerEntry } from '../ledger.canonical';
import { aboutRows, ledgerRows, safeText, type ExportAbout, type LedgerRow } from './ledger-csv';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Kind = 'text' | 'money' | 'number';

interface SheetColumn {
  readonly header: string;
  readonly key: keyof LedgerRow;
  readonly kind: Kind;
  readonly width: number;
  /** Long ids wrap (at their dashes) so the printed columns stay narrow enough to read. */
  readonly wrap?: boolean;
}

/**
 * The Ledger sheet's columns. Money is dollars as numbers with a currency format, so columns add
 * up; whole cents stay in the CSV. What an auditor samples a payment by (date, entry, request,
 * payment, donation, account, amounts, who) comes first and is the print area, narrow enough to
 * read at one page wide (about 9 pt on landscape letter); item, serials, the actor's
 * organization, protocol, recorded time, ids and hashes follow outside it, in the file but not
 * on paper.
 */
const COLUMNS: readonly SheetColumn[] = [
  { header: 'Seq', key: 'seq', kind: 'number', width: 5 },
  { header: 'Effective date', key: 'effective_date', kind: 'text', width: 10, wrap: true },
  { header: 'Date from', key: 'effective_date_source', kind: 'text', width: 8 },
  { header: 'Entry', key: 'entry_label', kind: 'text', width: 16, wrap: true },
  { header: 'Fund', key: 'fund_id', kind: 'text', width: 8, wrap: true },
  { header: 'Category', key: 'category', kind: 'text', width: 14, wrap: true },
  { header: 'Request', key: 'request_id', kind: 'text', width: 13, wrap: true },
  { header: 'Disbursement', key: 'disbursement_id', kind: 'text', width: 13, wrap: true },
  { header: 'Donation', key: 'donation_id', kind: 'text', width: 13, wrap: true },
  { header: 'Payee', key: 'payee_id', kind: 'text', width: 13, wrap: true },
  { header: 'Reference kind', key: 'payment_reference_kind', kind: 'text', width: 13, wrap: true },
  { header: 'Reference', key: 'payment_reference', kind: 'text', width: 12, wrap: true },
  { header: 'Account name', key: 'account_label', kind: 'text', width: 22, wrap: true },
  { header: 'Account', key: 'account', kind: 'text', width: 20, wrap: true },
  { header: 'Debit', key: 'debit_cents', kind: 'money', width: 11 },
  { header: 'Credit', key: 'credit_cents', kind: 'money', width: 11 },
  { header: 'Actor role', key: 'actor_role', kind: 'text', width: 11 },
  { header: 'Item', key: 'item_id', kind: 'text', width: 16 },
  { header: 'Serials', key: 'serials', kind: 'text', width: 14 },
  { header: 'Line', key: 'line_no', kind: 'number', width: 5 },
  { header: 'Actor organization', key: 'actor_organization_id', kind: 'text', width: 14 },
  { header: 'Actor user', key: 'actor_user_id', kind: 'text', width: 14 },
  { header: 'Protocol', key: 'protocol_version', kind: 'text', width: 9 },
  { header: 'Recorded at (UTC)', key: 'recorded_at', kind: 'text', width: 22 },
  { header: 'Event type', key: 'event_type', kind: 'text', width: 24 },
  { header: 'Entry id', key: 'entry_id', kind: 'text', width: 40 },
  { header: 'Event id', key: 'event_id', kind: 'text', width: 36 },
  { header: 'Global position', key: 'global_position', kind: 'number', width: 9 },
  { header: 'Stream', key: 'stream_id', kind: 'text', width: 30 },
  { header: 'Hash format', key: 'canonical_format', kind: 'number', width: 7 },
  { header: 'Previous hash', key: 'prev_hash', kind: 'text', width: 66 },
  { header: 'Hash', key: 'hash', kind: 'text', width: 66 },
];

/** Up to and including the actor's role: what goes on paper. */
const PRINTED_COLUMNS = COLUMNS.findIndex((c) => c.key === 'actor_role') + 1;
const MONEY_FORMAT = '"$"#,##0.00';

/** Points per line of the default 11 pt font. */
const LINE_HEIGHT = 15;

/** How many lines a value takes in a column of this width, breaking at dashes, colons and spaces where it can. */
function wrappedLines(value: string | number | null, width: number): number {
  if (typeof value !== 'string' || value.length === 0) return 1;
  const room = Math.max(width - 1, 4);
  let lines = 1;
  let used = 0;
  for (const piece of value.split(/(?<=[-: ])/)) {
    if (used + piece.length <= room) {
      used += piece.length;
      continue;
    }
    if (used > 0) lines += 1;
    lines += Math.floor(Math.max(piece.length - 1, 0) / room);
    used = piece.length % room || room;
  }
  return lines;
}

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
  // Loaded on first use: most processes (and every test file that only imports the app) never write a workbook.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
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
  header.alignment = { wrapText: true, vertical: 'bottom' };
  header.commit();
  let rows = 1;
  for await (const entry of entries) {
    for (const line of ledgerRows(entry)) {
      rows += 1;
      const values = COLUMNS.map((c) => cell(line, c));
      const row = ws.addRow(values);
      // Neither Excel nor LibreOffice grows a row for wrapped text written by a program, so the
      // height is set from the longest wrapped cell (about one character per width unit).
      const lines = Math.max(1, ...COLUMNS.map((c, i) => (c.wrap ? wrappedLines(values[i] ?? null, c.width) : 1)));
      if (lines > 1) row.height = LINE_HEIGHT * lines;
      COLUMNS.forEach((c, i) => {
        if (c.kind === 'money') row.getCell(i + 1).numFmt = MONEY_FORMAT;
        if (c.wrap) row.getCell(i + 1).alignment = { wrapText: true, vertical: 'top' };
        else row.getCell(i + 1).alignment = { vertical: 'top' };
      });
      row.commit();
    }
  }
  // Known only now that the rows are written; the sheet's settings are rendered at its commit.
  // ExcelJS puts "$" before each corner; "$" before the row too makes it the absolute reference LibreOffice requires.
  ws.pageSetup.printArea = `A$1:${columnLetter(PRINTED_COLUMNS)}$${rows}`;
  ws.commit();
  await workbook.commit();
}
