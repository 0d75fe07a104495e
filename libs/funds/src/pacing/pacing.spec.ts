import type { RecordedEvent } from '@fund/event-sourcing';
import { deciderSpec } from '@fund/event-sourcing/testing';
import { fundDecider, type FundState } from '../fund.decider';
import type { FundEvent, FundRestrictions } from '../fund.events';
import { movementsOf, pacingOf, type Movement } from './pacing';
import { spendingPlansDecider, type SpendingPlan } from './spending-plan.decider';

const grant: FundRestrictions = {
  purpose: { categories: ['lodging', 'groceries'], paymentMethods: ['vendor_payment'] },
  period: { firstDay: '2026-10-01', lastDay: '2027-09-30', liquidationDeadline: '2027-12-29' },
  budgetLines: [
    { lineId: 'housing', categories: ['lodging'], amountCents: 60_000 },
    { lineId: 'basic-needs', categories: ['groceries'], amountCents: 40_000 },
  ],
};
const fundEvents: FundEvent[] = [
  { type: 'FundOpened', data: { fundId: 'voca', name: 'VOCA', restricted: true } },
  { type: 'MoneyReceived', data: { donationId: 'd', amountCents: 100_000 } },
  { type: 'FundRestrictionsSet', data: { revision: 1, restrictions: grant, effectiveOn: '2026-10-01' } },
];
const fold = (events: FundEvent[]): FundState => events.reduce(fundDecider.evolve, fundDecider.initialState());
const plan = (over: Partial<SpendingPlan> = {}): SpendingPlan => ({
  fundId: 'voca',
  budgetLineId: null,
  cadence: 'month',
  periods: [
    { start: '2026-10', amountCents: 10_000 },
    { start: '2026-11', amountCents: 10_000 },
    { start: '2026-12', amountCents: 10_000 },
  ],
  warnings: { lowBalanceCents: null, overPacePercent: 10 },
  setOn: '2026-10-01',
  ...over,
});
const committed = (day: string, cents: number, budgetLineId: string | null = 'housing'): Movement => ({ day, budgetLineId, committedCents: cents, spentCents: 0 });

