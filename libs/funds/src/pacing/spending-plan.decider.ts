import { DomainError, type Decider } from '@fund/event-sourcing';
import type { FundState } from '../fund.decider';
import type { PacingWarnings, PlannedPeriod, SpendingPlanCadence, SpendingPlanEvent, SpendingPlanSet } from './spending-plan.events';

/** Every fund's spending plans live in one small stream: set rarely, read together by the overview. */
export const SPENDING_PLANS_STREAM = 'spending-plans';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const QUARTER_STARTS = new Set(['01', '04', '07', '10']);
export const MAX_PLANNED_PERIODS = 36;

export type SpendingPlan = SpendingPlanSet['data'];
export const planKey = (fundId: string, budgetLineId: string | null) => `${fundId}/${budgetLineId ?? ''}`;

export interface SpendingPlansState {
  readonly plans: Readonly<Record<string, SpendingPlan>>;
}

/** `fund`: the fund's folded state, so a plan names a fund that exists and a line it has. */
export type SetSpendingPlan = {
  readonly type: 'SetSpendingPlan';
  readonly data: {
    readonly fundId: string;
    readonly fund: FundState;
    readonly budgetLineId: string | null;
    readonly cadence: SpendingPlanCadence;
    readonly periods: readonly PlannedPeriod[];
    readonly warnings: PacingWarnings;
    readonly now: Date;
  };
};

function requirePeriods(cadence: SpendingPlanCadence, periods: readonly PlannedPeriod[]): void {
  if (periods.length === 0 || periods.length > MAX_PLANNED_PERIODS) {
    throw new DomainError('SPENDING_PLAN.PERIODS', `A plan has 1 to ${MAX_PLANNED_PERIODS} periods`, { field: 'periods' }, 'validation');
  }
  for (const [i, p] of periods.entries()) {
    if (!MONTH.test(p.start)) throw new DomainError('SPENDING_PLAN.PERIODS', 'A period starts on a month written YYYY-MM', { field: `periods.${i}.start` }, 'validation');
    if (cadence === 'quarter' && !QUARTER_STARTS.has(p.start.slice(5, 7))) {
      throw new DomainError('SPENDING_PLAN.QUARTER_START', 'A quarter starts in January, April, July or October', { field: `periods.${i}.start` });
    }
    if (!Number.isInteger(p.amountCents) || p.amountCents < 0) throw new DomainError('SPENDING_PLAN.PERIODS', 'Amounts are whole cents, 0 or more', { field: `periods.${i}.amountCents` }, 'validation');
    const previous = periods[i - 1];
    if (previous && addMonths(previous.start, cadence === 'quarter' ? 3 : 1) > p.start) {
      throw new DomainError('SPENDING_PLAN.PERIODS_OVERLAP', 'Periods follow one another in order, without overlapping', { field: `periods.${i}.start` });
    }
  }
}

export function addMonths(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export const spendingPlansDecider: Decider<SpendingPlansState, SetSpendingPlan, SpendingPlanEvent> = {
  initialState: () => ({ plans: {} }),
  evolve: (state, event) => ({ plans: { ...state.plans, [planKey(event.data.fundId, event.data.budgetLineId)]: event.data } }),
  decide: ({ data }) => {
    const { fund, fundId, budgetLineId, cadence, periods, warnings, now } = data;
    if (fund.status !== 'open') throw new DomainError('FUND.NOT_FOUND', 'No fund with this id', { fundId }, 'not_found');
    if (budgetLineId !== null && !fund.restrictions?.budgetLines.some((l) => l.lineId === budgetLineId)) {
      throw new DomainError('SPENDING_PLAN.UNKNOWN_BUDGET_LINE', `This fund has no budget line ${budgetLineId}`, { field: 'budgetLineId' });
    }
    requirePeriods(cadence, periods);
    return [{ type: 'SpendingPlanSet', data: { fundId, budgetLineId, cadence, periods: periods.map((p) => ({ ...p })), warnings: { ...warnings }, setOn: now.toISOString().slice(0, 10) } }];
  },
};
