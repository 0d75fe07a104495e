import type { ClassLine, FundPositions, GrantBudget, InKindDisclosure, StatementOfActivities, StatementPeriod } from './statements';

/**
 * The statements as printable tables, independent of the file format: one sheet per statement
 * (and one budget sheet per grant), each naming the coalition, the grant (or "All funds") with
 * its award number, and the period, which the workbook prints in every page's header.
 */
export type StatementColumnKind = 'text' | 'money';
/** Text, cents (in a money column), a share in percent, or null for blank. */
export type StatementValue = string | number | { readonly percent: number } | null;

export interface StatementSheet {
  /** At most 31 characters, unique in the workbook. */
  readonly name: string;
  readonly title: string;
  /** "All funds", or the grant's name and award number. */
  readonly subject: string;
  readonly columns: readonly { readonly header: string; readonly kind: StatementColumnKind; readonly width: number }[];
  /** Money in cents (integers); the writers turn them into dollars. */
  readonly rows: readonly (readonly StatementValue[])[];
  /** Row indexes printed bold (totals, headings). */
  readonly emphasis: readonly number[];
}

export interface StatementsDocument {
  readonly coalition: string;
  readonly period: StatementPeriod;
  readonly generatedAt: string;
  readonly sheets: readonly StatementSheet[];
}

export const STATEMENT_KINDS = ['activities', 'fund-positions', 'budget-vs-actual', 'in-kind'] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

const ALL_FUNDS = 'All funds';
const words = (code: string) => code.replace(/[_-]/g, ' ');

function activitiesSheet(s: StatementOfActivities): StatementSheet {
  const rows: StatementValue[][] = [];
  const emphasis: number[] = [];
  const heading = (label: string) => {
    emphasis.push(rows.length);
    rows.push([label, null, null, null]);
  };
  const line = (l: ClassLine, bold = false) => {
    if (bold) emphasis.push(rows.length);
    rows.push([bold ? l.label : `  ${l.label}`, l.withoutRestrictionsCents, l.withRestrictionsCents, l.totalCents]);
  };
  heading('Revenue and support');
  s.monetaryRevenue.forEach((l) => line(l));
  s.inKindRevenue.forEach((l) => line(l));
  s.gainsOnSales.forEach((l) => line(l));
  line(s.totalRevenueAndSupport, true);
  line(s.releasesFromRestriction, true);
  heading('Expenses');
  s.expenses.forEach((l) => line(l));
  s.stockWriteOffs.forEach((l) => line(l));
  s.lossesOnSales.forEach((l) => line(l));
  line(s.totalExpenses, true);
  line(s.changeInNetAssets, true);
  line(s.netAssetsBeginning, true);
  line(s.netAssetsEnding, true);
  return {
    name: 'Activities',
    title: 'Statement of activities',
    subject: ALL_FUNDS,
    columns: [
      { header: 'Line', kind: 'text', width: 52 },
      { header: 'Without donor restrictions (USD)', kind: 'money', width: 20 },
      { header: 'With donor restrictions (USD)', kind: 'money', width: 20 },
      { header: 'Total (USD)', kind: 'money', width: 18 },
    ],
    rows,
    emphasis,
  };
}

function positionsSheet(p: FundPositions): StatementSheet {
  const rows: StatementValue[][] = p.funds.map((f) => [
    f.name,
    f.restricted ? 'with restrictions' : 'without restrictions',
    f.openingCashCents,
    f.receivedCents,
    f.paidCents,
    f.voidsReturnedCents,
    f.closingCashCents,
    f.committedCents,
    f.availableCents,
    f.releasedInPeriodCents,
    f.withRestrictionsCents,
    f.withoutRestrictionsCents,
  ]);
  rows.push(['Donated cards and goods on hand', 'without restrictions', null, null, null, null, null, null, null, null, 0, p.stockOnHandCents]);
  const sum = (i: number) => p.funds.reduce((s, _f, k) => s + ((rows[k]![i] as number | null) ?? 0), 0);
  rows.push(['Total', null, sum(2), sum(3), sum(4), sum(5), p.totals.closingCashCents, p.totals.committedCents, sum(8), sum(9), p.totals.withRestrictionsCents, p.totals.withoutRestrictionsCents]);
  return {
    name: 'Fund positions',
    title: 'Statement of each fund\'s position',
    subject: ALL_FUNDS,
    columns: [
      { header: 'Fund', kind: 'text', width: 32 },
      { header: 'Net asset class', kind: 'text', width: 21 },
      { header: 'Opening cash', kind: 'money', width: 13 },
      { header: 'Received', kind: 'money', width: 13 },
      { header: 'Paid', kind: 'money', width: 13 },
      { header: 'Voids returned', kind: 'money', width: 11 },
      { header: 'Closing cash', kind: 'money', width: 13 },
      { header: 'Committed', kind: 'money', width: 13 },
      { header: 'Available', kind: 'money', width: 13 },
      { header: 'Released from restriction', kind: 'money', width: 13 },
      { header: 'Unspent, with restrictions', kind: 'money', width: 13 },
      { header: 'Without restrictions', kind: 'money', width: 13 },
    ],
    rows,
    emphasis: [rows.length - 1],
  };
}