describe('budget pacing (pure)', () => {
  it('given commitments by month, then each period shows planned, committed and spent, and to date the plan is prorated by days', () => {
    const p = pacingOf(plan(), fold(fundEvents), [committed('2026-10-05', 8_000), { day: '2026-10-20', budgetLineId: 'housing', committedCents: 0, spentCents: 5_000 }, committed('2026-11-02', 3_000)], '2026-11-15');
    expect(p.periods).toEqual([
      { start: '2026-10-01', end: '2026-10-31', plannedCents: 10_000, committedCents: 8_000, spentCents: 5_000 },
      { start: '2026-11-01', end: '2026-11-30', plannedCents: 10_000, committedCents: 3_000, spentCents: 0 },
      { start: '2026-12-01', end: '2026-12-31', plannedCents: 10_000, committedCents: 0, spentCents: 0 },
    ]);
    // October in full, and 15 of November's 30 days.
    expect(p.toDate).toEqual({ plannedCents: 15_000, committedCents: 11_000, spentCents: 5_000 });
    expect(p.planEndsOn).toBe('2026-12-31');
    expect(p.warnings).toEqual([]);
  });

  it('warns over pace when commitments to date pass the plan to date by more than the tolerance, and not at it', () => {
    const at = pacingOf(plan(), fold(fundEvents), [committed('2026-10-02', 11_000)], '2026-10-31');
    expect(at.warnings).toEqual([]);
    const over = pacingOf(plan(), fold(fundEvents), [committed('2026-10-02', 11_001)], '2026-10-31');
    expect(over.warnings).toEqual(['over_pace']);
  });

  it('projects the day money runs out at the recent rate (the last 90 days), and none when nothing was committed lately', () => {
    const fund = fold([...fundEvents, { type: 'MoneyReserved', data: { requestId: 'r', amountCents: 9_000, budgetLineId: 'housing' } }]);
    // 9,000 over 90 days = 100 a day; 91,000 available lasts 910 days.
    const p = pacingOf(plan(), fund, [committed('2026-11-01', 9_000)], '2026-11-15');
    expect([p.remainingCents, p.recentDailyCents, p.runsOutOn]).toEqual([91_000, 100, '2029-05-13']);
    expect(pacingOf(plan(), fund, [committed('2026-01-01', 9_000)], '2026-11-15').runsOutOn).toBeNull();
  });

  it('paces one budget line on its own movements, its remaining money never more than the fund has', () => {
    const fund = fold([...fundEvents, { type: 'MoneyReserved', data: { requestId: 'r', amountCents: 50_000, budgetLineId: 'housing' } }]);
    const moves = [committed('2026-10-03', 50_000), committed('2026-10-04', 2_000, 'basic-needs')];
    const line = pacingOf(plan({ budgetLineId: 'housing', warnings: { lowBalanceCents: 15_000, overPacePercent: 0 } }), fund, moves, '2026-10-31');
    expect([line.toDate.committedCents, line.remainingCents, line.warnings]).toEqual([50_000, 10_000, ['low_balance', 'over_pace']]);
    const whole = pacingOf(plan({ warnings: { lowBalanceCents: 15_000, overPacePercent: 1_000 } }), fund, moves, '2026-10-31');
    expect([whole.toDate.committedCents, whole.remainingCents, whole.warnings]).toEqual([52_000, 50_000, []]);
  });

  it('reads movements off recorded fund events: releases give commitments back on their line, payments count on the day money moved', () => {
    const at = (type: FundEvent['type'], data: object, day: string) => ({ type, data, metadata: { occurredAt: `${day}T12:00:00.000Z` } }) as unknown as RecordedEvent<FundEvent>;
    expect(
      movementsOf([
        at('MoneyReserved', { requestId: 'r', amountCents: 5_000, budgetLineId: 'housing' }, '2026-10-02'),
        at('MoneyDisbursed', { requestId: 'r', disbursementId: 'x', amountCents: 3_000, paidOn: '2026-10-01' }, '2026-10-03'),
        at('ReservationReleased', { requestId: 'r', amountCents: 2_000, reason: 'underspent' }, '2026-10-04'),
        at('MoneyReceived', { donationId: 'd', amountCents: 1 }, '2026-10-04'),
      ]),
    ).toEqual([
      { day: '2026-10-02', budgetLineId: 'housing', committedCents: 5_000, spentCents: 0 },
      { day: '2026-10-01', budgetLineId: 'housing', committedCents: 0, spentCents: 3_000 },
      { day: '2026-10-04', budgetLineId: 'housing', committedCents: -2_000, spentCents: 0 },
    ]);
  });
});

describe('spending plans (decider)', () => {
  const spec = deciderSpec(spendingPlansDecider);
  const now = new Date('2026-10-01T09:00:00Z');
  const set = (over: object = {}) => ({
    type: 'SetSpendingPlan' as const,
    data: { fundId: 'voca', fund: fold(fundEvents), budgetLineId: null, cadence: 'quarter' as const, periods: [{ start: '2026-10', amountCents: 30_000 }, { start: '2027-01', amountCents: 30_000 }], warnings: { lowBalanceCents: 5_000, overPacePercent: 10 }, now, ...over },
  });

  it('records the plan for the fund, or for one of its budget lines', () => {
    spec.given([]).when(set()).then({
      type: 'SpendingPlanSet',
      data: { fundId: 'voca', budgetLineId: null, cadence: 'quarter', periods: [{ start: '2026-10', amountCents: 30_000 }, { start: '2027-01', amountCents: 30_000 }], warnings: { lowBalanceCents: 5_000, overPacePercent: 10 }, setOn: '2026-10-01' },
    });
    spec.given([]).when(set({ budgetLineId: 'housing' })).then(expect.objectContaining({ data: expect.objectContaining({ budgetLineId: 'housing' }) }));
  });

  it.each([
    ['an unknown fund', { fund: { status: 'none' } }, 'FUND.NOT_FOUND'],
    ['a line the fund does not have', { budgetLineId: 'yachts' }, 'SPENDING_PLAN.UNKNOWN_BUDGET_LINE'],
    ['a quarter starting in November', { periods: [{ start: '2026-11', amountCents: 1 }] }, 'SPENDING_PLAN.QUARTER_START'],
    ['overlapping quarters', { periods: [{ start: '2026-10', amountCents: 1 }, { start: '2026-10', amountCents: 1 }] }, 'SPENDING_PLAN.PERIODS_OVERLAP'],
    ['no periods', { periods: [] }, 'SPENDING_PLAN.PERIODS'],
  ])('refuses %s', (_, over, code) => {
    spec.given([]).when(set(over)).thenThrows(code);
  });
});
