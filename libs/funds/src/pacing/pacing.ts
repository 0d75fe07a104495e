import type { RecordedEvent } from '@fund/event-sourcing';
import { budgetActuals, fundFigures, type FundState } from '../fund.decider';
import type { FundEvent } from '../fund.events';
import { addMonths, type SpendingPlan } from './spending-plan.decider';

/** Money moving in a fund on a day: newly promised (net of releases) and paid out (net of voids), on a line or not. */
export interface Movement {
  readonly day: string;
  readonly budgetLineId: string | null;
  readonly committedCents: number;
  readonly spentCents: number;
}

/**
 * A fund's movements from its own recorded events, dated when they were recorded (a payment on
 * the day it says the money moved). A reservation commits money; a release gives it back; a card
 * purchase commits and spends at once. A request's release and payments count on the line its
 * reservation named. `lineOf`: the lines named by the events before these (read on from a cache);
 * it is updated with theirs.
 */
export function movementsOf(events: readonly RecordedEvent<FundEvent>[], lineOf: Map<string, string> = new Map()): Movement[] {
  const out: Movement[] = [];
  for (const e of events) {
    const day = e.metadata.occurredAt.slice(0, 10);
    switch (e.type) {
      case 'MoneyReserved':
        if (e.data.budgetLineId) lineOf.set(e.data.requestId, e.data.budgetLineId);
        out.push({ day, budgetLineId: e.data.budgetLineId ?? null, committedCents: e.data.amountCents, spentCents: 0 });
        break;
      case 'ReservationReleased':
        out.push({ day, budgetLineId: lineOf.get(e.data.requestId) ?? null, committedCents: -e.data.amountCents, spentCents: 0 });
        break;
      case 'MoneyDisbursed':
        out.push({ day: e.data.paidOn ?? day, budgetLineId: lineOf.get(e.data.requestId) ?? null, committedCents: 0, spentCents: e.data.amountCents });
        break;
      case 'DisbursementVoided':
        out.push({ day, budgetLineId: lineOf.get(e.data.requestId) ?? null, committedCents: 0, spentCents: -e.data.amountCents });
        break;
      case 'MoneySpentOnStock':
        out.push({ day: e.data.paidOn, budgetLineId: null, committedCents: e.data.amountCents, spentCents: e.data.amountCents });
        break;
      default:
        break;
    }
  }
  return out;
}

export const PACING_WARNINGS = ['low_balance', 'over_pace'] as const;
export type PacingWarning = (typeof PACING_WARNINGS)[number];
/** The window the recent rate is taken over, in days (today included). */
export const RECENT_DAYS = 90;

export interface PeriodPace {
  readonly start: string;
  /** Last day of the period, included. */
  readonly end: string;
  readonly plannedCents: number;
  readonly committedCents: number;
  readonly spentCents: number;
}

export interface Pacing {
  readonly fundId: string;
  readonly budgetLineId: string | null;
  readonly cadence: SpendingPlan['cadence'];
  readonly periods: readonly PeriodPace[];
  /** From the plan's first day to today: the plan prorated by days within the current period. */
  readonly toDate: { readonly plannedCents: number; readonly committedCents: number; readonly spentCents: number };
  /** Money not yet promised: the fund's available money, or what is left on the line (never more than the fund has). */
  readonly remainingCents: number;
  /** Net new commitments per day over the last RECENT_DAYS days, in whole cents. */
  readonly recentDailyCents: number;
  /** The day the remaining money runs out at the recent rate; null when nothing was committed recently. */
  readonly runsOutOn: string | null;
  readonly planEndsOn: string;
  readonly warnings: readonly PacingWarning[];
}

const DAY_MS = 86_400_000;
const toTime = (day: string) => Date.parse(`${day}T00:00:00Z`);
const toDay = (time: number) => new Date(time).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => Math.round((toTime(to) - toTime(from)) / DAY_MS);

/**
 * Spent and committed against a spending plan, the projected day money runs out at the recent
 * rate, and the warnings the plan asks for. Pure: the fund's state and movements and today come
 * in; the same figures on the overview, the council's queue and in the notification sweep.
 */
export function pacingOf(plan: SpendingPlan, fund: FundState, movements: readonly Movement[], today: string): Pacing {
  const months = plan.cadence === 'quarter' ? 3 : 1;
  const mine = movements.filter((m) => plan.budgetLineId === null || m.budgetLineId === plan.budgetLineId);
  const sum = (from: string, to: string, pick: (m: Movement) => number) => mine.filter((m) => m.day >= from && m.day <= to).reduce((s, m) => s + pick(m), 0);
  const periods = plan.periods.map((p): PeriodPace => {
    const from = `${p.start}-01`;
    const end = toDay(toTime(`${addMonths(p.start, months)}-01`) - DAY_MS);
    return { start: from, end, plannedCents: p.amountCents, committedCents: sum(from, end, (m) => m.committedCents), spentCents: sum(from, end, (m) => m.spentCents) };
  });
  const planStartsOn = periods[0]?.start ?? today;
  const planEndsOn = periods.at(-1)?.end ?? today;
  const plannedToDate = periods.reduce((s, p) => {
    if (p.end < today) return s + p.plannedCents;
    if (p.start > today) return s;
    return s + Math.round((p.plannedCents * (daysBetween(p.start, today) + 1)) / (daysBetween(p.start, p.end) + 1));
  }, 0);
  const committedToDate = sum(planStartsOn, today, (m) => m.committedCents);
  const spentToDate = sum(planStartsOn, today, (m) => m.spentCents);

  const available = fundFigures(fund).availableCents;
  const line = plan.budgetLineId === null ? null : budgetActuals(fund).find((l) => l.lineId === plan.budgetLineId);
  const remainingCents = Math.max(0, line ? Math.min(line.remainingCents, available) : available);
  const recent = sum(toDay(toTime(today) - (RECENT_DAYS - 1) * DAY_MS), today, (m) => m.committedCents);
  const recentDailyCents = Math.max(0, Math.round(recent / RECENT_DAYS));
  const runsOutOn = recentDailyCents > 0 ? toDay(toTime(today) + Math.floor(remainingCents / recentDailyCents) * DAY_MS) : null;

  const warnings: PacingWarning[] = [];
  if (plan.warnings.lowBalanceCents !== null && remainingCents < plan.warnings.lowBalanceCents) warnings.push('low_balance');
  if (committedToDate > 0 && committedToDate * 100 > plannedToDate * (100 + plan.warnings.overPacePercent)) warnings.push('over_pace');
  return {
    fundId: plan.fundId,
    budgetLineId: plan.budgetLineId,
    cadence: plan.cadence,
    periods,
    toDate: { plannedCents: plannedToDate, committedCents: committedToDate, spentCents: spentToDate },
    remainingCents,
    recentDailyCents,
    runsOutOn,
    planEndsOn,
    warnings,
  };
}
