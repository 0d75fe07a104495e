import type { FundActivityStatement, StatementLine } from '../fund-activity';
import type { FunderReport, ReportCell, ReportTable } from '../report-model';
import { sheetOf } from '../report-tables';

/**
 * What a file export holds, independent of its format: the statement of period and threshold,
 * then one sheet per table. Built only from a published report or statement, so an export can
 * never show more than the JSON of the same report does.
 */
export type ColumnKind = 'text' | 'count' | 'money' | 'days';

export interface ExportColumn {
  readonly header: string;
  readonly kind: ColumnKind;
}

/** A number, a label, `SUPPRESSED`, or null for "not applicable" (blank). */
export type ExportValue = string | number | null;

export const SUPPRESSED = 'suppressed';

export interface ExportSheet {
  /** At most 31 characters, unique in the document (a workbook's rule). */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly columns: readonly ExportColumn[];
  readonly rows: readonly (readonly ExportValue[])[];
}

/** Who publishes and for what: printed at the top of every page. */
export interface ExportHeader {
  /** The coalition's name (COALITION_NAME). */
  readonly coalition: string;
  /** The grant and award number the reader asked to print, if any. */
  readonly award: string | null;
  /** The period in words, with its dates. */
  readonly period: string;
  readonly threshold: number;
}

/**
 * One published figure in long ("tidy") form: one line per number, suppressed ones marked and
 * empty, so a grants manager can filter and pivot without reading a layout.
 */
export interface ExportFigure {
  readonly table: string;
  readonly rowKey: string;
  readonly rowLabel: string;
  readonly columnKey: string;
  readonly columnLabel: string;
  /** `count`, `amount_usd`, `median_days`. */
  readonly measure: string;
  readonly value: number | null;
  readonly suppressed: boolean;
}

export interface ExportDocument {
  readonly header: ExportHeader;
  readonly figures: readonly ExportFigure[];
  readonly title: string;
  /** Label / value lines: period, threshold, generated at, notes. */
  readonly about: readonly (readonly [string, string])[];
  readonly sheets: readonly ExportSheet[];
  /** Without extension; safe for a Content-Disposition header. */
  readonly filename: string;
}

/** Dollars for people: cents are exact integers, a sheet shows two decimals. */
export const dollars = (cents: number) => Math.round(cents) / 100;
/** A statement figure: dollars, or `suppressed` where a funder's statement leaves it out. */
const money = (cents: number | null): ExportValue => (cents === null ? SUPPRESSED : dollars(cents));

function cellValues(cell: ReportCell | null, table: ReportTable): ExportValue[] {
  const hidden = cell?.suppressed ?? false;
  const out: ExportValue[] = [hidden ? SUPPRESSED : (cell?.count ?? null)];
  if (table.amountOf) out.push(hidden ? SUPPRESSED : cell?.amountCents === null || cell?.amountCents === undefined ? null : dollars(cell.amountCents));
  if (table.hasMedians) out.push(hidden ? SUPPRESSED : (cell?.medianDays ?? null));
  return out;
}

function headersFor(label: string, table: ReportTable): ExportColumn[] {
  return [
    { header: `${label}: ${table.countOf}`, kind: 'count' },
    ...(table.amountOf ? [{ header: `${label}: ${table.amountOf} (USD)`, kind: 'money' as const }] : []),
    ...(table.hasMedians ? [{ header: `${label}: median days`, kind: 'days' as const }] : []),
  ];
}

export function tableSheet(table: ReportTable, index: number): ExportSheet {
  const hasRowTotals = table.rows.some((r) => r.total !== null);
  const columns: ExportColumn[] = [
    { header: table.rowHeading, kind: 'text' },
    ...table.columns.flatMap((c) => headersFor(c.label, table)),
    ...(hasRowTotals ? headersFor('Total', table) : []),
  ];
  const rows: ExportValue[][] = table.rows.map((row) => [
    row.label,
    ...row.cells.flatMap((cell) => cellValues(cell, table)),
    ...(hasRowTotals ? cellValues(row.total, table) : []),
  ]);
  if (table.columnTotals) {
    rows.push(['Total', ...table.columnTotals.flatMap((cell) => cellValues(cell, table)), ...(hasRowTotals ? cellValues(table.grandTotal, table) : [])]);
  }
  return { name: sheetOf(table.name) ?? `Table ${index + 1}`, title: table.title, description: table.description, columns, rows };
}

function aboutLines(
  report: { readonly title: string; readonly period: { readonly label: string; readonly start: string; readonly end: string }; readonly threshold: number; readonly generatedAt: string; readonly notes: readonly string[] },
  publisher: Publisher,
) {
  return [
    ['Published by', publisher.coalition],
    ...(publisher.award ? [['Grant and award number', publisher.award] as const] : []),
    ['Report', report.title],
    ['Period', `${report.period.label} (${report.period.start} to ${report.period.end})`],
    ['Period start', report.period.start],
    ['Period end', report.period.end],
    ['Suppression threshold', `${report.threshold}: counts from 1 to ${report.threshold - 1} are suppressed`],
    ['Generated at', report.generatedAt],
    ...report.notes.map((note) => ['Note', note] as const),
  ] as const;
}

/** What the exporting route knows beyond the report: the coalition, and the award the reader names. */
export interface Publisher {
  readonly coalition: string;
  readonly award?: string | null;
}

const DEFAULT_PUBLISHER: Publisher = { coalition: 'Survivor support fund coalition' };

