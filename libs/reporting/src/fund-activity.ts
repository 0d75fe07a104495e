import { DomainError, type SqlExecutor } from '@fund/event-sourcing';
import { DONOR_KINDS } from '@fund/donations';
import { addDays, customPeriod, dayOf, latticePeriod, startOfDay, type Period } from './periods';
import { labelOf, type ReportTable } from './report-model';
import { num } from './report-queries';
import { INTERNAL, latticeReport, type Audience } from './reports';
import { resolveThreshold } from './suppression';

/**
 * The fund activity statement: money in and out of all funds over a period, as a grants manager
 * hands it to a funder. It is aggregate money, so there are no cells to suppress; but a
 * disbursement line made of one or two payments would describe those payments, so categories
 * with fewer payments than the threshold are combined into one line (and, if that line alone
 * would still be small, with the next-smallest category). The statement still adds up.
 *
 * Money is booked when it moves: donations on the day received, payments on the day made, and a
 * void on the day it is recorded (as money returned), so a published statement never changes.
 *
 * That is the internal statement (coordinators, auditors: any range of days). A funder's
 * statement (issue 17) is for a closed period of the lattice only, and every figure in it is a
 * figure of that period's report, through the same suppression: donations by donor kind are the
 * donations table's monetary column, disbursements by category the distributed table's money
 * column, in-kind lines the in-kind table's columns. Balances are not in it: a running balance is
 * the sum of every flow since the fund began, so two of them give a period's net flow and would
 * undo the suppression of its totals.
 */
export interface StatementLine {
  readonly key: string;
  readonly label: string;
  /** How many donations or payments (units, for in-kind lines of a funder's statement); null where suppressed. */
  readonly count: number | null;
  /** Null where suppressed (a funder's statement only). */
  readonly amountCents: number | null;
}

export interface FundActivityStatement {
  readonly report: 'fund_activity';
  /** `funder`: a lattice period's published figures only; `internal`: the full statement. */
  readonly audience: 'funder' | 'internal';
  readonly title: string;
  readonly period: Period;
  readonly threshold: number;
  readonly generatedAt: string;
  readonly notes: readonly string[];
  readonly openingBalanceCents: number | null;
  readonly donations: readonly StatementLine[];
  readonly donationsCents: number | null;
  readonly disbursements: readonly StatementLine[];
  readonly disbursementsCents: number | null;
  readonly voidsReturnedCents: number | null;
  readonly closingBalanceCents: number | null;
  readonly commitmentsOutstandingCents: number | null;
  readonly availableCents: number | null;
  /** Memo: goods and cards, valued, outside the money balance. */
  readonly inKind: {
    readonly received: readonly StatementLine[];
    readonly receivedCents: number | null;
    readonly distributed: readonly StatementLine[];
    readonly distributedCents: number | null;
    readonly writtenOffCents: number | null;
  };
}

export interface FundActivityInput {
  readonly from: string;
  readonly to: string;
  readonly threshold?: number;
  readonly now?: Date;
}

export const COMBINED_KEY = 'combined';

/** Lines with fewer than `threshold` items fold into one "combined" line that says not which. */
export function combineSmallLines(lines: readonly StatementLine[], threshold: number): StatementLine[] {
  const present = lines.filter((l) => (l.count ?? 0) > 0);
  const bySize = [...present].sort((a, b) => (a.count ?? 0) - (b.count ?? 0) || a.key.localeCompare(b.key));
  const small = bySize.filter((l) => (l.count ?? 0) < threshold);
  if (small.length === 0) return present;
  const combined = new Set(small.map((l) => l.key));
  const countOf = () => present.filter((l) => combined.has(l.key)).reduce((s, l) => s + (l.count ?? 0), 0);
  // One small line alone would be named by elimination, and a small sum is still small.
  for (const next of bySize) {
    if (combined.size >= 2 && countOf() >= threshold) break;
    combined.add(next.key);
  }
  const count = countOf();
  const all = combined.size === present.length;
  const line: StatementLine = {
    key: COMBINED_KEY,
    label: all ? 'All categories (combined: too few to show separately)' : 'Other categories (combined: too few to show separately)',
    count: count >= threshold ? count : null,
    amountCents: present.filter((l) => combined.has(l.key)).reduce((s, l) => s + (l.amountCents ?? 0), 0),
  };
  return [...present.filter((l) => !combined.has(l.key)), line];
}

const sum = (lines: readonly StatementLine[]) => lines.reduce((s, l) => s + (l.amountCents ?? 0), 0);

