import fc from 'fast-check';
import { PgliteDatabase, migrate, type RecordedEvent } from '@fund/event-sourcing';
import { REPORTING_DATA_TABLES } from './reporting.migrations';
import { ReportingProjection } from './reporting.projection';
import { asRecorded, ev, type StreamEvent } from './testing/events';

/**
 * The projection writes a batch set-based (facts folded per key, one statement per table). Its
 * rows must be exactly those of applying the same events one at a time, whatever the batch
 * boundaries and whatever the order of events inside a batch. A batch of one event is the
 * one-at-a-time application: each statement then carries one fact and reduces to that fact's
 * insert-if-absent or keyed update.
 */

async function dump(db: PgliteDatabase): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of REPORTING_DATA_TABLES) out[table] = (await db.query(`SELECT * FROM ${table} ORDER BY 1, 2`)).rows;
  return out;
}

/** Delivers `deliveries` in order, each cut into batches of the given sizes (cycled), each batch in its own transaction. */
async function deliver(db: PgliteDatabase, projection: ReportingProjection, deliveries: readonly (readonly RecordedEvent[])[], sizes: readonly number[]): Promise<void> {
  await db.transaction((tx) => projection.reset(tx));
  let s = 0;
  for (const events of deliveries) {
    for (let i = 0; i < events.length; ) {
      const size = Math.max(1, sizes[s++ % sizes.length] ?? 1);
      const batch = events.slice(i, i + size);
      await db.transaction((tx) => projection.handle(batch, tx));
      i += size;
    }
  }
}

/** What the reports read must agree with the payment rows it is derived from. */
async function derivedMismatches(db: PgliteDatabase): Promise<unknown[]> {
  const requests = await db.query(
    `SELECT request_key FROM reporting_requests r
      WHERE r.first_paid_at IS DISTINCT FROM (SELECT MIN(paid_at) FROM reporting_payments p WHERE p.request_key = r.request_key AND p.voided_at IS NULL)`,
  );
  const survivors = await db.query(
    `SELECT s.survivor_key FROM reporting_survivors s
      WHERE s.first_served_at IS DISTINCT FROM (
              SELECT MIN(p.paid_at) FROM reporting_requests r JOIN reporting_payments p ON p.request_key = r.request_key
               WHERE r.survivor_key = s.survivor_key AND p.voided_at IS NULL)
         OR s.first_requested_at IS DISTINCT FROM (SELECT MIN(submitted_at) FROM reporting_requests r WHERE r.survivor_key = s.survivor_key)`,
  );
  const missing = await db.query('SELECT DISTINCT survivor_key FROM reporting_requests WHERE survivor_key NOT IN (SELECT survivor_key FROM reporting_survivors)');
  return [...requests.rows, ...survivors.rows, ...missing.rows];
}

const at = (hour: number) => new Date(Date.parse('2026-10-01T00:00:00.000Z') + hour * 3600_000).toISOString();

