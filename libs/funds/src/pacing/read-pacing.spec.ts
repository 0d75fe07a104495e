import { randomUUID } from 'node:crypto';
import { openEventStore, type DomainEvent, type EventToAppend, type OpenedEventStore, type RecordedEvent } from '@fund/event-sourcing';
import { fundDecider, fundStreamId } from '../fund.decider';
import type { FundEvent, FundRestrictions } from '../fund.events';
import { movementsOf, pacingOf } from './pacing';
import { readPacing } from './read-pacing';
import { SPENDING_PLANS_STREAM, spendingPlansDecider } from './spending-plan.decider';
import type { SpendingPlanSet } from './spending-plan.events';

const recorded = (event: DomainEvent, day: string): EventToAppend => ({
  ...event,
  metadata: {
    eventId: randomUUID(),
    schemaVersion: 1,
    occurredAt: `${day}T12:00:00.000Z`,
    correlationId: randomUUID(),
    causationId: null,
    actor: { userId: 'u', role: 'coordinator', organizationId: 'coalition' },
  },
});

const restrictions: FundRestrictions = {
  purpose: { categories: ['rent', 'food'], paymentMethods: ['check'] },
  period: { firstDay: '2026-01-01', lastDay: '2027-06-30', liquidationDeadline: '2027-07-31' },
  budgetLines: [{ lineId: 'housing', categories: ['rent'], amountCents: 400_000 }],
};

/** Many days of reservations, payments, voids and releases, some on the line. */
function activity(from: number, days: number): [FundEvent, string][] {
  const out: [FundEvent, string][] = [];
  for (let i = from; i < from + days; i++) {
    const day = new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const requestId = `r-${i}`;
    const line = i % 3 === 0 ? { budgetLineId: 'housing' } : {};
    out.push([{ type: 'MoneyReserved', data: { requestId, amountCents: 1_000 + (i % 7) * 100, ...line } }, day]);
    out.push([{ type: 'MoneyDisbursed', data: { requestId, disbursementId: `x-${i}`, amountCents: 500, paidOn: day } }, day]);
    if (i % 5 === 0) out.push([{ type: 'DisbursementVoided', data: { requestId, disbursementId: `x-${i}`, amountCents: 500 } }, day]);
    if (i % 4 === 0) out.push([{ type: 'ReservationReleased', data: { requestId, amountCents: 300, reason: 'underspent' } }, day]);
  }
  return out;
}

describe('reading pacing from the store', () => {
  let opened: OpenedEventStore;
  beforeAll(async () => (opened = await openEventStore({ kind: 'pglite' })));
  afterAll(async () => opened?.store.close());

  /** What the pacing is when folded from the whole of both streams, as it was read before the cache. */
  async function fromScratch(today: string) {
    const { store } = opened;
    const plans = (await store.readStream(SPENDING_PLANS_STREAM)).events.reduce((s, e) => spendingPlansDecider.evolve(s, e as unknown as SpendingPlanSet), spendingPlansDecider.initialState());
    const { events } = await store.readStream<FundEvent>(fundStreamId('grant'));
    const fund = events.reduce((s, e) => fundDecider.evolve(s, { type: e.type, data: e.data } as FundEvent), fundDecider.initialState());
    return Object.values(plans.plans)
      .sort((a, b) => (a.budgetLineId ?? '').localeCompare(b.budgetLineId ?? ''))
      .map((plan) => pacingOf(plan, fund, movementsOf(events as RecordedEvent<FundEvent>[]), today));
  }

  it('given a fund with a long history, when events are appended between reads, then each read equals a fold of the whole stream', async () => {
    const { store } = opened;
    const opening: [FundEvent, string][] = [
      [{ type: 'FundOpened', data: { fundId: 'grant', name: 'Grant', restricted: true } }, '2026-01-01'],
      [{ type: 'FundRestrictionsSet', data: { revision: 1, restrictions, effectiveOn: '2026-01-01' } }, '2026-01-01'],
      [{ type: 'MoneyReceived', data: { donationId: 'd-1', amountCents: 2_000_000 } }, '2026-01-01'],
    ];
    let version = (await store.append({ streamId: fundStreamId('grant'), expectedVersion: 'no_stream', events: [...opening, ...activity(0, 150)].map(([e, day]) => recorded(e, day)) })).version;
    const plan = (budgetLineId: string | null): SpendingPlanSet => ({
      type: 'SpendingPlanSet',
      data: { fundId: 'grant', budgetLineId, cadence: 'month', periods: ['2026-09', '2026-10', '2026-11', '2026-12'].map((start) => ({ start, amountCents: 40_000 })), warnings: { lowBalanceCents: 1_500_000, overPacePercent: 10 }, setOn: '2026-09-01' },
    });
    await store.append({ streamId: SPENDING_PLANS_STREAM, expectedVersion: 'no_stream', events: [recorded(plan(null), '2026-09-01'), recorded(plan('housing'), '2026-09-01')] });

    const first = await readPacing(store, '2026-11-20');
    expect(first).toHaveLength(2);
    expect(first).toEqual(await fromScratch('2026-11-20'));
    // Nothing appended: the same figures.
    expect(await readPacing(store, '2026-11-20')).toEqual(first);

    // Through September: some of it falls in the plan's first month, so the figures to date move.
    version = (await store.append({ streamId: fundStreamId('grant'), expectedVersion: version, events: activity(150, 120).map(([e, day]) => recorded(e, day)) })).version;
    const second = await readPacing(store, '2026-12-10');
    expect(second).toEqual(await fromScratch('2026-12-10'));
    expect(second[0]!.toDate.committedCents).not.toBe(first[0]!.toDate.committedCents);

    // A payment charged on a request whose reservation named the line, appended alone.
    await store.append({ streamId: fundStreamId('grant'), expectedVersion: version, events: [recorded({ type: 'MoneyDisbursed', data: { requestId: 'r-150', disbursementId: 'x-late', amountCents: 200, paidOn: '2026-12-11' } }, '2026-12-11')] });
    expect(await readPacing(store, '2026-12-11')).toEqual(await fromScratch('2026-12-11'));
    expect(await readPacing(store, '2026-12-11', { fundId: 'grant', budgetLineId: 'housing' })).toEqual((await fromScratch('2026-12-11')).filter((p) => p.budgetLineId === 'housing'));
  });
});