async function scalar(db: SqlExecutor, sql: string, params: readonly unknown[]): Promise<number> {
  const { rows } = await db.query<{ v: unknown }>(sql, params);
  return num(rows[0]?.v);
}

async function lines(db: SqlExecutor, sql: string, params: readonly unknown[]): Promise<StatementLine[]> {
  const { rows } = await db.query<{ k: unknown; n: unknown; v: unknown }>(sql, params);
  return rows.map((r) => ({ key: String(r.k), label: labelOf(String(r.k)), count: num(r.n), amountCents: num(r.v) }));
}

export async function fundActivityStatement(db: SqlExecutor, input: FundActivityInput, audience: Audience = INTERNAL): Promise<FundActivityStatement> {
  if (audience.funderFacing) return funderStatement(db, input, audience);
  const threshold = resolveThreshold(input.threshold, audience.floor);
  const period = customPeriod(input.from, input.to);
  const from = startOfDay(period.start).toISOString();
  const to = startOfDay(addDays(period.end, 1)).toISOString();

  const openingBalanceCents =
    (await scalar(db, `SELECT COALESCE(SUM(amount_cents), 0) AS v FROM reporting_donations WHERE donation_kind = 'monetary' AND received_on < $1::date`, [period.start])) -
    (await scalar(db, `SELECT COALESCE(SUM(amount_cents), 0) AS v FROM reporting_payments WHERE source = 'money' AND paid_at < $1`, [from])) +
    (await scalar(db, `SELECT COALESCE(SUM(amount_cents), 0) AS v FROM reporting_payments WHERE source = 'money' AND voided_at < $1`, [from]));

  const byDonor = await lines(
    db,
    `SELECT donor_kind AS k, COUNT(*) AS n, SUM(amount_cents) AS v FROM reporting_donations
      WHERE donation_kind = 'monetary' AND received_on >= $1::date AND received_on <= $2::date GROUP BY donor_kind`,
    [period.start, period.end],
  );
  const order = (key: string) => {
    const i = (DONOR_KINDS as readonly string[]).indexOf(key);
    return i < 0 ? DONOR_KINDS.length : i;
  };
  const donations = byDonor.sort((a, b) => order(a.key) - order(b.key));

  const paidByCategory = await lines(
    db,
    `SELECT r.category AS k, COUNT(*) AS n, SUM(p.amount_cents) AS v
       FROM reporting_payments p JOIN reporting_requests r ON r.request_key = p.request_key
      WHERE p.source = 'money' AND p.paid_at >= $1 AND p.paid_at < $2 GROUP BY r.category ORDER BY r.category`,
    [from, to],
  );
  const disbursements = combineSmallLines(paidByCategory, threshold);
  const voidsReturnedCents = await scalar(
    db,
    `SELECT COALESCE(SUM(amount_cents), 0) AS v FROM reporting_payments WHERE source = 'money' AND voided_at >= $1 AND voided_at < $2`,
    [from, to],
  );
  const commitmentsOutstandingCents = await scalar(db, `SELECT COALESCE(SUM(delta_cents), 0) AS v FROM reporting_commitments WHERE occurred_at < $1`, [to]);

  const receivedInKind = await lines(
    db,
    `SELECT category AS k, COUNT(DISTINCT donation_key) AS n, SUM(amount_cents) AS v FROM reporting_donations
      WHERE donation_kind = 'in_kind' AND received_on >= $1::date AND received_on <= $2::date GROUP BY category ORDER BY category`,
    [period.start, period.end],
  );
  const distributedInKind = combineSmallLines(
    await lines(
      db,
      `SELECT i.category AS k, COUNT(*) AS n, SUM(m.quantity * i.unit_value_cents) AS v
         FROM reporting_stock_movements m JOIN reporting_stock_items i ON i.item_key = m.item_key
        WHERE m.movement = 'issued' AND m.occurred_on >= $1::date AND m.occurred_on <= $2::date GROUP BY i.category ORDER BY i.category`,
      [period.start, period.end],
    ),
    threshold,
  );
  const writtenOffCents = await scalar(
    db,
    `SELECT COALESCE(SUM(m.quantity * i.unit_value_cents), 0) AS v
       FROM reporting_stock_movements m JOIN reporting_stock_items i ON i.item_key = m.item_key
      WHERE m.movement = 'written_off' AND m.occurred_on >= $1::date AND m.occurred_on <= $2::date`,
    [period.start, period.end],
  );

  const donationsCents = sum(donations);
  const disbursementsCents = sum(disbursements);
  const closingBalanceCents = openingBalanceCents + donationsCents - disbursementsCents + voidsReturnedCents;
  return {
    report: 'fund_activity',
    audience: 'internal',
    title: `Fund activity statement, ${period.start} to ${period.end}`,
    period,
    threshold,
    generatedAt: (input.now ?? new Date()).toISOString(),
    notes: [
      'All funds together, in U.S. dollars. Closing balance = opening balance + monetary donations - disbursements + voided payments returned.',
      'Commitments outstanding: money reserved for approved requests and not yet paid out or released, at the end of the period.',
      `Disbursement categories with fewer than ${threshold} payments are combined into one line.`,
      'In-kind goods and cards are shown at their recorded values as a memo; they are not part of the money balance.',
      'Days are UTC days.',
    ],
    openingBalanceCents,
    donations,
    donationsCents,
    disbursements,
    disbursementsCents,
    voidsReturnedCents,
    closingBalanceCents,
    commitmentsOutstandingCents,
    availableCents: closingBalanceCents - commitmentsOutstandingCents,
    inKind: {
      received: receivedInKind,
      receivedCents: sum(receivedInKind),
      distributed: distributedInKind,
      distributedCents: sum(distributedInKind),
      writtenOffCents,
    },
  };
}