describe('reporting projection, set-based batches', () => {
  let db: PgliteDatabase;
  const projection = new ReportingProjection();

  beforeAll(async () => {
    db = await PgliteDatabase.open();
    await migrate(db, 'read-model:reporting', projection.migrations);
  }, 60_000);
  afterAll(async () => db?.close());

  async function expectSameAsOneByOne(deliveries: readonly (readonly RecordedEvent[])[], sizes: readonly number[]): Promise<Record<string, unknown[]>> {
    await deliver(db, projection, deliveries, [1]);
    const oneByOne = await dump(db);
    expect(await derivedMismatches(db)).toEqual([]);
    await deliver(db, projection, deliveries, sizes);
    expect(await dump(db)).toEqual(oneByOne);
    expect(await derivedMismatches(db)).toEqual([]);
    return oneByOne;
  }

  it('folds what happens to one key inside a batch: submit and decide, pay and void, two updates to one row', async () => {
    const events = asRecorded([
      ev.organizationRegistered('org-a', 'immigrant_services', 'york'),
      ev.organizationRegistered('org-a', 'sexual_assault_center', 'cumberland'),
      ev.submitted('req-1', { reference: 'SR-1', organizationId: 'org-a' }, at(1)),
      ev.approved('req-1', 5_000, at(2)),
      ev.disbursed('req-1', 'disb-1', { amountCents: 5_000 }, at(3)),
      ev.voided('req-1', 'disb-1', 5_000, at(4)),
      ev.disbursed('req-1', 'disb-2', { amountCents: 4_000 }, at(5)),
      ev.closed('req-1', at(6)),
      ev.submitted('req-2', { reference: 'SR-1', organizationId: 'org-a' }, at(7)),
      // A second decision and a second end on the same row: the last one stands.
      ev.approved('req-2', 1_000, at(8)),
      ev.denied('req-2', at(9)),
      ev.withdrawn('req-2', at(10)),
      ev.expired('req-2', at(11)),
      // Out of order: applied one at a time, a decision before its submission finds no row.
      ev.denied('req-3', at(12)),
      ev.submitted('req-3', { reference: 'SR-2', organizationId: 'org-b' }, at(13)),
      ev.voided('req-3', 'disb-3', 1, at(14)),
      ev.disbursed('req-3', 'disb-3', { amountCents: 700 }, at(15)),
    ]);
    const rows = await expectSameAsOneByOne([events], [events.length]);
    const requests = rows.reporting_requests as Record<string, unknown>[];
    expect(requests.map((r) => [r.outcome, r.end_reason, (r.first_paid_at as Date | null)?.toISOString() ?? null]).sort()).toEqual(
      [
        ['approved', 'closed', at(5)],
        ['denied', 'expired', null],
        [null, null, at(15)],
      ].sort(),
    );
    expect(rows.reporting_organizations).toEqual([expect.objectContaining({ provider_type: 'sexual_assault_center', county: 'cumberland' })]);
    // Redelivered over the rows, the same events give the same rows again (one at a time or batched).
    await expectSameAsOneByOne([events, events], [5, 3, events.length]);
  });

  it('property: any batching of any mix of events gives the rows of applying them one at a time', async () => {
    const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
    const req = pick(['req-1', 'req-2', 'req-3', 'req-4', 'req-5']);
    const disb = pick(['d-1', 'd-2', 'd-3', 'd-4', 'd-5', 'd-6']);
    const hour = fc.integer({ min: 0, max: 60 });
    const cents = fc.integer({ min: 0, max: 50_000 });
    const item = pick(['coats', 'cards']);
    const event: fc.Arbitrary<StreamEvent> = fc.oneof(
      fc.tuple(pick(['org-a', 'org-b']), pick(['immigrant_services', 'sexual_assault_center']), pick(['york', 'penobscot'])).map(([o, t, c]) => ev.organizationRegistered(o, t, c)),
      fc
        .tuple(req, pick(['SR-1', 'SR-2', 'SR-3']), pick(['org-a', 'org-b']), pick(['groceries', 'lodging']), cents, hour)
        .map(([r, reference, organizationId, category, amountCents, h]) => ev.submitted(r, { reference, organizationId, category, amountCents }, at(h))),
      fc.tuple(req, cents, hour).map(([r, c, h]) => ev.approved(r, c, at(h))),
      fc.tuple(req, hour).map(([r, h]) => ev.denied(r, at(h))),
      fc.tuple(req, hour, pick(['withdrawn', 'expired', 'closed'] as const)).map(([r, h, how]) => ev[how](r, at(h))),
      fc
        .tuple(req, disb, cents, pick(['money', 'stock'] as const), hour)
        .map(([r, d, amountCents, source, h]) => ev.disbursed(r, d, { amountCents, source, paymentMethod: source === 'stock' ? 'donated_goods' : 'gift_card' }, at(h))),
      fc.tuple(req, disb, hour).map(([r, d, h]) => ev.voided(r, d, 1, at(h))),
      fc.tuple(pick(['don-1', 'don-2']), cents, hour).map(([d, amountCents, h]) => ev.monetaryDonation(d, { amountCents, receivedOn: at(h).slice(0, 10) })),
      fc
        .tuple(pick(['don-1', 'don-3']), fc.array(fc.tuple(item, fc.integer({ min: 1, max: 5 })), { maxLength: 3 }), hour)
        .map(([d, items, h]) =>
          ev.inKindDonation(d, { receivedOn: at(h).slice(0, 10), items: items.map(([itemId, quantity]) => ({ itemId, kind: 'goods', category: 'winter_gear', quantity, unitValueCents: 2_500 })) }),
        ),
      fc.tuple(item, cents, hour).map(([i, unitValueCents, h]) => ev.stockReceived(i, { kind: 'goods', category: 'winter_gear', quantity: 3, unitValueCents }, at(h))),
      fc.tuple(item, req, disb, hour).map(([i, r, d, h]) => ev.stockIssued(i, r, d, 1, 2_500, at(h))),
      fc.tuple(item, hour).map(([i, h]) => ev.stockAdjusted(i, -1, at(h))),
      fc
        .tuple(pick(['moneyReserved', 'reservationReleased'] as const), req, cents, hour)
        .map(([kind, r, c, h]) => ev[kind](r, c, at(h))),
      fc.tuple(req, disb, cents, hour).map(([r, d, c, h]) => ev.moneyDisbursed(r, d, c, at(h))),
      fc.tuple(req, hour).map(([r, h]) => ev.vote(r, at(h))),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(event, { minLength: 1, maxLength: 40 }),
        // Redelivery: the same recorded events (same event ids) again, as a runner does after a crash.
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 6 }),
        async (history, again, sizes) => {
          const events = asRecorded(history);
          const redelivered = again.map((i) => events[i % events.length]!);
          await expectSameAsOneByOne([events, redelivered], sizes);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
