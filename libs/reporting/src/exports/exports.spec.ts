import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FundActivityStatement } from '../fund-activity';
import { fiscalQuarter } from '../periods';
import type { FunderReport } from '../report-model';
import { buildTable } from '../reports';
import { parseCsv } from '../testing/csv';
import { writeCsv } from './csv-export';
import { reportDocument, statementDocument, SUPPRESSED, type ExportDocument } from './export-document';
import { writeXlsx } from './xlsx-export';

interface Paid {
  category: string;
  method: string;
  cents: number;
}

/** A small published report: groceries paid often, medical twice (suppressed with a neighbour). */
function report(): FunderReport {
  const paid: Paid[] = [
    ...Array.from({ length: 9 }, (_, i): Paid => ({ category: 'groceries', method: 'vendor_payment', cents: 5_000 + i })),
    ...Array.from({ length: 7 }, (): Paid => ({ category: 'groceries', method: 'gift_card', cents: 2_500 })),
    ...Array.from({ length: 8 }, (): Paid => ({ category: 'lodging', method: 'vendor_payment', cents: 12_345 })),
    ...Array.from({ length: 6 }, (): Paid => ({ category: 'lodging', method: 'gift_card', cents: 10_000 })),
    { category: 'medical', method: 'vendor_payment', cents: 20_000 },
    { category: 'medical', method: 'gift_card', cents: 3_000 },
  ];
  const table = buildTable<Paid>(
    {
      name: 'disbursements_by_category_payment_method',
      title: 'Disbursements by expense category and payment method',
      description: 'Payments made in the period.',
      rows: { heading: 'Expense category', field: 'category', codes: ['groceries', 'lodging', 'medical'] },
      columns: { heading: 'Payment method', field: 'method', codes: ['vendor_payment', 'gift_card'] },
      measure: { countOf: 'payments', amountOf: 'amount disbursed', amount: 'cents' },
      totals: { rows: true, columns: true },
    },
    paid,
    6,
  );
  return {
    report: 'quarterly',
    title: 'Quarterly funder report, FY2027 Q1',
    period: fiscalQuarter(2027, 1),
    threshold: 6,
    generatedAt: '2027-01-15T09:30:00.000Z',
    notes: ['Counts from 1 to 5 are suppressed, "quoted", and, with commas.'],
    tables: [table],
  };
}

const statement: FundActivityStatement = {
  report: 'fund_activity',
  audience: 'internal',
  title: 'Fund activity statement, 2026-10-01 to 2026-12-31',
  period: { kind: 'custom', label: '2026-10-01 to 2026-12-31', start: '2026-10-01', end: '2026-12-31' },
  threshold: 6,
  generatedAt: '2027-01-15T09:30:00.000Z',
  notes: ['All funds together.'],
  openingBalanceCents: 100_000_00,
  donations: [{ key: 'individual', label: 'Individual', count: 7, amountCents: 70_000 }],
  donationsCents: 70_000,
  disbursements: [
    { key: 'groceries', label: 'Groceries', count: 10, amountCents: 55_000 },
    { key: 'combined', label: 'Other categories (combined: too few to show separately)', count: 7, amountCents: 42_001 },
  ],
  disbursementsCents: 97_001,
  voidsReturnedCents: 5_000,
  closingBalanceCents: 100_000_00 + 70_000 - 97_001 + 5_000,
  commitmentsOutstandingCents: 7_000,
  availableCents: 100_000_00 + 70_000 - 97_001 + 5_000 - 7_000,
  inKind: { received: [{ key: 'winter_gear', label: 'Winter gear', count: 1, amountCents: 30_000 }], receivedCents: 30_000, distributed: [], distributedCents: 0, writtenOffCents: 3_000 },
};

async function render(doc: ExportDocument, write: (d: ExportDocument, out: PassThrough) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(doc, out);
  return Buffer.concat(chunks);
}

async function workbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return wb;
}