/** One column of a published table as statement lines (rows shown as zero are left out), and its total. */
function columnLines(table: ReportTable | undefined, column: string): { lines: StatementLine[]; totalCents: number | null } {
  const c = table?.columns.findIndex((h) => h.key === column) ?? -1;
  if (!table || c < 0) return { lines: [], totalCents: 0 };
  const lines = table.rows.flatMap((row): StatementLine[] => {
    const cell = row.cells[c]!;
    return cell.count === 0 ? [] : [{ key: row.key, label: row.label, count: cell.count, amountCents: cell.amountCents }];
  });
  const total = table.columnTotals?.[c];
  return { lines, totalCents: total ? total.amountCents : lines.every((l) => l.amountCents !== null) ? sum(lines) : null };
}

async function funderStatement(db: SqlExecutor, input: FundActivityInput, audience: Audience): Promise<FundActivityStatement> {
  const period = latticePeriod(input.from, input.to);
  if (!period) {
    const message =
      'from/to: a funder\'s statement covers one period of the lattice: a federal fiscal quarter, a calendar half-year or a fiscal year, from its first day to its last; other ranges are for coordinators and auditors';
    throw new DomainError('VALIDATION.FAILED', message, { errors: [{ field: 'from', rule: 'publishablePeriod', message }, { field: 'to', rule: 'publishablePeriod', message }] }, 'validation');
  }
  const now = input.now ?? new Date();
  const report = await latticeReport(db, period, input.threshold, audience, now);
  const table = (name: string) => report.tables.find((t) => t.name === name);
  const donations = columnLines(table('donations_received'), 'monetary');
  const disbursements = columnLines(table('distributed_by_category'), 'money');
  const received = columnLines(table('in_kind_by_category'), 'received');
  const distributed = columnLines(table('in_kind_by_category'), 'distributed');
  const writtenOff = columnLines(table('in_kind_by_category'), 'written_off');
  return {
    report: 'fund_activity',
    audience: 'funder',
    title: `Fund activity statement, ${period.label} (${period.start} to ${period.end})`,
    period,
    threshold: report.threshold,
    generatedAt: now.toISOString(),
    notes: [
      'All funds together, in U.S. dollars. Every line is a figure of this period\'s funder report, through the same small-cell suppression: a suppressed line shows neither its count nor its amount.',
      'Disbursements are payments made in the period and not voided by its end; in-kind lines count units, at their recorded values.',
      'Balances and commitments are not part of a funder\'s statement: a running balance would let suppressed totals be worked out by subtraction. Coordinators can give them where a funder needs them.',
      `Generated ${dayOf(now)}; a closed period's statement never changes.`,
    ],
    openingBalanceCents: null,
    donations: donations.lines,
    donationsCents: donations.totalCents,
    disbursements: disbursements.lines,
    disbursementsCents: disbursements.totalCents,
    voidsReturnedCents: null,
    closingBalanceCents: null,
    commitmentsOutstandingCents: null,
    availableCents: null,
    inKind: {
      received: received.lines,
      receivedCents: received.totalCents,
      distributed: distributed.lines,
      distributedCents: distributed.totalCents,
      writtenOffCents: writtenOff.totalCents,
    },
  };
}
