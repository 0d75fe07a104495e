import type { SqlExecutor } from '@fund/event-sourcing';
import { fiscalQuarter, fiscalYear, semiAnnualPeriod, type Half, type Period, type Quarter } from './periods';
import { SUPPRESSION_NOTE, headings, type FunderReport, type Heading, type ReportCell, type ReportTable } from './report-model';
import { COUNTY_NOTE, loadPeriodRecords, type GroupRecords, type PeriodRecords, type SuppressionGroup } from './report-queries';
import { REPORT_TABLES, type AnyTableEntry, type ReportContext, type TableEntry, type TableSpec } from './report-tables';
import { checkThreshold, suppressGroup, type CountTable, type SuppressedTable } from './suppression';

export { requestCounty } from './report-queries';

/**
 * The funder reports: every table of the catalogue (report-tables.ts) tabulated over its
 * group's records for the period (report-queries.ts), then each group's tables through
 * suppression together before anything leaves this file.
 */

/** What a published table says about itself, ahead of its numbers. */
type About = Pick<ReportTable, 'name' | 'title' | 'description' | 'rowHeading' | 'columnHeading' | 'countOf' | 'amountOf' | 'hasMedians'>;

/** A table's counts before suppression, with what it takes to publish them. */
interface Tabulated {
  readonly about: About;
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly grid: CountTable;
  readonly durations: readonly (readonly (readonly number[])[])[];
}

/** Codes outside the vocabulary (an `unknown`) get a row or column only when they occur. */
function withExtra(codes: readonly string[], seen: Iterable<string>): string[] {
  const extra = [...new Set(seen)].filter((c) => !codes.includes(c)).sort();
  return [...codes, ...extra];
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const m = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(m * 10) / 10;
}

/** Cross-tabulates records by the spec's two dimensions; nothing here is publishable yet. */
function tabulate<R>(spec: TableSpec<R>, records: readonly R[]): Tabulated {
  const { rows: rowDimension, columns: columnDimension, measure } = spec;
  const rowOf = (record: R) => record[rowDimension.field] as string;
  const columnOf = (record: R) => record[columnDimension.field] as string;
  const valueOf = (record: R, field: keyof R | undefined, absent: number) => (field === undefined ? absent : (record[field] as number));
  const rows = withExtra(rowDimension.codes, records.map(rowOf));
  const columns = withExtra(columnDimension.codes, records.map(columnOf));
  const counts = rows.map(() => columns.map(() => 0));
  const amounts = rows.map(() => columns.map(() => 0));
  const durations = rows.map(() => columns.map((): number[] => []));
  for (const record of records) {
    const r = rows.indexOf(rowOf(record));
    const c = columns.indexOf(columnOf(record));
    counts[r]![c]! += valueOf(record, measure.count, 1);
    amounts[r]![c]! += valueOf(record, measure.amount, 0);
    if (measure.medianDays) durations[r]![c]!.push(valueOf(record, measure.medianDays, 0));
  }
  const grid: CountTable = { counts, ...(measure.amountOf ? { amounts } : {}), rowTotals: spec.totals.rows, columnTotals: spec.totals.columns };
  const about: About = {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    rowHeading: rowDimension.heading,
    columnHeading: columnDimension.heading,
    countOf: measure.countOf,
    amountOf: measure.amountOf,
    hasMedians: measure.medianDays !== undefined,
  };
  return { about, rows, columns, grid, durations };
}

/** The table as published: suppressed counts and amounts, and medians only beside a published count. */
function publish({ about, rows, columns, durations }: Tabulated, published: SuppressedTable): ReportTable {
  const withMedian = (cell: ReportCell, values: readonly number[]): ReportCell =>
    about.hasMedians ? { ...cell, medianDays: cell.suppressed || cell.count === 0 ? null : median(values) } : cell;
  const rowHeadings: Heading[] = headings(rows);
  return {
    ...about,
    columns: headings(columns),
    rows: rowHeadings.map((h, r) => ({
      ...h,
      cells: published.cells[r]!.map((cell, c) => withMedian(cell, durations[r]![c]!)),
      total: published.rowTotals?.[r] ?? null,
    })),
    columnTotals: published.columnTotals?.map((cell, c) => withMedian(cell, durations.flatMap((row) => row[c]!))) ?? null,
    grandTotal: published.grandTotal,
  };
}