describe('exports', () => {
  const doc = reportDocument(report());

  it('lays a table out with a count and an amount per column, row totals and a total row', () => {
    const sheet = doc.sheets[0]!;
    expect(sheet.name).toBe('Paid by category and method');
    expect(sheet.columns.map((c) => c.header)).toEqual([
      'Expense category',
      'Vendor payment: payments',
      'Vendor payment: amount disbursed (USD)',
      'Gift card: payments',
      'Gift card: amount disbursed (USD)',
      'Total: payments',
      'Total: amount disbursed (USD)',
    ]);
    expect(sheet.rows[0]).toEqual(['Groceries', 9, 450.36, 7, 175, 16, 625.36]);
    expect(sheet.rows[2]).toEqual(['Medical co-pays', SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED]);
    expect(sheet.rows.at(-1)![0]).toBe('Total');
    expect(doc.filename).toBe('quarterly-report-FY2027-Q1');
  });

  it('writes CSV that parses back: period and threshold first, then one titled section per table', async () => {
    const text = (await render(doc, writeCsv)).toString('utf8');
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(['Quarterly funder report, FY2027 Q1']);
    expect(rows).toContainEqual(['Period', 'FY2027 Q1 (2026-10-01 to 2026-12-31)']);
    expect(rows).toContainEqual(['Suppression threshold', '6: counts from 1 to 5 are suppressed']);
    expect(rows).toContainEqual(['Generated at', '2027-01-15T09:30:00.000Z']);
    expect(rows).toContainEqual(['Note', 'Counts from 1 to 5 are suppressed, "quoted", and, with commas.']);
    const at = rows.findIndex((r) => r[0] === 'Table');
    expect(rows[at]).toEqual(['Table', 'Disbursements by expense category and payment method']);
    expect(rows[at + 2]![0]).toBe('Expense category');
    expect(rows[at + 3]).toEqual(['Groceries', '9', '450.36', '7', '175.00', '16', '625.36']);
    expect(rows[at + 5]).toEqual(['Medical co-pays', 'suppressed', 'suppressed', 'suppressed', 'suppressed', 'suppressed', 'suppressed']);
  });

  it('writes a real workbook: About sheet, a sheet per table, bold header, amounts as currency numbers', async () => {
    const wb = await workbook(await render(doc, writeXlsx));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['About', 'Paid by category and method']);
    const about = wb.getWorksheet('About')!;
    const aboutRows = about.getSheetValues().flatMap((r) => (Array.isArray(r) ? [r.slice(1)] : []));
    expect(aboutRows).toContainEqual(['Period', 'FY2027 Q1 (2026-10-01 to 2026-12-31)']);
    expect(aboutRows).toContainEqual(['Suppression threshold', '6: counts from 1 to 5 are suppressed']);
    expect(aboutRows).toContainEqual(['Generated at', '2027-01-15T09:30:00.000Z']);
    const ws = wb.getWorksheet('Paid by category and method')!;
    // Title, the publisher's line and the description sit above the column header; all four repeat on every printed page.
    expect(ws.getRow(1).getCell(1).value).toBe('Disbursements by expense category and payment method');
    expect(ws.getRow(2).getCell(1).value).toBe('Survivor support fund coalition   |   Period: FY2027 Q1 (2026-10-01 to 2026-12-31)   |   Suppression threshold: 6');
    expect(ws.getRow(4).getCell(1).value).toBe('Expense category');
    expect(ws.getRow(4).getCell(2).font?.bold).toBe(true);
    expect(ws.getRow(5).getCell(3).value).toBe(450.36);
    expect(ws.getRow(5).getCell(3).numFmt).toBe('"$"#,##0.00');
    expect(ws.getRow(5).getCell(2).value).toBe(9);
    expect(ws.getRow(7).getCell(2).value).toBe('suppressed');
    // Suppressed cells line up with the numbers of their column.
    expect([ws.getRow(7).getCell(2).alignment?.horizontal, ws.getRow(5).getCell(2).alignment?.horizontal, ws.getRow(4).getCell(2).alignment?.horizontal]).toEqual(['right', 'right', 'right']);
    expect(ws.getRow(8).getCell(1).value).toBe('Total');
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:4' });
    expect(ws.headerFooter.oddHeader).toContain('Survivor support fund coalition');
    expect(ws.headerFooter.oddHeader).toContain('threshold 6');
  });

  it('names the award in the header when the reader gives one, and lists every figure once in long form', () => {
    const withAward = reportDocument(report(), { coalition: 'Maine Survivor Support Coalition', award: 'VOCA 15POVC-26-GG-00123' });
    expect(withAward.header).toEqual({ coalition: 'Maine Survivor Support Coalition', award: 'VOCA 15POVC-26-GG-00123', period: 'FY2027 Q1 (2026-10-01 to 2026-12-31)', threshold: 6 });
    expect(withAward.about).toContainEqual(['Grant and award number', 'VOCA 15POVC-26-GG-00123']);
    const groceries = withAward.figures.filter((f) => f.rowKey === 'groceries' && f.columnKey === 'vendor_payment');
    expect(groceries).toEqual([
      expect.objectContaining({ measure: 'count', value: 9, suppressed: false }),
      expect.objectContaining({ measure: 'amount_usd', value: 450.36, suppressed: false }),
    ]);
    const medical = withAward.figures.filter((f) => f.rowKey === 'medical');
    expect(medical.length).toBeGreaterThan(0);
    expect(medical.every((f) => f.suppressed && f.value === null)).toBe(true);
    // 3 rows x (2 columns + total) + the total row x 3, each a count and an amount.
    expect(withAward.figures).toHaveLength(2 * (3 * 3 + 3));
  });

  it('exports the fund activity statement as lines that add up, with an in-kind memo', async () => {
    const sdoc = statementDocument(statement);
    expect(sdoc.filename).toBe('fund-activity-2026-10-01-to-2026-12-31');
    const csv = parseCsv((await render(sdoc, writeCsv)).toString('utf8'));
    expect(csv).toContainEqual(['Opening balance', '', '100000.00']);
    expect(csv).toContainEqual(['Closing balance', '', '99779.99']);
    expect(csv).toContainEqual(['Period', 'Fund activity (2026-10-01 to 2026-12-31)']);
    const wb = await workbook(await render(sdoc, writeXlsx));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['About', 'Statement', 'In-kind memo']);
    const rows = wb.getWorksheet('Statement')!.getSheetValues().flatMap((r) => (Array.isArray(r) ? [r.slice(1)] : []));
    expect(rows).toContainEqual(['Commitments outstanding at period end', undefined, 70]);
    expect(rows).toContainEqual(['  Groceries', 10, 550]);
  });
});
