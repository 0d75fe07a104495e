import type { SqlExecutor } from '@fund/event-sourcing';
import { DONOR_KINDS } from '@fund/donations';
import { CITIZENSHIP, GENDERS, PAYMENT_METHODS, URGENCIES } from '@fund/fund-requests';
import { STOCK_CATEGORIES } from '@fund/inventory';
import { COUNTIES, PROVIDER_TYPES } from '@fund/organizations';
import { EXPENSE_CATEGORIES } from '@fund/protocols';
import { addDays, fiscalQuarter, fiscalYear, semiAnnualPeriod, startOfDay, type Half, type Period, type Quarter } from './periods';
import { SUPPRESSION_NOTE, headings, type FunderReport, type Heading, type ReportCell, type ReportTable } from './report-model';
import { checkThreshold, suppressTable } from './suppression';

/**
 * The funder reports, computed from the anonymized reporting tables (never from events). Rows
 * are loaded for one period and cross-tabulated here; every table then goes through
 * suppression before anything leaves this file.
 */

const OUTCOMES = ['approved', 'denied', 'withdrawn', 'expired', 'pending'] as const;
const SOURCES = ['money', 'in_kind'] as const;
const TRAFFICKING_TYPES = ['sex', 'labor', 'both', 'unknown'] as const;
const AGE_GROUPS = ['adult', 'minor', 'unknown'] as const;
const SURVIVOR_STATUS = ['new', 'continuing'] as const;
const TIMINGS = ['request_to_decision', 'decision_to_payment'] as const;
const STOCK_FLOWS = ['received', 'distributed', 'written_off'] as const;

const DAY_MS = 24 * 3600 * 1000;

/** Database numbers arrive as number, string (pg bigint) or bigint (PGlite): one conversion. */
export function num(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint' || typeof value === 'string') return Number(value);
  return 0;
}

export function time(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const t = value instanceof Date ? value.getTime() : Date.parse(String(value));
  return Number.isNaN(t) ? null : t;
}

/**
 * A timestamp column read as epoch milliseconds (a float8, which `time` takes as is): the report
 * reads tens of thousands of rows at a time, and parsing each timestamptz into a Date took a
 * third of its time. The stored instants have millisecond precision, so nothing is lost.
 */
const epochMs = (column: string, as = column.replace(/^\w+\./, '')) => `(extract(epoch from ${column}) * 1000)::float8 AS ${as}`;

/** Which county a request counts in: see `requestCounty`. */
export const COUNTY_NOTE =
  "County is the survivor's county when the advocate recorded one, otherwise the county of the submitting organization.";

/**
 * The survivor's county when the advocate recorded one (that is where the need is); otherwise
 * the submitting organization's county (where the help was given), so that every request counts
 * in some county and "unknown" means neither is known.
 */
export function requestCounty(demographicCounty: string, organizationCounty: string | null): string {
  if (demographicCounty !== 'not_collected' && demographicCounty !== 'unknown') return demographicCounty;
  return organizationCounty ?? 'unknown';
}

interface Spec<R> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly rowHeading: string;
  readonly columnHeading: string;
  readonly countOf: string;
  readonly amountOf: string | null;
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly rowOf: (record: R) => string;
  readonly columnOf: (record: R) => string;
  readonly amountOfRecord?: (record: R) => number;
  /** How much one record adds to its count (units of stock); 1 when not given. */
  readonly countOfRecord?: (record: R) => number;
  /** Rows of a total that means something (a row of outcomes does; received vs written off doesn't). */
  readonly rowTotals: boolean;
  readonly columnTotals: boolean;
  /** Timeliness: the durations (days) whose median each cell reports. */
  readonly durationOf?: (record: R) => number;
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