/** One table on its own: its own suppression group. */
export function buildTable<R>(spec: TableSpec<R>, records: readonly R[], threshold: number): ReportTable {
  const tabulated = tabulate(spec, records);
  return publish(tabulated, suppressGroup([tabulated.grid], threshold)[0]!);
}

function specOf<G extends SuppressionGroup>(entry: TableEntry<G>, context: ReportContext): TableSpec<GroupRecords[G]> {
  return { ...entry, description: typeof entry.description === 'string' ? entry.description : entry.description(context) };
}

function tabulateEntry<G extends SuppressionGroup>(entry: AnyTableEntry<G>, records: PeriodRecords, context: ReportContext): Tabulated {
  return tabulate(specOf(entry, context), records[entry.group]);
}

/** Every table of the catalogue, in its order; the tables of a group are suppressed as one set. */
export function funderTables(records: PeriodRecords, threshold: number, context: ReportContext, catalogue: readonly AnyTableEntry[] = REPORT_TABLES): ReportTable[] {
  const tabulated = catalogue.map((entry) => tabulateEntry(entry, records, context));
  const published = new Map<number, ReportTable>();
  for (const group of new Set(catalogue.map((entry) => entry.group))) {
    const members = catalogue.flatMap((entry, i) => (entry.group === group ? [i] : []));
    const suppressed = suppressGroup(members.map((i) => tabulated[i]!.grid), threshold);
    members.forEach((i, k) => published.set(i, publish(tabulated[i]!, suppressed[k]!)));
  }
  return catalogue.map((_, i) => published.get(i)!);
}

const notes = (threshold: number, newSince: string) => [
  SUPPRESSION_NOTE(threshold),
  COUNTY_NOTE,
  'Provider type is the type of the organization that submitted the request.',
  `New survivors were first served on or after ${newSince}; continuing survivors were served before.`,
  'Voided payments are left out. Days are UTC days.',
  'No survivor reference, request id or free text appears in this report.',
];

interface ReportHeader {
  readonly report: FunderReport['report'];
  readonly title: string;
  readonly period: Period;
  readonly threshold: number;
  readonly context: ReportContext;
}

async function funderReport(db: SqlExecutor, { report, title, period, threshold, context }: ReportHeader, now: Date | undefined): Promise<FunderReport> {
  const records = await loadPeriodRecords(db, period, context.newSince.day);
  return {
    report,
    title,
    period,
    threshold,
    generatedAt: (now ?? new Date()).toISOString(),
    notes: notes(threshold, `${context.newSince.day} (${context.newSince.label})`),
    tables: funderTables(records, threshold, context),
  };
}

export interface QuarterlyReportInput {
  readonly fiscalYear: number;
  readonly quarter: Quarter;
  readonly threshold?: number;
  readonly now?: Date;
}

/** The quarterly funder report (OVC PMT periods). New survivors: first served this fiscal year. */
export async function quarterlyReport(db: SqlExecutor, input: QuarterlyReportInput): Promise<FunderReport> {
  const threshold = checkThreshold(input.threshold);
  const period = fiscalQuarter(input.fiscalYear, input.quarter);
  const fy = fiscalYear(input.fiscalYear);
  const context = { newSince: { day: fy.start, label: `the start of ${fy.label}` } };
  return funderReport(db, { report: 'quarterly', title: `Quarterly funder report, ${period.label}`, period, threshold, context }, input.now);
}

export interface SemiAnnualReportInput {
  readonly year: number;
  readonly half: Half;
  readonly threshold?: number;
  readonly now?: Date;
}

/** The semi-annual report trafficking grantees give (OVC TIMS). New survivors: first served this half-year. */
export async function semiAnnualReport(db: SqlExecutor, input: SemiAnnualReportInput): Promise<FunderReport> {
  const threshold = checkThreshold(input.threshold);
  const period = semiAnnualPeriod(input.year, input.half);
  const context = { newSince: { day: period.start, label: 'the start of the period' } };
  return funderReport(db, { report: 'semi_annual', title: `Semi-annual funder report, ${period.label}`, period, threshold, context }, input.now);
}