function headerOf(report: { readonly period: { readonly label: string; readonly start: string; readonly end: string }; readonly threshold: number }, publisher: Publisher): ExportHeader {
  return { coalition: publisher.coalition, award: publisher.award ?? null, period: `${report.period.label} (${report.period.start} to ${report.period.end})`, threshold: report.threshold };
}

function tableFigures(table: ReportTable): ExportFigure[] {
  const out: ExportFigure[] = [];
  const push = (rowKey: string, rowLabel: string, columnKey: string, columnLabel: string, cell: ReportCell | null) => {
    if (!cell) return;
    const base = { table: table.name, rowKey, rowLabel, columnKey, columnLabel, suppressed: cell.suppressed };
    out.push({ ...base, measure: 'count', value: cell.suppressed ? null : cell.count });
    if (table.amountOf) out.push({ ...base, measure: 'amount_usd', value: cell.suppressed || cell.amountCents === null ? null : dollars(cell.amountCents) });
    if (table.hasMedians) out.push({ ...base, measure: 'median_days', value: cell.suppressed ? null : (cell.medianDays ?? null) });
  };
  for (const row of table.rows) {
    row.cells.forEach((cell, c) => push(row.key, row.label, table.columns[c]!.key, table.columns[c]!.label, cell));
    push(row.key, row.label, 'total', 'Total', row.total);
  }
  table.columnTotals?.forEach((cell, c) => push('total', 'Total', table.columns[c]!.key, table.columns[c]!.label, cell));
  push('total', 'Total', 'total', 'Total', table.grandTotal);
  return out;
}

export function reportDocument(report: FunderReport, publisher: Publisher = DEFAULT_PUBLISHER): ExportDocument {
  const federal = report.report === 'pmt' || report.report === 'tims';
  const stem = federal || report.report === 'statewide'
    ? `${report.report}-${report.period.label.replace(/\s+/g, '-')}`
    : report.report === 'quarterly'
      ? `quarterly-report-${report.period.label.replace(/\s+/g, '-')}`
      : report.report === 'annual'
        ? `annual-report-${report.period.label}`
        : `semi-annual-report-${report.period.start.slice(0, 4)}-H${report.period.start.slice(5, 7) === '01' ? 1 : 2}`;
  return {
    header: headerOf(report, publisher),
    figures: report.tables.flatMap(tableFigures),
    title: report.title,
    about: aboutLines(report, publisher),
    sheets: report.tables.map(tableSheet),
    filename: stem,
  };
}

export function statementDocument(statement: FundActivityStatement, publisher: Publisher = DEFAULT_PUBLISHER): ExportDocument {
  const columns: ExportColumn[] = [
    { header: 'Line', kind: 'text' },
    { header: 'Count', kind: 'count' },
    { header: 'Amount (USD)', kind: 'money' },
  ];
  const line = (l: StatementLine, indent = '  '): ExportValue[] => [`${indent}${l.label}`, l.count ?? (l.amountCents === null ? SUPPRESSED : null), money(l.amountCents)];
  const statementRows: ExportValue[][] = [
    ['Opening balance', null, money(statement.openingBalanceCents)],
    ['Donations received (money), by donor kind', null, null],
    ...statement.donations.map((l) => line(l)),
    ['Total donations received', null, money(statement.donationsCents)],
    ['Disbursements (money), by expense category', null, null],
    ...statement.disbursements.map((l) => line(l)),
    ['Total disbursements', null, money(statement.disbursementsCents)],
    ['Voided payments returned to the fund', null, money(statement.voidsReturnedCents)],
    ['Closing balance', null, money(statement.closingBalanceCents)],
    ['Commitments outstanding at period end', null, money(statement.commitmentsOutstandingCents)],
    ['Available (closing balance less commitments)', null, money(statement.availableCents)],
  ];
  const memoRows: ExportValue[][] = [
    ['In-kind donations received, by category', null, null],
    ...statement.inKind.received.map((l) => line(l)),
    ['Total in-kind received', null, money(statement.inKind.receivedCents)],
    ['In-kind distributed, by category', null, null],
    ...statement.inKind.distributed.map((l) => line(l)),
    ['Total in-kind distributed', null, money(statement.inKind.distributedCents)],
    ['In-kind written off (lost, expired, damaged)', null, money(statement.inKind.writtenOffCents)],
  ];
  const lineFigures = (section: string, lines: readonly StatementLine[]): ExportFigure[] =>
    lines.flatMap((l) => {
      const base = { table: 'fund_activity', rowKey: `${section}:${l.key}`, rowLabel: l.label, columnKey: section, columnLabel: section.replace(/_/g, ' '), suppressed: l.amountCents === null };
      return [
        { ...base, measure: 'count', value: l.count },
        { ...base, measure: 'amount_usd', value: l.amountCents === null ? null : dollars(l.amountCents) },
      ];
    });
  const period = { ...statement.period, label: 'Fund activity' };
  return {
    header: headerOf({ ...statement, period }, publisher),
    figures: [
      ...lineFigures('donations', statement.donations),
      ...lineFigures('disbursements', statement.disbursements),
      ...lineFigures('in_kind_received', statement.inKind.received),
      ...lineFigures('in_kind_distributed', statement.inKind.distributed),
    ],
    title: statement.title,
    about: aboutLines({ ...statement, period }, publisher),
    sheets: [
      { name: 'Statement', title: 'Fund activity statement', description: 'Money in and out of all funds over the period.', columns, rows: statementRows },
      { name: 'In-kind memo', title: 'In-kind goods and cards (memo)', description: 'At recorded values; not part of the money balance.', columns, rows: memoRows },
    ],
    filename: `fund-activity-${statement.period.start}-to-${statement.period.end}`,
  };
}
