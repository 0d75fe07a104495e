import { DomainError, type SqlExecutor } from '@fund/event-sourcing';
import { linkedPattern, loadSolver, cellId, marginId, GRAND_ID, type LinkedTable } from './linked-suppression';
import { dayOf, fiscalQuarter, fiscalYear, isClosed, quartersIn, semiAnnualPeriod, type Half, type Period, type Quarter } from './periods';
import { SUPPRESSION_NOTE, headings, type FunderReport, type Heading, type ReportCell, type ReportTable } from './report-model';
import { COUNTY_NOTE, loadLatticeRecords, type GroupRecords, type PeriodRecords, type SuppressionGroup } from './report-queries';
import { REPORT_TABLES, type AnyTableEntry, type ReportContext, type TableEntry, type TableSpec } from './report-tables';
import { DEFAULT_THRESHOLD, publishedTotals, resolveThreshold, suppressGroup, type CountTable, type PublishedCell, type SuppressedTable } from './suppression';

export { requestCounty } from './report-queries';

/**
 * The funder reports: every table of the catalogue (report-tables.ts) tabulated over its
 * group's records for the period (report-queries.ts), then each group's tables through
 * linked suppression together (linked-suppression.ts) before anything leaves this file.
 *
 * Periods form a lattice (periods.ts): a half-year or a year is made of quarters. A figure of a
 * longer period is hidden wherever the same figure of one of its quarters is, so every figure a
 * longer period publishes is the sum of figures its quarters publish and adds nothing a reader
 * could subtract (ADR 0009). A quarter's figures are those known at its end, so they never
 * change once it is over.
 */

/** What a published table says about itself, ahead of its numbers. */
type About = Pick<ReportTable, 'name' | 'title' | 'description' | 'rowHeading' | 'columnHeading' | 'countOf' | 'amountOf' | 'hasMedians'>;

