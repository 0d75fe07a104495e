import { PgliteDatabase, SqlEventStore, SubscriptionRunner } from '@fund/event-sourcing';
import { fiscalQuarter, fiscalYear } from './periods';
import { loadPeriodRecords, unmetAt } from './report-queries';
import { ReportingProjection } from './reporting.projection';
import { appendAll, ev } from './testing/events';

describe('unmet need after a grant close-out released an approval', () => {
  let db: PgliteDatabase;
  beforeAll(async () => {
    db = await PgliteDatabase.open();
    const store = await SqlEventStore.create(db);
    const runner = new SubscriptionRunner(store, db, new ReportingProjection());
    await runner.prepare();
    const submit = (id: string, amountCents: number, at: string) => ev.submitted(id, { reference: `SR-TEST-${id}-ZZZZ`, organizationId: 'org-1', amountCents }, at);
    await appendAll(store, [
      ev.organizationRegistered('org-1', 'sexual_assault_center', 'cumberland'),
      // Partly paid, the rest released in the quarter.
      submit('a', 10_000, '2026-10-05T10:00:00.000Z'),
      ev.approved('a', 10_000, '2026-10-06T10:00:00.000Z'),
      ev.disbursed('a', 'pay-a', { amountCents: 4_000 }, '2026-10-10T10:00:00.000Z'),
      ev.grantReleased('a', 6_000, '2026-11-15T10:00:00.000Z'),
      // Nothing paid, all of it released after the quarter ended.
      submit('b', 20_000, '2026-10-07T10:00:00.000Z'),
      ev.approved('b', 20_000, '2026-10-08T10:00:00.000Z'),
      ev.grantReleased('b', 20_000, '2027-01-10T10:00:00.000Z'),
      // Approved in full, never released.
      submit('c', 5_000, '2026-10-09T10:00:00.000Z'),
      ev.approved('c', 5_000, '2026-10-09T12:00:00.000Z'),
    ]);
    await runner.catchUp();
  }, 60_000);
  afterAll(async () => db?.close());

  const unmet = async (period: ReturnType<typeof fiscalYear>) =>
    Object.fromEntries((await loadPeriodRecords(db, period, period.start)).requests.map((r) => [r.requestedCents, [r.outcome, r.unmetCents]]));

  it('given money released unpaid, then the request stays approved and what was released is unmet from the release on, never before', async () => {
    expect(await unmet(fiscalQuarter(2027, 1))).toEqual({ 10_000: ['approved', 6_000], 20_000: ['approved', 0], 5_000: ['approved', 0] });
    expect(await unmet(fiscalYear(2027))).toEqual({ 10_000: ['approved', 6_000], 20_000: ['approved', 20_000], 5_000: ['approved', 0] });
  });

  it('never counts more unmet than was requested', () => {
    expect(unmetAt('approved', 10_000, 12_000, 1_000)).toBe(0);
    expect(unmetAt('approved', 10_000, 8_000, 8_000)).toBe(10_000);
    expect(unmetAt('denied', 10_000, null, 0)).toBe(10_000);
  });
});
