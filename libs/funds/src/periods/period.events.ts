import type { DomainEvent } from '@fund/event-sourcing';

export const PERIOD_KINDS = ['month', 'fiscal_year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/**
 * A month (`2026-11`) or a federal fiscal year (`FY2027`, October to September, named after the
 * year it ends in) is closed: no entry dated in it may be recorded any more. Journaled by the
 * audit ledger as the closing entry, which carries the period's trial balance and its digest.
 */
export type PeriodClosed = DomainEvent<
  'PeriodClosed',
  {
    readonly kind: PeriodKind;
    readonly period: string;
    /** First and last day of the period (`YYYY-MM-DD`, UTC), both included. */
    readonly from: string;
    readonly to: string;
  }
>;

export type AccountingCalendarEvent = PeriodClosed;

/**
 * On a month's own stream: an entry dated in this month was recorded after the month had ended
 * (a payment's `paidOn`, a gift's `receivedOn`). It exists so that a close of the month and that
 * entry append to the same stream: whichever commits second is decided again on the first.
 */
export type BackdatedEntryAdmitted = DomainEvent<'BackdatedEntryAdmitted', { readonly effectiveDate: string }>;

/** On a month's own stream, with the calendar's `PeriodClosed`: nothing dated in it is admitted any more. */
export type MonthSealed = DomainEvent<'MonthSealed', { readonly month: string }>;

export type AccountingMonthEvent = BackdatedEntryAdmitted | MonthSealed;