function budgetSheet(g: GrantBudget, index: number): StatementSheet {
  const rows: StatementValue[][] = g.lines.map((l) => [l.lineId, l.categories.map(words).join(', '), l.budgetCents, l.spentInPeriodCents, l.spentCents, l.committedCents, l.remainingCents]);
  if (g.outsideLines.spentCents || g.outsideLines.committedCents) rows.push(['Outside every line', null, 0, null, g.outsideLines.spentCents, g.outsideLines.committedCents, null]);
  rows.push(['Total', null, g.totals.budgetCents, g.totals.spentInPeriodCents, g.totals.spentCents, g.totals.committedCents, g.totals.remainingCents]);
  const pop = g.periodOfPerformance;
  rows.push([
    'Period of performance elapsed',
    pop ? `${pop.firstDay} to ${pop.lastDay}` : 'not set',
    null,
    null,
    null,
    null,
    g.percentOfPeriodElapsed === null ? null : { percent: g.percentOfPeriodElapsed },
  ]);
  return {
    name: `Budget ${index + 1} ${g.fundId}`.slice(0, 31),
    title: 'Budget versus actual',
    subject: grantSubject(g.name, g.awardReference),
    columns: [
      { header: 'Budget line', kind: 'text', width: 22 },
      { header: 'Categories', kind: 'text', width: 34 },
      { header: 'Budget (USD)', kind: 'money', width: 15 },
      { header: 'Spent in period (USD)', kind: 'money', width: 15 },
      { header: 'Spent to date (USD)', kind: 'money', width: 15 },
      { header: 'Committed (USD)', kind: 'money', width: 15 },
      { header: 'Remaining (USD)', kind: 'money', width: 15 },
    ],
    rows,
    emphasis: [rows.length - 2],
  };
}

export const grantSubject = (name: string, award: string | null) => (award ? `${name}, award ${award}` : name);

function inKindSheet(d: InKindDisclosure): StatementSheet {
  const rows: StatementValue[][] = d.rows.map((r) => [
    words(r.category),
    r.receivedCents,
    r.usedCents,
    r.monetizedCents,
    r.saleProceedsCents,
    r.writtenOffCents,
    r.onHandEndCents,
    r.restrictions,
    r.valuationTechniques.map(words).join(', ') || 'none received in the period',
  ]);
  rows.push(['Total', d.totals.receivedCents, d.totals.usedCents, d.totals.monetizedCents, d.totals.saleProceedsCents, d.totals.writtenOffCents, d.totals.onHandEndCents, null, null]);
  return {
    name: 'In-kind disclosure',
    title: 'Contributed nonfinancial assets (ASU 2020-07)',
    subject: ALL_FUNDS,
    columns: [
      { header: 'Category', kind: 'text', width: 20 },
      { header: 'Received (USD)', kind: 'money', width: 14 },
      { header: 'Used in program (USD)', kind: 'money', width: 14 },
      { header: 'Sold, at recorded value (USD)', kind: 'money', width: 14 },
      { header: 'Sale proceeds (USD)', kind: 'money', width: 14 },
      { header: 'Written off (USD)', kind: 'money', width: 14 },
      { header: 'On hand at end (USD)', kind: 'money', width: 14 },
      { header: 'Donor restrictions', kind: 'text', width: 22 },
      { header: 'Valuation technique', kind: 'text', width: 26 },
    ],
    rows,
    emphasis: [rows.length - 1],
  };
}

export interface StatementsInput {
  readonly coalition: string;
  readonly period: StatementPeriod;
  readonly generatedAt: string;
  readonly activities: StatementOfActivities;
  readonly fundPositions: FundPositions;
  readonly budgetVersusActual: readonly GrantBudget[];
  readonly inKindDisclosure: InKindDisclosure;
}

