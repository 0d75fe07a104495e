import type { DomainEvent } from '@fund/event-sourcing';
import type { PaymentReference } from './payees/payee.events';

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
 * the money moved, `payeeId` who was paid and `paymentReference` how to find the payment, as the
 * coordinator stated them; events written before they were asked have none.
 */
export type MoneyDisbursed = DomainEvent<
  'MoneyDisbursed',
  {
    readonly requestId: string;
    readonly disbursementId: string;
    readonly amountCents: number;
    readonly paidOn?: string;
    readonly payeeId?: string;
    readonly paymentReference?: PaymentReference;
  }
>;
/** The voided amount comes back into the fund and into the request's reservation. */
export type DisbursementVoided = DomainEvent<
  'DisbursementVoided',
  { readonly requestId: string; readonly disbursementId: string; readonly amountCents: number }
>;

export type FundEvent = FundOpened | MoneyReceived | MoneyReserved | ReservationReleased | MoneyDisbursed | DisbursementVoided;
