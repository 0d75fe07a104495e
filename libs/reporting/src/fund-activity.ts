import type { SqlExecutor } from '@fund/event-sourcing';
import { DONOR_KINDS } from '@fund/donations';
import { addDays, quarterAlignedPeriod, startOfDay, type Period } from './periods';
import { labelOf } from './report-model';
import { num } from './report-queries';
import { checkThreshold } from './suppression';

/**
 * The fund activity statement: money in and out of all funds over a period, as a grants manager
 * hands it to a funder. It is aggregate money, so there are no cells to suppress; but a
 * disbursement line made of one or two payments would describe those payments, so categories
 * with fewer payments than the threshold are combined into one line (and, if that line alone
 * would still be small, with the next-smallest category). The statement still adds up.
 *
 * Money is booked when it moves: donations on the day received, payments on the day made, and a
 * void on the day it is recorded (as money returned), so a published statement never changes.
 */
export interface StatementLine {
  readonly key: string;
  readonly label: string;
  /** How many donations or payments; null where it would be below the threshold. */
  readonly count: number | null;
  readonly amountCents: number;
}

export interface FundActivityStatement {
  readonly report: 'fund_activity';
  readonly title: string;
  readonly period: Period;
  readonly threshold: number;
  readonly generatedAt: string;
  readonly notes: readonly string[];
  readonly openingBalanceCents: number;
  readonly donations: readonly StatementLine[];
  readonly donationsCents: number;
  readonly disbursements: readonly StatementLine[];
  readonly disbursementsCents: number;
  readonly voidsReturnedCents: number;
  readonly closingBalanceCents: number;
  readonly commitmentsOutstandingCents: number;
  readonly availableCents: number;
  /** Memo: goods and cards, valued, outside the money balance. */
  readonly inKind: {
    readonly received: readonly StatementLine[];
    readonly receivedCents: number;
    readonly distributed: readonly StatementLine[];
    readonly distributedCents: number;
    readonly writtenOffCents: number;
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
    amountCents: present.filter((l) => combined.has(l.key)).reduce((s, l) => s + l.amountCents, 0),
  };
  return [...present.filter((l) => !combined.has(l.key)), line];
}

const sum = (lines: readonly StatementLine[]) => lines.reduce((s, l) => s + l.amountCents, 0);

async function scalar(db: SqlExecutor, sql: string, params: readonly unknown[]): Promise<number> {
  const { rows } = await db.query<{ v: unknown }>(sql, params);
  return num(rows[0]?.v);
}

async function lines(db: SqlExecutor, sql: string, params: readonly unknown[]): Promise<StatementLine[]> {
  const { rows } = await db.query<{ k: unknown; n: unknown; v: unknown }>(sql, params);
  return rows.map((r) => ({ key: String(r.k), label: labelOf(String(r.k)), count: num(r.n), amountCents: num(r.v) }));
}

export async function fundActivityStatement(db: SqlExecutor, input: FundActivityInput): Promise<FundActivityStatement> {
  const threshold = checkThreshold(input.threshold);
  const period = quarterAlignedPeriod(input.from, input.to);
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
