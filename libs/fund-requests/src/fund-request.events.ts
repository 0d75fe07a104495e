import type { DomainEvent } from '@fund/event-sourcing';
import type { FundChoice, PaymentReference } from '@fund/funds';
import type { DenialReason, Demographics, LostReceiptReason, PaymentMethod, QuestionCode, Urgency } from './vocabulary';

export type FundRequestSubmitted = DomainEvent<
  'FundRequestSubmitted',
  {
    requestId: string;
    organizationId: string;
    submitterId: string;
    survivorReference: string;
    category: string;
    amountCents: number;
    paymentMethod: PaymentMethod;
    urgency: Urgency;
    neededBy: string;
    demographics: Demographics;
    /** The narrative itself lives encrypted in the narrative vault, never in an event. */
    hasNarrative: boolean;
    expedited: boolean;
    submittedAt: string;
  }
>;
export type MoreInformationRequested = DomainEvent<'MoreInformationRequested', { askedBy: string; questionCode: QuestionCode }>;
export type InformationProvided = DomainEvent<'InformationProvided', { providedBy: string; hasNote: boolean }>;
export type RequestVoteCast = DomainEvent<
  'RequestVoteCast',
  {
    memberId: string;
    organizationId: string;
    vote: 'approve' | 'deny' | 'recuse';
    amountCents: number | null;
    reasonCode: DenialReason | null;
  }
>;
/**
 * `fundChoice`: whether the fund was named on the vote or chosen by the rule (restricted fund
 * ending first, else the protocol's default); `agency`: the requesting agency's kind and county,
 * which a grant may narrow. Both absent on approvals decided before restricted funds were weighed.
 */
export type FundRequestApproved = DomainEvent<
  'FundRequestApproved',
  {
    amountCents: number;
    fundId: string;
    approverIds: string[];
    expedited: boolean;
    decidedAt: string;
    fundChoice?: FundChoice;
    agency?: { providerType: string; county: string };
  }
>;
export type FundRequestDenied = DomainEvent<'FundRequestDenied', { reasonCode: DenialReason; decidedAt: string }>;
export type FundRequestWithdrawn = DomainEvent<'FundRequestWithdrawn', { releasedCents: number }>;
export type FundRequestExpired = DomainEvent<'FundRequestExpired', { releasedCents: number }>;
export type ExpeditedApprovalRatified = DomainEvent<'ExpeditedApprovalRatified', { ratifiedBy: string }>;
export type DisbursementRecorded = DomainEvent<
  'DisbursementRecorded',
  {
    disbursementId: string;
    disbursedBy: string;
    source: 'money' | 'stock';
    amountCents: number;
    paymentMethod: PaymentMethod;
    fundId: string | null;
    itemId: string | null;
    quantity: number | null;
    serials: string[] | null;
    receiptDueOn: string | null;
    disbursedAt: string;
    /** Money only: the day the money moved, as stated; events written before it was asked have none. */
    paidOn?: string;
    /** Money only: the registered payee paid, and how the payment is found; absent when not stated. */
    payeeId?: string;
    paymentReference?: PaymentReference;
  }
>;
export type RequestDisbursementVoided = DomainEvent<'RequestDisbursementVoided', { disbursementId: string; amountCents: number }>;
/** `documentId`: the attached receipt or invoice (absent when none was pointed at, as on every receipt before documents). */
export type ReceiptRecorded = DomainEvent<'ReceiptRecorded', { disbursementId: string; receiptId: string; amountCents: number; documentId?: string }>;
export type LostReceiptAttested = DomainEvent<'LostReceiptAttested', { disbursementId: string; reasonCode: LostReceiptReason; attestedBy: string }>;
/** The narrative's key was destroyed: every copy of the text is unreadable from now on. */
export type NarrativeShredded = DomainEvent<'NarrativeShredded', { reason: 'retention' | 'on_demand' }>;
/** The grant holding this request's reservation was closed out and the money now waits in `toFundId`. */
export type ReservationMovedToFund = DomainEvent<'ReservationMovedToFund', { fromFundId: string; toFundId: string; amountCents: number; movedAt: string }>;
/**
 * The grant holding this request's reservation was closed out and the reservation released: what
 * was paid stays paid, nothing more will be. A request with nothing paid ends here.
 */
export type GrantCommitmentReleased = DomainEvent<'GrantCommitmentReleased', { fundId: string; releasedCents: number; releasedAt: string }>;
export type FundRequestClosed = DomainEvent<'FundRequestClosed', { releasedCents: number; closedAt: string }>;

export type FundRequestEvent =
  | FundRequestSubmitted
  | MoreInformationRequested
  | InformationProvided
  | RequestVoteCast
  | FundRequestApproved
  | FundRequestDenied
  | FundRequestWithdrawn
  | FundRequestExpired
  | ExpeditedApprovalRatified
  | DisbursementRecorded
  | RequestDisbursementVoided
  | ReceiptRecorded
  | LostReceiptAttested
  | FundRequestClosed
  | ReservationMovedToFund
  | GrantCommitmentReleased
  | NarrativeShredded;

export const fundRequestStreamId = (requestId: string) => `fund-request-${requestId}`;