/** A table's counts before suppression, with what it takes to publish them. */
interface Tabulated {
  readonly about: About;
  readonly rowField: string;
  readonly columnField: string;
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
  return { about, rowField: rowDimension.field, columnField: columnDimension.field, rows, columns, grid, durations };
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

/** One table on its own: its own suppression group (the per-table method, kept for the export specs). */
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

const linked = (t: Tabulated): LinkedTable => ({
  name: t.about.name,
  rowField: t.rowField,
  rowCodes: t.rows,
  columnField: t.columnField,
  columnCodes: t.columns,
  counts: t.grid.counts,
  rowTotals: t.grid.rowTotals,
  columnTotals: t.grid.columnTotals,
});

/** The table as the pattern lets it out: hidden entries say nothing, amounts go with their counts. */
function applyPattern(t: Tabulated, hidden: ReadonlySet<string>, cellsOf: string = t.about.name): SuppressedTable {
  const totals = publishedTotals(t.grid);
  const hasAmounts = t.grid.amounts !== undefined;
  const amounts = t.grid.amounts ?? t.grid.counts.map((row) => row.map(() => 0));
  const cell = (id: string, count: number, amount: number): PublishedCell =>
    hidden.has(id) ? { count: null, amountCents: null, suppressed: true } : { count, amountCents: hasAmounts ? amount : null, suppressed: false };
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const column = (grid: readonly (readonly number[])[], c: number) => grid.map((row) => row[c]!);
  return {
    cells: t.rows.map((r, i) => t.columns.map((c, j) => cell(cellId(cellsOf, r, c), t.grid.counts[i]![j]!, amounts[i]![j]!))),
    rowTotals: totals.rowTotals ? t.rows.map((r, i) => cell(marginId(t.rowField, r), sum(t.grid.counts[i]!), sum(amounts[i]!))) : null,
    columnTotals: totals.columnTotals ? t.columns.map((c, j) => cell(marginId(t.columnField, c), sum(column(t.grid.counts, j)), sum(column(amounts, j)))) : null,
    grandTotal: totals.rowTotals || totals.columnTotals ? cell(GRAND_ID, sum(t.grid.counts.map(sum)), sum(amounts.map(sum))) : null,
  };
}

/** The hidden entries of every group, at the floor and at the threshold asked for. */
export interface Patterns {
  readonly floor: ReadonlyMap<SuppressionGroup, ReadonlySet<string>>;
  readonly threshold: ReadonlyMap<SuppressionGroup, ReadonlySet<string>>;
}

const union = (...sets: (ReadonlySet<string> | undefined)[]) => new Set(sets.flatMap((s) => [...(s ?? [])]));

/**
 * Every table of the catalogue, in its order; the tables of a group are suppressed as one linked
 * set, first at the coalition's floor, then (if a higher threshold is asked for) at that
 * threshold starting from the floor's pattern, so a higher threshold only ever hides more.
 * `inherited` holds what the period's quarters hide.
 */
export async function funderTables(
  records: PeriodRecords,
  { threshold, floor }: { readonly threshold: number; readonly floor: number },
  context: ReportContext,
  inherited: readonly Patterns[] = [],
  catalogue: readonly AnyTableEntry[] = REPORT_TABLES,
): Promise<{ tables: ReportTable[]; patterns: Patterns }> {
  await loadSolver();
  const tabulated = catalogue.map((entry) => tabulateEntry(entry, records, context));
  const published = new Map<number, ReportTable>();
  const floorPatterns = new Map<SuppressionGroup, ReadonlySet<string>>();
  const thresholdPatterns = new Map<SuppressionGroup, ReadonlySet<string>>();
  for (const group of new Set(catalogue.map((entry) => entry.group))) {
    const members = catalogue.flatMap((entry, i) => (entry.group === group ? [i] : []));
    // A table that shows another's counts again (`cellsOf`) follows that table's pattern.
    const tables = members.filter((i) => catalogue[i]!.cellsOf === undefined).map((i) => linked(tabulated[i]!));
    const atFloor = linkedPattern(tables, floor, union(...inherited.map((p) => p.floor.get(group))));
    const atThreshold = threshold > floor ? linkedPattern(tables, threshold, union(atFloor, ...inherited.map((p) => p.threshold.get(group)))) : atFloor;
    floorPatterns.set(group, atFloor);
    thresholdPatterns.set(group, atThreshold);
    members.forEach((i) => published.set(i, publish(tabulated[i]!, applyPattern(tabulated[i]!, atThreshold, catalogue[i]!.cellsOf))));
  }
  return { tables: catalogue.map((_, i) => published.get(i)!), patterns: { floor: floorPatterns, threshold: thresholdPatterns } };
}

const notes = (threshold: number, newSince: string) => [
  SUPPRESSION_NOTE(threshold),
  'A half-year or a fiscal year shows a figure only where every quarter it is made of shows it, so no figure can be worked out by subtracting one report from another. A quarter is reported as known at its end, and never changes once it is over.',
  COUNTY_NOTE,
  'Provider type is the type of the organization that submitted the request.',
  `New survivors were first served on or after ${newSince}; continuing survivors were served before.`,
  'Voided payments are left out (voids recorded after a quarter ended leave that quarter as it was). Days are UTC days.',
  'No survivor reference, request id or free text appears in this report.',
];

/** Who is reading: funders see only closed periods of the lattice; coordinators and auditors also the current one. */
export interface Audience {
  readonly funderFacing: boolean;
  /** The coalition's floor (REPORT_SUPPRESSION_THRESHOLD). */
  readonly floor: number;
}

export const INTERNAL: Audience = { funderFacing: false, floor: DEFAULT_THRESHOLD };

interface ReportHeader {
  readonly report: FunderReport['report'];
  readonly title: string;
  readonly period: Period;
  readonly threshold?: number;
  readonly context: ReportContext;
  /** The query field a refusal names. */
  readonly field: string;
}

function refuseOpenPeriod(period: Period, field: string, today: string): void {
  if (isClosed(period, today)) return;
  const message = `${field}: funders see a period once it is over (${period.label} ends ${period.end}), so its figures never change after they are published`;
  throw new DomainError('VALIDATION.FAILED', message, { errors: [{ field, rule: 'closedPeriod', message }] }, 'validation');
}

/** The tables of a lattice period: each quarter first, then the period built from them. */
async function latticeTables(db: SqlExecutor, period: Period, context: ReportContext, thresholds: { threshold: number; floor: number }, catalogue: readonly AnyTableEntry[]) {
  const quarters = quartersIn(period);
  const inherited: Patterns[] = [];
  if (quarters.length > 1) {
    for (const quarter of quarters) {
      const fy = fiscalYear(fiscalQuarterFy(quarter));
      const qContext = { newSince: { day: fy.start, label: `the start of ${fy.label}` } };
      const records = await loadLatticeRecords(db, quarter, [quarter], qContext.newSince.day);
      inherited.push((await funderTables(records, thresholds, qContext, [], catalogue)).patterns);
    }
  }
  const records = await loadLatticeRecords(db, period, quarters, context.newSince.day);
  return (await funderTables(records, thresholds, context, inherited, catalogue)).tables;
}

const fiscalQuarterFy = (quarter: Period) => Number(quarter.label.slice(2, 6));

async function funderReport(db: SqlExecutor, header: ReportHeader, audience: Audience, now: Date | undefined, catalogue: readonly AnyTableEntry[] = REPORT_TABLES): Promise<FunderReport> {
  const { report, title, period, context, field } = header;
  const threshold = resolveThreshold(header.threshold, audience.floor);
  const at = now ?? new Date();
  if (audience.funderFacing) refuseOpenPeriod(period, field, dayOf(at));
  return {
    report,
    title,
    period,
    threshold,
    generatedAt: at.toISOString(),
    notes: notes(threshold, `${context.newSince.day} (${context.newSince.label})`),
    tables: await latticeTables(db, period, context, { threshold, floor: audience.floor }, catalogue),
  };
}

export interface QuarterlyReportInput {
  readonly fiscalYear: number;
  readonly quarter: Quarter;
  readonly threshold?: number;
  readonly now?: Date;
}

/** The quarterly funder report (OVC PMT periods). New survivors: first served this fiscal year. */
export async function quarterlyReport(db: SqlExecutor, input: QuarterlyReportInput, audience: Audience = INTERNAL, catalogue: readonly AnyTableEntry[] = REPORT_TABLES): Promise<FunderReport> {
  const period = fiscalQuarter(input.fiscalYear, input.quarter);
  const fy = fiscalYear(input.fiscalYear);
  const context = { newSince: { day: fy.start, label: `the start of ${fy.label}` } };
  return funderReport(db, { report: 'quarterly', title: `Quarterly funder report, ${period.label}`, period, threshold: input.threshold, context, field: 'quarter' }, audience, input.now, catalogue);
}

export interface SemiAnnualReportInput {
  readonly year: number;
  readonly half: Half;
  readonly threshold?: number;
  readonly now?: Date;
}

/** The semi-annual report trafficking grantees give (OVC TIMS). New survivors: first served this half-year. */
export async function semiAnnualReport(db: SqlExecutor, input: SemiAnnualReportInput, audience: Audience = INTERNAL): Promise<FunderReport> {
  const period = semiAnnualPeriod(input.year, input.half);
  const context = { newSince: { day: period.start, label: 'the start of the period' } };
  return funderReport(db, { report: 'semi_annual', title: `Semi-annual funder report, ${period.label}`, period, threshold: input.threshold, context, field: 'half' }, audience, input.now);
}

export interface AnnualReportInput {
  readonly fiscalYear: number;
  readonly threshold?: number;
  readonly now?: Date;
}

/** The fiscal-year report: the top of the lattice. New survivors: first served this fiscal year. */
export async function annualReport(db: SqlExecutor, input: AnnualReportInput, audience: Audience = INTERNAL, catalogue: readonly AnyTableEntry[] = REPORT_TABLES): Promise<FunderReport> {
  const period = fiscalYear(input.fiscalYear);
  const context = { newSince: { day: period.start, label: `the start of ${period.label}` } };
  return funderReport(db, { report: 'annual', title: `Annual funder report, ${period.label}`, period, threshold: input.threshold, context, field: 'fiscalYear' }, audience, input.now, catalogue);
}

/** The report of any lattice period (the fund activity statement's lines come from it). */
export async function latticeReport(db: SqlExecutor, period: Period, threshold: number | undefined, audience: Audience, now?: Date): Promise<FunderReport> {
  if (period.kind === 'fiscal_quarter') {
    const { fiscalYear: fy, quarter } = { fiscalYear: fiscalQuarterFy(period), quarter: Number(period.label.slice(-1)) as Quarter };
    return quarterlyReport(db, { fiscalYear: fy, quarter, threshold, now }, audience);
  }
  if (period.kind === 'semi_annual') return semiAnnualReport(db, { year: Number(period.start.slice(0, 4)), half: period.start.slice(5, 7) === '01' ? 1 : 2, threshold, now }, audience);
  if (period.kind === 'fiscal_year') return annualReport(db, { fiscalYear: Number(period.label.slice(2)), threshold, now }, audience);
  throw new Error(`${period.label} is not a period of the lattice`);
}

/**
 * The federal tables (issue 17, docs/reporting.md): tables of the quarterly, annual or
 * semi-annual report chosen and ordered for OVC's PMT and TIMS. They are the same published
 * tables, through the same linked suppression, so they add no figure to what a funder can read.
 */
export const FEDERAL_TABLES = {
  pmt: ['survivors_new_and_continuing', 'pmt_survivors_by_age_group', 'pmt_survivors_by_gender', 'pmt_survivors_by_victimization', 'distributed_by_category'],
  tims: ['survivors_new_and_continuing', 'survivors_by_trafficking_type_and_age', 'survivors_by_gender_and_citizenship', 'distributed_by_category'],
} as const;

const FEDERAL_NOTES = {
  pmt: [
    'OVC Performance Measurement Tool (VOCA victim assistance): individuals served, new (first served this federal fiscal year, counted once in it) and continuing; the demographics of new individuals by age group, gender and victimization type; services as the number of times provided (payments) and their amounts, by expense category. Sources and the mapping of each element: docs/reporting.md.',
    'Not collected by the fund, so not reported here: race/ethnicity and special classifications (PMT allows "not reported"); individuals per service type are not published (one person counts under several services, and those counts cannot be protected with the rest).',
  ],
  tims: [
    'OVC Trafficking Information Management System (semi-annual, January-June and July-December): clients served, new clients (first served in the half-year), adult/minor, type of trafficking, gender, citizenship group, and services (payments by expense category). Sources and the mapping of each element: docs/reporting.md.',
  ],
} as const;

export type FederalKind = keyof typeof FEDERAL_TABLES;

function federal(report: FunderReport, kind: FederalKind, title: string): FunderReport {
  const names: readonly string[] = FEDERAL_TABLES[kind];
  const byName = new Map(report.tables.map((t) => [t.name, t]));
  return {
    ...report,
    report: kind,
    title,
    notes: [...FEDERAL_NOTES[kind], ...report.notes],
    tables: names.map((name) => byName.get(name)).filter((t): t is ReportTable => t !== undefined),
  };
}

export interface PmtReportInput {
  readonly fiscalYear: number;
  /** Absent: the whole fiscal year. */
  readonly quarter?: Quarter;
  readonly threshold?: number;
  readonly now?: Date;
}

/** OVC PMT's tables for a fiscal quarter or a fiscal year. */
export async function pmtReport(db: SqlExecutor, input: PmtReportInput, audience: Audience = INTERNAL): Promise<FunderReport> {
  const full = input.quarter === undefined ? await annualReport(db, input, audience) : await quarterlyReport(db, { ...input, quarter: input.quarter }, audience);
  return federal(full, 'pmt', `OVC PMT performance measures, ${full.period.label}`);
}

/** OVC TIMS's tables for a calendar half-year. */
export async function timsReport(db: SqlExecutor, input: SemiAnnualReportInput, audience: Audience = INTERNAL): Promise<FunderReport> {
  const full = await semiAnnualReport(db, input, audience);
  return federal(full, 'tims', `OVC TIMS performance measures, ${full.period.label}`);
}
