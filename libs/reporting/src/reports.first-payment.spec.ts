import { PgliteDatabase, SqlEventStore, SubscriptionRunner, migrate } from '@fund/event-sourcing';
import type { ReportTable } from './report-model';
import { REPORTING_MIGRATIONS } from './reporting.migrations';
import { ReportingProjection } from './reporting.projection';
import { quarterlyReport } from './reports';
import { appendAll, ev, type StreamEvent } from './testing/events';

/**
 * "Decision to first payment" counts a request in the quarter of its first payment that was not
 * voided as known at the end of that quarter (issue 17: a void recorded after a quarter closed
 * cannot change it, so a request repaid later counts again where it was repaid). These cases pin
 * down voids around it. The projection still keeps `first_paid_at` (migration 2) for internal use.
 */

const DAY = 24 * 3600_000;
const t = (day: string) => Date.parse(`${day}T10:00:00.000Z`);
const iso = (ms: number) => new Date(ms).toISOString();

interface Case {
  readonly id: string;
  readonly decidedOn: string;
  readonly payments: readonly { readonly on: string; readonly voidedOn?: string }[];
}

const CASES: readonly Case[] = [
  // Paid three days after the decision, nothing voided.
  ...[1, 2, 3].map((n): Case => ({ id: `plain-${n}`, decidedOn: '2026-10-05', payments: [{ on: '2026-10-08' }] })),
  // The first payment was voided; the one that reached the survivor came ten days after the decision.
  { id: 'void-then-pay', decidedOn: '2026-10-05', payments: [{ on: '2026-10-06', voidedOn: '2026-10-07' }, { on: '2026-10-15' }] },
  // Its only payment was voided: never paid, timed nowhere.
  { id: 'only-voided', decidedOn: '2026-10-05', payments: [{ on: '2026-10-09', voidedOn: '2026-10-12' }] },
  // Paid in the last quarter and voided in this one; paid again in this one: counts here.
  { id: 'voided-across', decidedOn: '2026-09-20', payments: [{ on: '2026-09-25', voidedOn: '2026-10-02' }, { on: '2026-10-20' }] },
  // A later voided payment does not move the first one.
  { id: 'later-void', decidedOn: '2026-10-05', payments: [{ on: '2026-10-10' }, { on: '2026-10-20' }, { on: '2026-11-01', voidedOn: '2026-11-02' }] },
  // First paid in December, voided in January, paid again in January: first paid next quarter.
  ...[1, 2, 3].map((n): Case => ({ id: `moved-${n}`, decidedOn: '2026-12-20', payments: [{ on: '2026-12-28', voidedOn: '2027-01-03' }, { on: '2027-01-10' }] })),
];

function history(): StreamEvent[] {
  const out: { at: number; e: StreamEvent }[] = [{ at: 0, e: ev.organizationRegistered('org-a', 'sexual_assault_center', 'york') }];
  CASES.forEach((c, i) => {
    const decided = t(c.decidedOn);
    out.push({ at: decided - DAY, e: ev.submitted(c.id, { reference: `SR-FP-${i}`, organizationId: 'org-a' }, iso(decided - DAY)) });
    out.push({ at: decided, e: ev.approved(c.id, 10_000, iso(decided)) });
    c.payments.forEach((p, j) => {
      out.push({ at: t(p.on), e: ev.disbursed(c.id, `${c.id}-disb-${j}`, { amountCents: 1_000 }, iso(t(p.on))) });
      if (p.voidedOn) out.push({ at: t(p.voidedOn), e: ev.voided(c.id, `${c.id}-disb-${j}`, 1_000, iso(t(p.voidedOn))) });
    });
  });
  return out.sort((a, b) => a.at - b.at).map((x) => x.e);
}

const paymentTiming = (tables: readonly ReportTable[]) => tables.find((x) => x.name === 'time_to_decision_and_payment')!.columnTotals![1];

describe('decision to first payment, with voided payments', () => {
  let db: PgliteDatabase;

  beforeAll(async () => {
    db = await PgliteDatabase.open();
    const store = await SqlEventStore.create(db);
    // Small batches, so voids and payments land in the same batch and in different ones.
    const runner = new SubscriptionRunner(store, db, new ReportingProjection(), { batchSize: 3 });
    await runner.prepare();
    await appendAll(store, history());
    await runner.catchUp();
  }, 60_000);
  afterAll(async () => db?.close());

  it('times each request from its decision to its first payment not voided, in that payment’s quarter', async () => {
    const q1 = await quarterlyReport(db, { fiscalYear: 2027, quarter: 1 }, { funderFacing: false, floor: 3 });
    // plain x3 (3 days), void-then-pay (10), voided-across (30), later-void (5), and moved-* (8: their
    // December payments were voided only in January, after the quarter closed); not only-voided.
    expect(paymentTiming(q1.tables)).toEqual({ count: 9, amountCents: null, medianDays: 8, suppressed: false });
    // moved-* repaid in January (21 days), as known at the end of that quarter.
    const q2 = await quarterlyReport(db, { fiscalYear: 2027, quarter: 2 }, { funderFacing: false, floor: 3 });
    expect(paymentTiming(q2.tables)).toEqual({ count: 3, amountCents: null, medianDays: 21, suppressed: false });
    // voided-across's September payment was voided in October: at the end of September it stood.
    const q4 = await quarterlyReport(db, { fiscalYear: 2026, quarter: 4 }, { funderFacing: false, floor: 3 });
    expect(paymentTiming(q4.tables)).toMatchObject({ medianDays: null, suppressed: true });
  });

  it('keeps first_paid_at equal to the first payment not voided', async () => {
    const { rows } = await db.query(
      `SELECT request_key FROM reporting_requests r
        WHERE first_paid_at IS DISTINCT FROM (SELECT MIN(paid_at) FROM reporting_payments p WHERE p.request_key = r.request_key AND p.voided_at IS NULL)`,
    );
    expect(rows).toEqual([]);
    const { rows: paid } = await db.query<{ n: number }>('SELECT count(first_paid_at)::int AS n FROM reporting_requests');
    expect(paid[0]!.n).toBe(CASES.length - 1);
  });

  it('fills first_paid_at on a database made before it existed (migration 2)', async () => {
    const before = (await db.query('SELECT request_key, first_paid_at FROM reporting_requests ORDER BY 1')).rows;
    // Back to the schema of migration 1, rows as the projection left them.
    await db.query('DROP INDEX reporting_requests_decided');
    await db.query('DROP INDEX reporting_requests_first_paid');
    await db.query('ALTER TABLE reporting_requests DROP COLUMN first_paid_at');
    await db.query(`DELETE FROM schema_migrations WHERE component = 'read-model:reporting' AND version = 2`);
    expect(await migrate(db, 'read-model:reporting', REPORTING_MIGRATIONS)).toEqual([2]);
    expect((await db.query('SELECT request_key, first_paid_at FROM reporting_requests ORDER BY 1')).rows).toEqual(before);
    const q1 = await quarterlyReport(db, { fiscalYear: 2027, quarter: 1 }, { funderFacing: false, floor: 3 });
    expect(paymentTiming(q1.tables)).toMatchObject({ count: 9, medianDays: 8 });
  });
});
