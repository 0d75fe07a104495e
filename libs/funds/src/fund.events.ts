import type { DomainEvent } from '@fund/event-sourcing';
import type { PaymentReference } from './payees/payee.events';

/** Why money held for a request goes back to the fund's available figure. */
/**
 * `grant_closed`: released at a grant's close-out; `moved_at_close_out`: the same money reserved
 * for the same request in another fund, in the same append (docs/adr/0021).
 */
export const RELEASE_REASONS = ['withdrawn', 'expired', 'underspent', 'covered_by_stock', 'closed', 'grant_closed', 'moved_at_close_out'] as const;
export type ReleaseReason = (typeof RELEASE_REASONS)[number];

export type FundOpened = DomainEvent<'FundOpened', { readonly fundId: string; readonly name: string; readonly restricted: boolean }>;
export type MoneyReceived = DomainEvent<'MoneyReceived', { readonly donationId: string; readonly amountCents: number }>;
/**
 * What a restricted fund's grant allows, as awarded or amended. Categories and payment methods
 * are the fund-request vocabulary; provider types and counties, when present, narrow who may be
 * helped with it. Days are `YYYY-MM-DD`: money may be committed from `firstDay` to `lastDay` (the
 * period of performance) and paid out until `liquidationDeadline`. A category belongs to at most
 * one budget line; with no budget lines, only the fund's balance limits it. `match` is recorded
 * for the funder's reports, not enforced.
 */
export interface FundRestrictions {
  readonly purpose: {
    readonly categories: readonly string[];
    readonly paymentMethods: readonly string[];
    readonly providerTypes?: readonly string[];
    readonly counties?: readonly string[];
  };
  readonly period: { readonly firstDay: string; readonly lastDay: string; readonly liquidationDeadline: string };
  readonly budgetLines: readonly BudgetLine[];
  readonly match?: { readonly requiredCents: number };
}
export interface BudgetLine {
  readonly lineId: string;
  readonly categories: readonly string[];
  readonly amountCents: number;
}

/**
 * The grant's restrictions from now on: revision 1 is the award, each later revision an
 * amendment. Earlier revisions stay in the stream; commitments already made keep their line.
 */
export type FundRestrictionsSet = DomainEvent<
  'FundRestrictionsSet',
  { readonly revision: number; readonly restrictions: FundRestrictions; readonly effectiveOn: string; readonly reference?: string }
>;
/** `budgetLineId`: the line of a restricted fund this reservation counts against; absent when the fund has none. */
export type MoneyReserved = DomainEvent<'MoneyReserved', { readonly requestId: string; readonly amountCents: number; readonly budgetLineId?: string }>;
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

/**
 * Money paid to a vendor for gift cards or passes (a card purchase, `libs/inventory`): it leaves
 * the fund as stock at cost, not as help to a request, so it draws on the available money and
 * holds no reservation. Counted in the fund's `disbursedCents` (money that left the fund).
 */
export type MoneySpentOnStock = DomainEvent<
  'MoneySpentOnStock',
  { readonly purchaseId: string; readonly amountCents: number; readonly paidOn: string; readonly payeeId: string; readonly paymentReference?: PaymentReference }
>;

/**
 * Money from a sale of donated stock (`StockSold`, libs/inventory): it comes into the fund as
 * available money like a gift of money. `amountCents` may be 0 (goods sold for nothing).
 */
export type SaleProceedsReceived = DomainEvent<
  'SaleProceedsReceived',
  { readonly saleId: string; readonly itemId: string; readonly amountCents: number; readonly soldOn: string }
>;

/** What the coordinator decided for one reservation open at a grant's close-out. */
export type CloseOutAction = 'release' | 'move' | 'keep';
export interface CloseOutOutcome {
  readonly requestId: string;
  readonly amountCents: number;
  readonly action: CloseOutAction;
  /** The fund the reservation moved to (`move` only). */
  readonly toFundId?: string;
  /** The budget line the money counted against in this fund, when it had one. */
  readonly budgetLineId?: string;
}
/**
 * The grant is closed out: no new reservation from now on. Every reservation open at the close is
 * listed with its decision: released and moved ones were released in the same append (reasons
 * `grant_closed` and `moved_at_close_out`); kept ones may still be paid until the liquidation
 * deadline. `closedOn` is a day, `YYYY-MM-DD`.
 */
export type GrantClosedOut = DomainEvent<'GrantClosedOut', { readonly closedOn: string; readonly outcomes: readonly CloseOutOutcome[]; readonly reference?: string }>;

export type FundEvent = FundOpened | FundRestrictionsSet | MoneyReceived | MoneyReserved | ReservationReleased | MoneyDisbursed | DisbursementVoided | MoneySpentOnStock | GrantClosedOut | SaleProceedsReceived;