export function buildTable<R>(spec: Spec<R>, records: readonly R[], threshold: number): ReportTable {
  const rows = withExtra(spec.rows, records.map(spec.rowOf));
  const columns = withExtra(spec.columns, records.map(spec.columnOf));
  const counts = rows.map(() => columns.map(() => 0));
  const amounts = rows.map(() => columns.map(() => 0));
  const durations = rows.map(() => columns.map((): number[] => []));
  for (const record of records) {
    const r = rows.indexOf(spec.rowOf(record));
    const c = columns.indexOf(spec.columnOf(record));
    counts[r]![c]! += spec.countOfRecord?.(record) ?? 1;
    amounts[r]![c]! += spec.amountOfRecord?.(record) ?? 0;
    if (spec.durationOf) durations[r]![c]!.push(spec.durationOf(record));
  }
  const published = suppressTable(
    { counts, ...(spec.amountOf ? { amounts } : {}), rowTotals: spec.rowTotals, columnTotals: spec.columnTotals },
    threshold,
  );
  // A median is published only beside a published count of at least the threshold.
  const withMedian = (cell: ReportCell, values: readonly number[]): ReportCell =>
    spec.durationOf ? { ...cell, medianDays: cell.suppressed || cell.count === 0 ? null : median(values) } : cell;
  const rowHeadings: Heading[] = headings(rows);
  return {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    rowHeading: spec.rowHeading,
    columnHeading: spec.columnHeading,
    countOf: spec.countOf,
    amountOf: spec.amountOf,
    hasMedians: spec.durationOf !== undefined,
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

interface RequestRecord {
  readonly submittedAt: number;
  readonly category: string;
  readonly requestedCents: number;
  readonly urgency: string;
  readonly outcome: (typeof OUTCOMES)[number];
  readonly providerType: string;
  readonly county: string;
}

interface PaymentRecord {
  readonly survivorKey: string;
  readonly paidAt: number;
  readonly amountCents: number;
  readonly source: (typeof SOURCES)[number];
  readonly paymentMethod: string;
  readonly category: string;
  readonly submittedAt: number;
  readonly traffickingType: string;
  readonly ageGroup: string;
  readonly citizenship: string;
  readonly gender: string;
  readonly providerType: string;
  readonly county: string;
  readonly firstServedAt: number | null;
}

interface SurvivorRecord {
  readonly status: (typeof SURVIVOR_STATUS)[number];
  readonly traffickingType: string;
  readonly ageGroup: string;
  readonly citizenship: string;
  readonly gender: string;
  readonly amountCents: number;
}

interface TimingRecord {
  readonly urgency: string;
  readonly timing: (typeof TIMINGS)[number];
  readonly days: number;
}

interface DonationRecord {
  readonly donorKind: string;
  readonly donationKind: string;
  readonly amountCents: number;
}

interface StockRecord {
  readonly flow: (typeof STOCK_FLOWS)[number];
  readonly category: string;
  readonly units: number;
  readonly valueCents: number;
}

/** The outcome a request had reached by the end of the period (reproducible later). */
function outcomeAt(row: { decided_at: unknown; outcome: unknown; ended_at: unknown; end_reason: unknown }, endExclusive: number): RequestRecord['outcome'] {
  const ended = time(row.ended_at);
  if (ended !== null && ended < endExclusive && (row.end_reason === 'withdrawn' || row.end_reason === 'expired')) return row.end_reason;
  const decided = time(row.decided_at);
  if (decided !== null && decided < endExclusive && (row.outcome === 'approved' || row.outcome === 'denied')) return row.outcome;
  return 'pending';
}

interface PeriodData {
  readonly requests: RequestRecord[];
  readonly payments: PaymentRecord[];
  readonly timings: TimingRecord[];
  readonly donations: DonationRecord[];
  readonly stock: StockRecord[];
}

async function load(db: SqlExecutor, period: Period): Promise<PeriodData> {
  const from = startOfDay(period.start);
  const to = startOfDay(addDays(period.end, 1));
  const endExclusive = to.getTime();

  const requestRows = await db.query<Record<string, unknown>>(
    `SELECT ${epochMs('r.submitted_at')}, r.category, r.requested_cents, r.urgency, r.demographic_county, ${epochMs('r.decided_at')}, r.outcome,
            ${epochMs('r.ended_at')}, r.end_reason, o.provider_type, o.county AS org_county
       FROM reporting_requests r LEFT JOIN reporting_organizations o ON o.org_key = r.org_key
      WHERE r.submitted_at >= $1 AND r.submitted_at < $2`,
    [from.toISOString(), to.toISOString()],
  );
  const requests = requestRows.rows.map(
    (row): RequestRecord => ({
      submittedAt: time(row.submitted_at) ?? 0,
      category: String(row.category),
      requestedCents: num(row.requested_cents),
      urgency: String(row.urgency),
      outcome: outcomeAt(row as Parameters<typeof outcomeAt>[0], endExclusive),
      providerType: typeof row.provider_type === 'string' ? row.provider_type : 'unknown',
      county: requestCounty(String(row.demographic_county), typeof row.org_county === 'string' ? row.org_county : null),
    }),
  );

  // Voided payments never reached anyone: they are left out wherever they fall.
  const paymentRows = await db.query<Record<string, unknown>>(
    `SELECT ${epochMs('p.paid_at')}, p.amount_cents, p.source, p.payment_method, r.survivor_key, r.category, ${epochMs('r.submitted_at')},
            r.trafficking_type, r.age_group, r.citizenship, r.gender, r.demographic_county, o.provider_type, o.county AS org_county,
            ${epochMs('s.first_served_at')}
       FROM reporting_payments p
       JOIN reporting_requests r ON r.request_key = p.request_key
       LEFT JOIN reporting_organizations o ON o.org_key = r.org_key
       LEFT JOIN reporting_survivors s ON s.survivor_key = r.survivor_key
      WHERE p.voided_at IS NULL AND p.paid_at >= $1 AND p.paid_at < $2`,
    [from.toISOString(), to.toISOString()],
  );
  const payments = paymentRows.rows.map(
    (row): PaymentRecord => ({
      survivorKey: String(row.survivor_key),
      paidAt: time(row.paid_at) ?? 0,
      amountCents: num(row.amount_cents),
      source: row.source === 'stock' ? 'in_kind' : 'money',
      paymentMethod: String(row.payment_method),
      category: String(row.category),
      submittedAt: time(row.submitted_at) ?? 0,
      traffickingType: String(row.trafficking_type),
      ageGroup: String(row.age_group),
      citizenship: String(row.citizenship),
      gender: String(row.gender),
      providerType: typeof row.provider_type === 'string' ? row.provider_type : 'unknown',
      county: requestCounty(String(row.demographic_county), typeof row.org_county === 'string' ? row.org_county : null),
      firstServedAt: time(row.first_served_at),
    }),
  );

  const decided = await db.query<Record<string, unknown>>(
    `SELECT urgency, ${epochMs('submitted_at')}, ${epochMs('decided_at')} FROM reporting_requests WHERE decided_at >= $1 AND decided_at < $2`,
    [from.toISOString(), to.toISOString()],
  );
  // first_paid_at is the first payment not voided, kept by the projection (see reporting.projection.ts).
  const firstPaid = await db.query<Record<string, unknown>>(
    `SELECT urgency, ${epochMs('decided_at')}, ${epochMs('first_paid_at')} FROM reporting_requests
      WHERE decided_at IS NOT NULL AND first_paid_at >= $1 AND first_paid_at < $2`,
    [from.toISOString(), to.toISOString()],
  );
  const days = (a: unknown, b: unknown) => Math.max(0, ((time(b) ?? 0) - (time(a) ?? 0)) / DAY_MS);
  const timings: TimingRecord[] = [
    ...decided.rows.map((row): TimingRecord => ({ urgency: String(row.urgency), timing: 'request_to_decision', days: days(row.submitted_at, row.decided_at) })),
    ...firstPaid.rows.map((row): TimingRecord => ({ urgency: String(row.urgency), timing: 'decision_to_payment', days: days(row.decided_at, row.first_paid_at) })),
  ];

  const donationRows = await db.query<Record<string, unknown>>(
    `SELECT donation_key, donation_kind, donor_kind, SUM(amount_cents) AS amount_cents
       FROM reporting_donations WHERE received_on >= $1::date AND received_on <= $2::date
      GROUP BY donation_key, donation_kind, donor_kind`,
    [period.start, period.end],
  );
  const donations = donationRows.rows.map(
    (row): DonationRecord => ({ donorKind: String(row.donor_kind), donationKind: String(row.donation_kind), amountCents: num(row.amount_cents) }),
  );

  const received = await db.query<Record<string, unknown>>(
    `SELECT category, quantity, amount_cents FROM reporting_donations
      WHERE donation_kind = 'in_kind' AND received_on >= $1::date AND received_on <= $2::date`,
    [period.start, period.end],
  );
  const moved = await db.query<Record<string, unknown>>(
    `SELECT m.movement, m.quantity, i.category, i.unit_value_cents
       FROM reporting_stock_movements m JOIN reporting_stock_items i ON i.item_key = m.item_key
      WHERE m.occurred_on >= $1::date AND m.occurred_on <= $2::date`,
    [period.start, period.end],
  );
  const stock: StockRecord[] = [
    ...received.rows.map((row): StockRecord => ({ flow: 'received', category: String(row.category), units: num(row.quantity), valueCents: num(row.amount_cents) })),
    ...moved.rows.map(
      (row): StockRecord => ({
        flow: row.movement === 'issued' ? 'distributed' : 'written_off',
        category: String(row.category),
        units: num(row.quantity),
        valueCents: num(row.quantity) * num(row.unit_value_cents),
      }),
    ),
  ];
  return { requests, payments, timings, donations, stock };
}

/**
 * One record per survivor served in the period: the demographics of their most recent request
 * among those paid, and new if their first ever (not voided) payment is on or after `newSince`.
 */
function survivorsServed(payments: readonly PaymentRecord[], newSince: number): SurvivorRecord[] {
  const bySurvivor = new Map<string, PaymentRecord[]>();
  for (const p of payments) bySurvivor.set(p.survivorKey, [...(bySurvivor.get(p.survivorKey) ?? []), p]);
  return [...bySurvivor.values()].map((list) => {
    const latest = list.reduce((a, b) => (b.submittedAt > a.submittedAt ? b : a));
    const first = latest.firstServedAt ?? Math.min(...list.map((p) => p.paidAt));
    return {
      status: first >= newSince ? 'new' : 'continuing',
      traffickingType: latest.traffickingType,
      ageGroup: latest.ageGroup,
      citizenship: latest.citizenship,
      gender: latest.gender,
      amountCents: list.reduce((sum, p) => sum + p.amountCents, 0),
    };
  });
}

/** Builds every table of a funder report, each through suppression. */
function funderTables(data: PeriodData, threshold: number, newSince: { day: string; label: string }): ReportTable[] {
  const outcomeTable = (name: string, title: string, rowHeading: string, rows: readonly string[], rowOf: (r: RequestRecord) => string) =>
    buildTable<RequestRecord>(
      {
        name,
        title,
        description: 'Requests submitted in the period, by the outcome they had reached at the end of the period. Amounts are the amounts requested.',
        rowHeading,
        columnHeading: 'Outcome at period end',
        countOf: 'requests',
        amountOf: 'amount requested',
        rows,
        columns: OUTCOMES,
        rowOf,
        columnOf: (r) => r.outcome,
        amountOfRecord: (r) => r.requestedCents,
        rowTotals: true,
        columnTotals: true,
      },
      data.requests,
      threshold,
    );
  const paymentTable = (
    name: string,
    title: string,
    rowHeading: string,
    rows: readonly string[],
    rowOf: (p: PaymentRecord) => string,
    columnHeading: string,
    columns: readonly string[],
    columnOf: (p: PaymentRecord) => string,
  ) =>
    buildTable<PaymentRecord>(
      {
        name,
        title,
        description: 'Payments made in the period (money and in-kind goods handed over), leaving out voided payments.',
        rowHeading,
        columnHeading,
        countOf: 'payments',
        amountOf: 'amount disbursed',
        rows,
        columns,
        rowOf,
        columnOf,
        amountOfRecord: (p) => p.amountCents,
        rowTotals: true,
        columnTotals: true,
      },
      data.payments,
      threshold,
    );
  const survivors = survivorsServed(data.payments, startOfDay(newSince.day).getTime());
  const survivorTable = (
    name: string,
    title: string,
    rowHeading: string,
    rows: readonly string[],
    rowOf: (s: SurvivorRecord) => string,
    columnHeading: string,
    columns: readonly string[],
    columnOf: (s: SurvivorRecord) => string,
    description: string,
  ) =>
    buildTable<SurvivorRecord>(
      {
        name,
        title,
        description,
        rowHeading,
        columnHeading,
        countOf: 'survivors',
        amountOf: 'amount disbursed to them',
        rows,
        columns,
        rowOf,
        columnOf,
        amountOfRecord: (s) => s.amountCents,
        rowTotals: true,
        columnTotals: true,
      },
      survivors,
      threshold,
    );
  const served = 'Distinct survivor references served (at least one payment in the period, not voided), by the demographics of their latest request.';

  return [
    outcomeTable('requests_by_category', 'Requests by expense category', 'Expense category', EXPENSE_CATEGORIES, (r) => r.category),
    outcomeTable('requests_by_provider_type', 'Requests by provider type', 'Provider type', PROVIDER_TYPES, (r) => r.providerType),
    outcomeTable('requests_by_county', 'Requests by county', 'County', COUNTIES, (r) => r.county),
    paymentTable(
      'disbursements_by_category_payment_method',
      'Disbursements by expense category and payment method',
      'Expense category',
      EXPENSE_CATEGORIES,
      (p) => p.category,
      'Payment method',
      PAYMENT_METHODS,
      (p) => p.paymentMethod,
    ),
    paymentTable('disbursements_by_provider_type', 'Disbursements by provider type', 'Provider type', PROVIDER_TYPES, (p) => p.providerType, 'Source', SOURCES, (p) => p.source),
    paymentTable('disbursements_by_county', 'Disbursements by county', 'County', COUNTIES, (p) => p.county, 'Source', SOURCES, (p) => p.source),
    survivorTable(
      'survivors_by_trafficking_type_and_age',
      'Survivors served by trafficking type and adult/minor',
      'Trafficking type',
      TRAFFICKING_TYPES,
      (s) => s.traffickingType,
      'Adult / minor',
      AGE_GROUPS,
      (s) => s.ageGroup,
      `${served} "Unknown" includes not collected.`,
    ),
    survivorTable(
      'survivors_new_and_continuing',
      'Survivors served: new and continuing',
      'Survivor',
      SURVIVOR_STATUS,
      (s) => s.status,
      'Adult / minor',
      AGE_GROUPS,
      (s) => s.ageGroup,
      `${served} New: first served on or after ${newSince.day} (${newSince.label}); continuing: first served before.`,
    ),
    survivorTable(
      'survivors_by_gender_and_citizenship',
      'Survivors served by gender and citizenship',
      'Gender',
      GENDERS,
      (s) => s.gender,
      'Citizenship',
      CITIZENSHIP,
      (s) => s.citizenship,
      served,
    ),
    buildTable<TimingRecord>(
      {
        name: 'time_to_decision_and_payment',
        title: 'Median time from request to decision and from decision to first payment',
        description:
          'Decisions (approvals and denials) made in the period, timed from submission; requests first paid in the period, timed from their decision. Medians in days; a median is shown only with a published count.',
        rowHeading: 'Urgency',
        columnHeading: 'Interval',
        countOf: 'requests',
        amountOf: null,
        rows: URGENCIES,
        columns: TIMINGS,
        rowOf: (t) => t.urgency,
        columnOf: (t) => t.timing,
        durationOf: (t) => t.days,
        rowTotals: false,
        columnTotals: true,
      },
      data.timings,
      threshold,
    ),
    buildTable<DonationRecord>(
      {
        name: 'donations_received',
        title: 'Donations received by donor kind',
        description: 'Donations received in the period (by the date received). In-kind donations are valued at their recorded unit values.',
        rowHeading: 'Donor kind',
        columnHeading: 'Donation',
        countOf: 'donations',
        amountOf: 'value received',
        rows: DONOR_KINDS,
        columns: ['monetary', 'in_kind'],
        rowOf: (d) => d.donorKind,
        columnOf: (d) => d.donationKind,
        amountOfRecord: (d) => d.amountCents,
        rowTotals: true,
        columnTotals: true,
      },
      data.donations,
      threshold,
    ),
    paymentTable(
      'distributed_by_category',
      'Distributed by expense category: money and in-kind',
      'Expense category',
      EXPENSE_CATEGORIES,
      (p) => p.category,
      'Source',
      SOURCES,
      (p) => p.source,
    ),
    buildTable<StockRecord>(
      {
        name: 'in_kind_by_category',
        title: 'In-kind goods by category: received, distributed, written off',
        description: 'Units of donated goods and cards received (by date received), handed over to requests, and written off (lost, expired, damaged) in the period. Values are units times unit value.',
        rowHeading: 'Category',
        columnHeading: 'Movement',
        countOf: 'units',
        amountOf: 'value',
        rows: STOCK_CATEGORIES,
        columns: STOCK_FLOWS,
        rowOf: (s) => s.category,
        columnOf: (s) => s.flow,
        amountOfRecord: (s) => s.valueCents,
        countOfRecord: (s) => s.units,
        rowTotals: false,
        columnTotals: true,
      },
      data.stock,
      threshold,
    ),
  ];
}

const notes = (threshold: number, newSince: string) => [
  SUPPRESSION_NOTE(threshold),
  COUNTY_NOTE,
  'Provider type is the type of the organization that submitted the request.',
  `New survivors were first served on or after ${newSince}; continuing survivors were served before.`,
  'Voided payments are left out. Days are UTC days.',
  'No survivor reference, request id or free text appears in this report.',
];

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
  const data = await load(db, period);
  return {
    report: 'quarterly',
    title: `Quarterly funder report, ${period.label}`,
    period,
    threshold,
    generatedAt: (input.now ?? new Date()).toISOString(),
    notes: notes(threshold, `${fy.start} (the start of ${fy.label})`),
    tables: funderTables(data, threshold, { day: fy.start, label: `the start of ${fy.label}` }),
  };
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
  const data = await load(db, period);
  return {
    report: 'semi_annual',
    title: `Semi-annual funder report, ${period.label}`,
    period,
    threshold,
    generatedAt: (input.now ?? new Date()).toISOString(),
    notes: notes(threshold, `${period.start} (the start of the period)`),
    tables: funderTables(data, threshold, { day: period.start, label: 'the start of the period' }),
  };
}
