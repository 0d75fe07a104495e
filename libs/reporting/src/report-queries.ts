import type { SqlExecutor } from '@fund/event-sourcing';
import { addDays, startOfDay, type Period } from './periods';

/**
 * What the funder tables count, read for one period from the anonymized reporting tables (never
 * from events). Each population below is one suppression group of the catalogue
 * (report-tables.ts): every table of a group is a cross-tabulation of the same records, so the
 * tables share margins and are protected together.
 */

export const OUTCOMES = ['approved', 'denied', 'withdrawn', 'expired', 'pending'] as const;
export const SOURCES = ['money', 'in_kind'] as const;
export const SURVIVOR_STATUS = ['new', 'continuing'] as const;
export const TIMINGS = ['request_to_decision', 'decision_to_payment'] as const;
export const STOCK_FLOWS = ['received', 'distributed', 'written_off'] as const;
export const DONATION_KINDS = ['monetary', 'in_kind'] as const;

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

/** A request submitted in the period. */
export interface RequestRecord {
  readonly submittedAt: number;
  readonly category: string;
  readonly requestedCents: number;
  /**
   * The need left unmet at the end of the period: the amount requested less the amount approved,
   * all of it for a request denied, withdrawn, expired or still pending (the statewide picture).
   */
  readonly unmetCents: number;
  readonly urgency: string;
  readonly outcome: (typeof OUTCOMES)[number];
  readonly providerType: string;
  readonly county: string;
}

/** A payment made in the period and not voided, with the request it paid. */
export interface PaymentRecord {
  readonly survivorKey: string;
  readonly paidAt: number;
  readonly amountCents: number;
  readonly source: (typeof SOURCES)[number];
  readonly paymentMethod: string;
  readonly category: string;
  readonly submittedAt: number;
  readonly traffickingType: string;
  readonly ageGroup: string;
  readonly pmtAgeGroup: string;
  readonly citizenship: string;
  readonly gender: string;
  readonly providerType: string;
  readonly county: string;
  readonly firstServedAt: number | null;
}

/** A survivor served in the period (at least one payment not voided). */
export interface SurvivorRecord {
  readonly status: (typeof SURVIVOR_STATUS)[number];
  readonly traffickingType: string;
  readonly ageGroup: string;
  readonly pmtAgeGroup: string;
  readonly citizenship: string;
  readonly gender: string;
  readonly amountCents: number;
}

/** A decision made in the period, or a request first paid in it, with the days it took. */
export interface TimingRecord {
  readonly urgency: string;
  readonly timing: (typeof TIMINGS)[number];
  readonly days: number;
}

/** A donation received in the period. */
export interface DonationRecord {
  readonly donorKind: string;
  readonly donationKind: string;
  readonly amountCents: number;
}

/** Units of goods or cards received, handed over or written off in the period. */
export interface StockRecord {
  readonly flow: (typeof STOCK_FLOWS)[number];
  readonly category: string;
  readonly units: number;
  readonly valueCents: number;
}

/**
 * The suppression groups and the records each counts. A group is one population: its tables
 * count the same things cut different ways, so a total one table publishes is a total of
 * another's too, and a hidden cell of one could be worked out from the other.
 */
export interface GroupRecords {
  readonly requests: RequestRecord;
  readonly payments: PaymentRecord;
  readonly survivors: SurvivorRecord;
  readonly timeliness: TimingRecord;
  readonly donations: DonationRecord;
  readonly in_kind: StockRecord;
}

export type SuppressionGroup = keyof GroupRecords;

export type PeriodRecords = { readonly [G in SuppressionGroup]: readonly GroupRecords[G][] };

/** The outcome a request had reached by the end of the period (reproducible later). */
function outcomeAt(row: { decided_at: unknown; outcome: unknown; ended_at: unknown; end_reason: unknown }, endExclusive: number): RequestRecord['outcome'] {
  const ended = time(row.ended_at);
  if (ended !== null && ended < endExclusive && (row.end_reason === 'withdrawn' || row.end_reason === 'expired')) return row.end_reason;
  const decided = time(row.decided_at);
  if (decided !== null && decided < endExclusive && (row.outcome === 'approved' || row.outcome === 'denied')) return row.outcome;
  return 'pending';
}

interface Range {
  readonly period: Period;
  /** Instants: the first millisecond of the period and the first after it. */
  readonly from: string;
  readonly to: string;
  readonly endExclusive: number;
}

