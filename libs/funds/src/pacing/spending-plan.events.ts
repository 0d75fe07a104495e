import type { DomainEvent } from '@fund/event-sourcing';

export const SPENDING_PLAN_CADENCES = ['month', 'quarter'] as const;
export type SpendingPlanCadence = (typeof SPENDING_PLAN_CADENCES)[number];

/** One period of a plan: it starts on the first day of `start` (`YYYY-MM`) and lasts a month or a quarter. */
export interface PlannedPeriod {
  readonly start: string;
  readonly amountCents: number;
}

/**
 * When to warn: `lowBalanceCents`, money not yet promised (or left on the line) below it;
 * `overPacePercent`, commitments to date more than this share above the plan to date.
 */
export interface PacingWarnings {
  readonly lowBalanceCents: number | null;
  readonly overPacePercent: number;
}

/**
 * How a fund (or one budget line of a grant, `budgetLineId`) means to spend its money, period by
 * period, and when to warn. The whole plan each time; the latest for a fund and line is in force.
 */
export type SpendingPlanSet = DomainEvent<
  'SpendingPlanSet',
  {
    readonly fundId: string;
    readonly budgetLineId: string | null;
    readonly cadence: SpendingPlanCadence;
    readonly periods: readonly PlannedPeriod[];
    readonly warnings: PacingWarnings;
    readonly setOn: string;
  }
>;
export type SpendingPlanEvent = SpendingPlanSet;
