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

export interface ExportDocument {
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

function aboutLines(report: { readonly title: string; readonly period: { readonly label: string; readonly start: string; readonly end: string }; readonly threshold: number; readonly generatedAt: string; readonly notes: readonly string[] }) {
  return [
    ['Report', report.title],
    ['Period', `${report.period.label} (${report.period.start} to ${report.period.end})`],
    ['Period start', report.period.start],
    ['Period end', report.period.end],
    ['Suppression threshold', `${report.threshold}: counts from 1 to ${report.threshold - 1} are suppressed`],
    ['Generated at', report.generatedAt],
    ...report.notes.map((note) => ['Note', note] as const),
  ] as const;
}

export function reportDocument(report: FunderReport): ExportDocument {
  const federal = report.report === 'pmt' || report.report === 'tims';
  const stem = federal
    ? `${report.report}-${report.period.label.replace(/\s+/g, '-')}`
    : report.report === 'quarterly'
      ? `quarterly-report-${report.period.label.replace(/\s+/g, '-')}`
      : report.report === 'annual'
        ? `annual-report-${report.period.label}`
        : `semi-annual-report-${report.period.start.slice(0, 4)}-H${report.period.start.slice(5, 7) === '01' ? 1 : 2}`;
  return {
    title: report.title,
    about: aboutLines(report),
    sheets: report.tables.map(tableSheet),
    filename: stem,
  };
}

export function statementDocument(statement: FundActivityStatement): ExportDocument {
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
  return {
    title: statement.title,
    about: aboutLines({ ...statement, period: { ...statement.period, label: 'Fund activity' } }),
    sheets: [
      { name: 'Statement', title: 'Fund activity statement', description: 'Money in and out of all funds over the period.', columns, rows: statementRows },
      { name: 'In-kind memo', title: 'In-kind goods and cards (memo)', description: 'At recorded values; not part of the money balance.', columns, rows: memoRows },
    ],
    filename: `fund-activity-${statement.period.start}-to-${statement.period.end}`,
  };
}