/** The sheets of the chosen statements (all four when none is named). */
export function statementsDocument(input: StatementsInput, only?: StatementKind): StatementsDocument {
  const want = (k: StatementKind) => !only || only === k;
  return {
    coalition: input.coalition,
    period: input.period,
    generatedAt: input.generatedAt,
    sheets: [
      ...(want('activities') ? [activitiesSheet(input.activities)] : []),
      ...(want('fund-positions') ? [positionsSheet(input.fundPositions)] : []),
      ...(want('budget-vs-actual') ? input.budgetVersusActual.map(budgetSheet) : []),
      ...(want('in-kind') ? [inKindSheet(input.inKindDisclosure)] : []),
    ],
  };
}

const dollars = (cents: number) => Math.round(cents) / 100;

/**
 * One clean table per CSV: the sheet's columns as the header row, then its rows, money in
 * dollars with two decimals. Several sheets (one per grant) are stacked under one header with
 * the sheet's subject in a first column, so the file stays a single table.
 */
export function statementCsvRows(doc: StatementsDocument): string[][] {
  const first = doc.sheets[0];
  if (!first) return [];
  const header = ['Statement', 'Subject', 'Period', ...first.columns.map((c) => c.header)];
  const rows = doc.sheets.flatMap((sheet) =>
    sheet.rows.map((values) => [
      sheet.title,
      sheet.subject,
      `${doc.period.from} to ${doc.period.to}`,
      ...values.map((v, i) => {
        if (v === null) return '';
        if (typeof v === 'object') return `${v.percent.toFixed(1)}%`;
        if (typeof v === 'number' && sheet.columns[i]?.kind === 'money') return dollars(v).toFixed(2);
        return String(v);
      }),
    ]),
  );
  return [header, ...rows];
}

const MONEY_FORMAT = '"$"#,##0.00;[Red]-"$"#,##0.00';
/** Text in an Excel page header: "&" starts a code there, so a literal one is doubled. */
const headerText = (text: string) => text.replace(/&/g, '&&');

/**
 * The workbook: one sheet per statement, title and subject in the first two rows and the column
 * headers in the third, all three repeated on every printed page; landscape, one page wide;
 * the page header names the coalition, the grant and award number, and the period.
 */
export async function statementsXlsx(doc: StatementsDocument): Promise<Buffer> {
  // Loaded on first use: most processes (and every test file that only imports the app) never write a workbook.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'Survivor fund statements';
  workbook.created = new Date(doc.generatedAt);
  const period = `${doc.period.from} to ${doc.period.to}`;
  for (const sheet of doc.sheets) {
    const ws = workbook.addWorksheet(sheet.name, {
      views: [{ state: 'frozen', ySplit: 3 }],
      pageSetup: {
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: '1:3',
        margins: { left: 0.4, right: 0.4, top: 0.75, bottom: 0.6, header: 0.3, footer: 0.3 },
      },
      headerFooter: {
        oddHeader: `&L${headerText(doc.coalition)}&C&B${headerText(sheet.subject)}&R${headerText(period)}`,
        oddFooter: `&L${headerText(sheet.title)}&RPage &P of &N`,
      },
    });
    sheet.columns.forEach((c, i) => {
      ws.getColumn(i + 1).width = c.width;
    });
    const title = ws.addRow([`${sheet.title}: ${doc.coalition}`]);
    title.font = { bold: true, size: 13 };
    ws.addRow([`${sheet.subject}. Period ${period} (effective dates, both included). Generated ${doc.generatedAt}.`]).font = { italic: true };
    const header = ws.addRow(sheet.columns.map((c) => c.header));
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: 'bottom' };
    header.height = 32;
    sheet.rows.forEach((values, r) => {
      const row = ws.addRow(values.map((v) => (v !== null && typeof v === 'object' ? v.percent / 100 : typeof v === 'number' ? dollars(v) : v)));
      sheet.columns.forEach((c, i) => {
        const v = values[i];
        if (v !== null && typeof v === 'object') row.getCell(i + 1).numFmt = '0.0%';
        else if (c.kind === 'money') row.getCell(i + 1).numFmt = MONEY_FORMAT;
        row.getCell(i + 1).alignment = c.kind === 'text' ? { wrapText: true, vertical: 'top' } : { vertical: 'top' };
      });
      // Neither Excel nor LibreOffice grows a row for wrapped text a program wrote: set its height
      // from the longest wrapped cell (about one character per unit of column width).
      const lines = Math.max(1, ...sheet.columns.map((c, i) => (c.kind === 'text' && typeof values[i] === 'string' ? Math.ceil((values[i] as string).length / c.width) : 1)));
      if (lines > 1) row.height = 15 * lines;
      if (sheet.emphasis.includes(r)) row.font = { bold: true };
    });
    ws.pageSetup.printArea = `A$1:${String.fromCharCode(64 + sheet.columns.length)}$${sheet.rows.length + 3}`;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