async function requests(db: SqlExecutor, { from, to, endExclusive }: Range): Promise<RequestRecord[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT ${epochMs('r.submitted_at')}, r.category, r.requested_cents, r.urgency, r.demographic_county, ${epochMs('r.decided_at')}, r.outcome, r.approved_cents,
            ${epochMs('r.ended_at')}, r.end_reason, o.provider_type, o.county AS org_county, ${epochMs('a.released_at')}, a.released_cents
       FROM reporting_requests r LEFT JOIN reporting_organizations o ON o.org_key = r.org_key
       LEFT JOIN reporting_approval_releases a ON a.request_key = r.request_key
      WHERE r.submitted_at >= $1 AND r.submitted_at < $2`,
    [from, to],
  );
  return rows.map((row): RequestRecord => {
    const outcome = outcomeAt(row as Parameters<typeof outcomeAt>[0], endExclusive);
    const requestedCents = num(row.requested_cents);
    const released = time(row.released_at);
    // A release after the period's end cannot change a closed period.
    const releasedCents = released !== null && released < endExclusive ? num(row.released_cents) : 0;
    return {
      submittedAt: time(row.submitted_at) ?? 0,
      category: String(row.category),
      requestedCents,
      unmetCents: unmetAt(outcome, requestedCents, row.approved_cents, releasedCents),
      urgency: String(row.urgency),
      outcome,
      providerType: typeof row.provider_type === 'string' ? row.provider_type : 'unknown',
      county: requestCounty(String(row.demographic_county), typeof row.org_county === 'string' ? row.org_county : null),
    };
  });
}

/**
 * Unmet at the end of the period: what an approval left out, or everything when there was none
 * (yet). `releasedCents`: approved money released unpaid at a grant's close-out by then.
 */
export function unmetAt(outcome: RequestRecord['outcome'], requestedCents: number, approvedCents: unknown, releasedCents = 0): number {
  if (outcome !== 'approved') return requestedCents;
  const approved = approvedCents === null || approvedCents === undefined ? requestedCents : num(approvedCents);
  return Math.min(requestedCents, Math.max(0, requestedCents - (approved - releasedCents)));
}

/** A payment counts in a period unless it was voided before the period ended: a void recorded later cannot change a closed period. */
const NOT_VOIDED_BY = (alias: string, end: string) => `(${alias}.voided_at IS NULL OR ${alias}.voided_at >= ${end})`;

async function payments(db: SqlExecutor, { from, to }: Range): Promise<PaymentRecord[]> {
  // Voided payments never reached anyone: they are left out, as known at the end of the period.
  // First served likewise: the first payment not voided by the end of the period.
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT ${epochMs('p.paid_at')}, p.amount_cents, p.source, p.payment_method, r.survivor_key, r.category, ${epochMs('r.submitted_at')},
            r.trafficking_type, r.age_group, r.pmt_age_group, r.citizenship, r.gender, r.demographic_county, o.provider_type, o.county AS org_county,
            ${epochMs('s.first_served_at')}
       FROM reporting_payments p
       JOIN reporting_requests r ON r.request_key = p.request_key
       LEFT JOIN reporting_organizations o ON o.org_key = r.org_key
       LEFT JOIN (SELECT r2.survivor_key, MIN(p2.paid_at) AS first_served_at
                    FROM reporting_payments p2 JOIN reporting_requests r2 ON r2.request_key = p2.request_key
                   WHERE p2.paid_at < $2 AND ${NOT_VOIDED_BY('p2', '$2')} GROUP BY r2.survivor_key) s ON s.survivor_key = r.survivor_key
      WHERE ${NOT_VOIDED_BY('p', '$2')} AND p.paid_at >= $1 AND p.paid_at < $2`,
    [from, to],
  );
  return rows.map(
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
      pmtAgeGroup: String(row.pmt_age_group),
      citizenship: String(row.citizenship),
      gender: String(row.gender),
      providerType: typeof row.provider_type === 'string' ? row.provider_type : 'unknown',
      county: requestCounty(String(row.demographic_county), typeof row.org_county === 'string' ? row.org_county : null),
      firstServedAt: time(row.first_served_at),
    }),
  );
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
      pmtAgeGroup: latest.pmtAgeGroup,
      citizenship: latest.citizenship,
      gender: latest.gender,
      amountCents: list.reduce((sum, p) => sum + p.amountCents, 0),
    };
  });
}

