import type { DomainEvent } from '@fund/event-sourcing';

/** Why money held for a request goes back to the fund's available figure. */
export const RELEASE_REASONS = ['withdrawn', 'expired', 'underspent', 'covered_by_stock', 'closed'] as const;
export type ReleaseReason = (typeof RELEASE_REASONS)[number];

export type FundOpened = DomainEvent<'FundOpened', { readonly fundId: string; readonly name: string; readonly restricted: boolean }>;
export type MoneyReceived = DomainEvent<'MoneyReceived', { readonly donationId: string; readonly amountCents: number }>;
export type MoneyReserved = DomainEvent<'MoneyReserved', { readonly requestId: string; readonly amountCents: number }>;
export type ReservationReleased = DomainEvent<
  'ReservationReleased',
  { readonly requestId: string; readonly amountCents: number; readonly reason: ReleaseReason }
>;
/**
 * Draws down the request's reservation: money leaves the fund. `paidOn` (`YYYY-MM-DD`) is the day
 * the money moved, as the coordinator stated it; events written before it was asked have none.
 */
export type MoneyDisbursed = DomainEvent<
  'MoneyDisbursed',
  { readonly requestId: string; readonly disbursementId: string; readonly amountCents: number; readonly paidOn?: string }
>;
/** The voided amount comes back into the fund and into the request's reservation. */
export type DisbursementVoided = DomainEvent<
  'DisbursementVoided',
  { readonly requestId: string; readonly disbursementId: string; readonly amountCents: number }
>;

export type FundEvent = FundOpened | MoneyReceived | MoneyReserved | ReservationReleased | MoneyDisbursed | DisbursementVoided;
