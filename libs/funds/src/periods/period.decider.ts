import { DomainError, followUp, type Decider, type Decision, type FollowUp, type Plan } from '@fund/event-sourcing';
import type { AccountingCalendarEvent, AccountingMonthEvent, PeriodKind } from './period.events';
import {
  closableFrom,
  dayOfInstant,
  FISCAL_YEAR_PATTERN,
  fiscalYearRange,
  MONTH_PATTERN,
  monthOf,
  monthRange,
  monthsOfFiscalYear,
  nextMonth,
} from './period.calendar';

/** One calendar for the coalition's books. */
export const ACCOUNTING_CALENDAR_STREAM = 'accounting-calendar';
export const accountingMonthStreamId = (month: string) => `accounting-month-${month}`;

export type ClosePeriod = {
  readonly type: 'ClosePeriod';
  readonly data: { readonly kind: PeriodKind; readonly period: string; readonly now: Date };
};
export type AccountingCalendarCommand = ClosePeriod;

export interface ClosedPeriod {
  readonly kind: PeriodKind;
  readonly period: string;
  readonly from: string;
  readonly to: string;
}

/** Never reopened: a correction goes in the open period, referring to what it corrects. */
export type AccountingCalendarState =
  | { readonly status: 'none' }
  | { readonly status: 'closing'; readonly lastClosedMonth: string; readonly closedFiscalYears: readonly number[]; readonly closed: readonly ClosedPeriod[] };

function closeMonth(month: string, now: Date, state: AccountingCalendarState): AccountingCalendarEvent[] {
  if (!MONTH_PATTERN.test(month)) throw new DomainError('PERIOD.UNKNOWN', 'A month is written YYYY-MM', { field: 'period' }, 'validation');
  if (state.status === 'closing' && state.closed.some((p) => p.kind === 'month' && p.period === month)) {
    throw new DomainError('PERIOD.ALREADY_CLOSED', 'This month is already closed; corrections go in the open period', { period: month, lastClosedMonth: state.lastClosedMonth }, 'conflict');
  }
  // Before the first close any ended month may start the books; after it, only the next one.
  if (state.status === 'closing' && month !== nextMonth(state.lastClosedMonth)) {
    throw new DomainError('PERIOD.OUT_OF_ORDER', 'Months close in order: close the month after the last closed one first', { period: month, nextToClose: nextMonth(state.lastClosedMonth) }, 'rule');
  }
  const from = closableFrom(month);
  if (dayOfInstant(now) < from) {
    throw new DomainError('PERIOD.NOT_ENDED', 'A month closes from the second day after it ends', { period: month, closableFrom: from }, 'rule');
  }
  return [{ type: 'PeriodClosed', data: { kind: 'month', period: month, ...monthRange(month) } }];
}

function closeFiscalYear(period: string, state: AccountingCalendarState): AccountingCalendarEvent[] {
  const match = FISCAL_YEAR_PATTERN.exec(period);
  if (!match) throw new DomainError('PERIOD.UNKNOWN', 'A fiscal year is written FY followed by the year it ends in (FY2027)', { field: 'period' }, 'validation');
  const fy = Number(match[1]);
  if (state.status === 'closing' && state.closedFiscalYears.includes(fy)) {
    throw new DomainError('PERIOD.ALREADY_CLOSED', 'This fiscal year is already closed', { period }, 'conflict');
  }
  const last = state.status === 'closing' ? state.lastClosedMonth : null;
  const closedMonths = new Set(state.status === 'closing' ? state.closed.filter((p) => p.kind === 'month').map((p) => p.period) : []);
  const open = monthsOfFiscalYear(fy).filter((m) => !closedMonths.has(m));
  if (open.length > 0 || last === null) {
    throw new DomainError('PERIOD.MONTHS_OPEN', 'A fiscal year closes once each of its twelve months is closed', { period, openMonths: open }, 'rule');
  }
  return [{ type: 'PeriodClosed', data: { kind: 'fiscal_year', period, ...fiscalYearRange(fy) } }];
}