async function timings(db: SqlExecutor, { from, to }: Range): Promise<TimingRecord[]> {
  const decided = await db.query<Record<string, unknown>>(
    `SELECT urgency, ${epochMs('submitted_at')}, ${epochMs('decided_at')} FROM reporting_requests WHERE decided_at >= $1 AND decided_at < $2`,
    [from, to],
  );
  // The first payment not voided as known at the end of the period: a void recorded after the
  // period closed cannot move a request out of it (it may then count again where it was repaid).
  const firstPaid = await db.query<Record<string, unknown>>(
    `SELECT r.urgency, ${epochMs('r.decided_at')}, ${epochMs('f.first_paid_at')}
       FROM (SELECT request_key, MIN(paid_at) AS first_paid_at FROM reporting_payments p
              WHERE p.paid_at < $2 AND ${NOT_VOIDED_BY('p', '$2')} GROUP BY request_key) f
       JOIN reporting_requests r ON r.request_key = f.request_key
      WHERE r.decided_at IS NOT NULL AND f.first_paid_at >= $1`,
    [from, to],
  );
  const days = (a: unknown, b: unknown) => Math.max(0, ((time(b) ?? 0) - (time(a) ?? 0)) / DAY_MS);
  return [
    ...decided.rows.map((row): TimingRecord => ({ urgency: String(row.urgency), timing: 'request_to_decision', days: days(row.submitted_at, row.decided_at) })),
    ...firstPaid.rows.map((row): TimingRecord => ({ urgency: String(row.urgency), timing: 'decision_to_payment', days: days(row.decided_at, row.first_paid_at) })),
  ];
}

/**
 * The day a donation counts on: the day received, or the day it was recorded if that is later,
 * so a donation recorded after its quarter closed counts in the quarter it was recorded in and a
 * closed quarter never changes.
 */
export const DONATION_DAY = 'GREATEST(received_on, recorded_on)';

async function donations(db: SqlExecutor, { period }: Range): Promise<DonationRecord[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT donation_key, donation_kind, donor_kind, SUM(amount_cents) AS amount_cents
       FROM reporting_donations WHERE ${DONATION_DAY} >= $1::date AND ${DONATION_DAY} <= $2::date
      GROUP BY donation_key, donation_kind, donor_kind`,
    [period.start, period.end],
  );
  return rows.map((row): DonationRecord => ({ donorKind: String(row.donor_kind), donationKind: String(row.donation_kind), amountCents: num(row.amount_cents) }));
}

async function stock(db: SqlExecutor, { period }: Range): Promise<StockRecord[]> {
  const received = await db.query<Record<string, unknown>>(
    `SELECT category, quantity, amount_cents FROM reporting_donations
      WHERE donation_kind = 'in_kind' AND ${DONATION_DAY} >= $1::date AND ${DONATION_DAY} <= $2::date`,
    [period.start, period.end],
  );
  const moved = await db.query<Record<string, unknown>>(
    `SELECT m.movement, m.quantity, i.category, i.unit_value_cents
       FROM reporting_stock_movements m JOIN reporting_stock_items i ON i.item_key = m.item_key
      WHERE m.occurred_on >= $1::date AND m.occurred_on <= $2::date`,
    [period.start, period.end],
  );
  return [
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
}

/**
 * Every suppression group's records for a period. Survivors are new when first served on or
 * after `newSince` (the start of the fiscal year or of the period, by report).
 */
function rangeOf(period: Period): Range {
  const start = startOfDay(period.start);
  const end = startOfDay(addDays(period.end, 1));
  return { period, from: start.toISOString(), to: end.toISOString(), endExclusive: end.getTime() };
}

export async function loadPeriodRecords(db: SqlExecutor, period: Period, newSince: string): Promise<PeriodRecords> {
  const range = rangeOf(period);
  const requested = await requests(db, range);
  const paid = await payments(db, range);
  return {
    requests: requested,
    payments: paid,
    survivors: survivorsServed(paid, startOfDay(newSince).getTime()),
    timeliness: await timings(db, range),
    donations: await donations(db, range),
    in_kind: await stock(db, range),
  };
}

/** The groups whose tables for a longer period are the sums of its quarters' tables. */
export const ADDITIVE_GROUPS: readonly SuppressionGroup[] = ['requests', 'payments', 'timeliness', 'donations', 'in_kind'];

/**
 * A period of the lattice made of several quarters: every additive group's records are its
 * quarters' records, each as known at the end of its own quarter (so the period's tables are
 * the sums of the quarters' tables, exactly); survivors are distinct people over the whole
 * period, as known at its end.
 */
export async function loadLatticeRecords(db: SqlExecutor, period: Period, quarters: readonly Period[], newSince: string): Promise<PeriodRecords> {
  if (quarters.length === 1) return loadPeriodRecords(db, period, newSince);
  const parts: PeriodRecords[] = [];
  for (const quarter of quarters) parts.push(await loadPeriodRecords(db, quarter, newSince));
  const whole = await payments(db, rangeOf(period));
  return {
    requests: parts.flatMap((p) => p.requests),
    payments: parts.flatMap((p) => p.payments),
    survivors: survivorsServed(whole, startOfDay(newSince).getTime()),
    timeliness: parts.flatMap((p) => p.timeliness),
    donations: parts.flatMap((p) => p.donations),
    in_kind: parts.flatMap((p) => p.in_kind),
  };
}