function decideCalendar(command: AccountingCalendarCommand, state: AccountingCalendarState): AccountingCalendarEvent[] {
  const { kind, period, now } = command.data;
  return kind === 'month' ? closeMonth(period, now, state) : closeFiscalYear(period, state);
}

function evolveCalendar(state: AccountingCalendarState, event: AccountingCalendarEvent): AccountingCalendarState {
  const closed = [...(state.status === 'closing' ? state.closed : []), event.data];
  const lastClosedMonth = event.data.kind === 'month' ? event.data.period : state.status === 'closing' ? state.lastClosedMonth : '';
  const closedFiscalYears = [
    ...(state.status === 'closing' ? state.closedFiscalYears : []),
    ...(event.data.kind === 'fiscal_year' ? [Number(event.data.period.slice(2))] : []),
  ];
  return { status: 'closing', lastClosedMonth, closedFiscalYears, closed };
}

/** Which periods are closed, in order: months one after another, fiscal years once their months are. */
export const accountingCalendarDecider: Decider<AccountingCalendarState, AccountingCalendarCommand, AccountingCalendarEvent> = {
  initialState: () => ({ status: 'none' }),
  decide: decideCalendar,
  evolve: evolveCalendar,
};

export type AdmitDatedEntry = { readonly type: 'AdmitDatedEntry'; readonly data: { readonly effectiveDate: string } };
export type SealMonth = { readonly type: 'SealMonth'; readonly data: { readonly month: string } };
export type AccountingMonthCommand = AdmitDatedEntry | SealMonth;
export type AccountingMonthState = { readonly status: 'none' } | { readonly status: 'open' } | { readonly status: 'sealed' };

function decideMonth(command: AccountingMonthCommand, state: AccountingMonthState): AccountingMonthEvent[] {
  switch (command.type) {
    case 'AdmitDatedEntry': {
      const { effectiveDate } = command.data;
      if (state.status === 'sealed') {
        throw new DomainError('PERIOD.CLOSED', 'This date is in a closed period: record a correction dated in the open period instead', { effectiveDate, period: monthOf(effectiveDate) }, 'rule');
      }
      return [{ type: 'BackdatedEntryAdmitted', data: { effectiveDate } }];
    }
    case 'SealMonth':
      // The calendar refused a second close already; sealing twice would say nothing new.
      return state.status === 'sealed' ? [] : [{ type: 'MonthSealed', data: { month: command.data.month } }];
  }
}

/** A month's guard: dated entries admitted while it is open, refused once it is sealed. */
export const accountingMonthDecider: Decider<AccountingMonthState, AccountingMonthCommand, AccountingMonthEvent> = {
  initialState: () => ({ status: 'none' }),
  decide: decideMonth,
  evolve: (_state, event) => (event.type === 'MonthSealed' ? { status: 'sealed' } : { status: 'open' }),
};

/** Closing a month seals its guard stream in the same append; a fiscal year closes months already sealed. */
export function periodClosePlan({ events }: Decision<AccountingCalendarState, AccountingCalendarEvent>): Plan {
  return events.flatMap((e) =>
    e.data.kind === 'month' ? [followUp(accountingMonthStreamId(e.data.period), accountingMonthDecider, { type: 'SealMonth', data: { month: e.data.period } })] : [],
  );
}

/**
 * The follow-up every command with an effective date adds to its plan: an entry dated in an
 * earlier month than the day it is recorded must be admitted by that month's guard, which
 * refuses it once the month is closed and otherwise appends beside it, so a close racing with it
 * is decided again. An entry dated in the month it is recorded in needs no guard: that month
 * cannot close before its second day after (see `closableFrom`).
 */
export function admitDatedEntry(effectiveDate: string, recordedAt: Date | string): FollowUp[] {
  const recordedOn = typeof recordedAt === 'string' ? recordedAt.slice(0, 10) : dayOfInstant(recordedAt);
  if (monthOf(effectiveDate) >= monthOf(recordedOn)) return [];
  return [followUp(accountingMonthStreamId(monthOf(effectiveDate)), accountingMonthDecider, { type: 'AdmitDatedEntry', data: { effectiveDate } })];
}
