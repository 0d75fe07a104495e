import type { FundOption, PaymentReference, PayeeState } from '@fund/funds';
import type { StockState } from '@fund/inventory';
import type { OrganizationState, SurvivorReferenceState } from '@fund/organizations';
import type { DenialReason, Demographics, LostReceiptReason, PaymentMethod, QuestionCode, Urgency } from './vocabulary';

/** The protocol rules a request decision needs (a slice of the version in force). */
export interface RequestRules {
  readonly eligibleCategories: readonly string[];
  readonly capPerRequestCents: number;
  readonly capPerSurvivorPer12MonthsCents: number;
  readonly approvalTiers: readonly { readonly upToCents: number | null; readonly approvalsRequired: number }[];
  readonly expedited: { readonly enabled: boolean; readonly capCents: number };
  readonly receiptDeadlineDays: number;
  readonly overdueReceiptConsequence: 'none' | 'block_new_requests';
  readonly giftCardFaceValueLimitCents: number;
  readonly defaultFundId: string;
  readonly requestExpiryDays: number;
}

/** Facts from other aggregates, read in the same unit of work as the decision. */
export interface SubmissionContext {
  readonly organization: OrganizationState;
  readonly survivor: SurvivorReferenceState;
}

export type SubmitFundRequest = {
  readonly type: 'SubmitFundRequest';
  readonly data: SubmissionContext & {
    readonly requestId: string;
    readonly organizationId: string;
    readonly submitterId: string;
    readonly survivorReference: string;
    readonly category: string;
    readonly amountCents: number;
    readonly paymentMethod: PaymentMethod;
    readonly urgency: Urgency;
    readonly neededBy: string;
    readonly demographics: Demographics;
    readonly hasNarrative: boolean;
    readonly now: Date;
    readonly rules: RequestRules;
  };
};
export type RequestMoreInformation = { readonly type: 'RequestMoreInformation'; readonly data: { readonly askedBy: string; readonly questionCode: QuestionCode } };
export type ProvideInformation = {
  readonly type: 'ProvideInformation';
  readonly data: { readonly providedBy: string; readonly organizationId: string; readonly hasNote: boolean };
};
/** A council member's vote on a request (the protocol vote is `CastProtocolVote`). */
export type CastRequestVote = {
  readonly type: 'CastRequestVote';
  readonly data: {
    readonly memberId: string;
    readonly organizationId: string;
    readonly vote: 'approve' | 'deny' | 'recuse';
    readonly amountCents: number | null;
    readonly reasonCode: DenialReason | null;
    readonly fundId: string | null;
    readonly now: Date;
    readonly rules: RequestRules;
    /**
     * The restricted funds, folded in this unit of work, that an approval naming no fund may draw
     * from; absent, an approval draws from the named fund or the protocol's default as before.
     */
    readonly funds?: readonly FundOption[];
    /** The requesting agency's kind and county, for grants that narrow who they help. */
    readonly agency?: { readonly providerType: string; readonly county: string };
  };
};
export type RatifyExpeditedApproval = { readonly type: 'RatifyExpeditedApproval'; readonly data: { readonly memberId: string; readonly organizationId: string } };
export type WithdrawFundRequest = { readonly type: 'WithdrawFundRequest'; readonly data: { readonly organizationId: string } };
export type ExpireFundRequest = { readonly type: 'ExpireFundRequest'; readonly data: { readonly now: Date; readonly rules: RequestRules } };

/** Money paid as stated by the coordinator. */
export interface MoneyPayment {
  readonly source: 'money';
  readonly amountCents: number;
  readonly paymentMethod: PaymentMethod;
  /** Face value of each gift card handed over, when the payment is gift cards. */
  readonly giftCardFaceValueCents: number | null;
  /** The day the money moved (`YYYY-MM-DD`), when the coordinator states it: the ledger's effective date. */
  readonly paidOn?: string | null;
  /** Who was paid: the payee as the register holds it (loaded by the handler), when one is named. */
  readonly payee?: { readonly payeeId: string; readonly state: PayeeState } | null;
  /** How the payment is found in the bank's or the vendor's records; goes with a payee. */
  readonly paymentReference?: PaymentReference | null;
}
/** Donated stock handed over: the decision prices it from the item's own stream. */
export interface StockPayment {
  readonly source: 'stock';
  readonly itemId: string;
  readonly quantity: number;
  readonly serials: readonly string[] | null;
  readonly stock: StockState;
}
export type RecordDisbursement = {
  readonly type: 'RecordDisbursement';
  readonly data: {
    readonly disbursementId: string;
    readonly disbursedBy: string;
    readonly payment: MoneyPayment | StockPayment;
    readonly now: Date;
    readonly rules: RequestRules;
  };
};
/** Voids a payment on the request (the fund's own `VoidDisbursement` follows from it). */
export type VoidRequestDisbursement = { readonly type: 'VoidRequestDisbursement'; readonly data: { readonly disbursementId: string } };
export type RecordReceipt = {
  readonly type: 'RecordReceipt';
  readonly data: {
    readonly disbursementId: string;
    readonly receiptId: string;
    readonly amountCents: number;
    readonly organizationId: string | null;
    /** The receipt's document, when one was attached: what the documents lib knows of it (null: no such document). */
    readonly document?: { readonly documentId: string; readonly found: ReceiptDocumentFacts | null };
  };
};
/** What a receipt needs to know of a document it points at. */
export interface ReceiptDocumentFacts {
  readonly requestId: string;
  readonly disbursementId: string | null;
  readonly kind: string;
}
export type AttestLostReceipt = {
  readonly type: 'AttestLostReceipt';
  readonly data: { readonly disbursementId: string; readonly reasonCode: LostReceiptReason; readonly attestedBy: string; readonly organizationId: string | null };
};
export type CloseFundRequest = { readonly type: 'CloseFundRequest'; readonly data: { readonly now: Date } };
/**
 * The grant this request's money was reserved in was closed out (docs/adr/0021): the reservation
 * moves to another fund, or is released. `amountCents` is what the fund held for the request.
 */
export type RecordGrantCloseOut = {
  readonly type: 'RecordGrantCloseOut';
  readonly data:
    | { readonly action: 'move'; readonly fromFundId: string; readonly toFundId: string; readonly amountCents: number; readonly now: Date }
    | { readonly action: 'release'; readonly fromFundId: string; readonly amountCents: number; readonly now: Date };
};
export type RecordNarrativeShredded = { readonly type: 'RecordNarrativeShredded'; readonly data: { readonly reason: 'retention' | 'on_demand' } };

export type FundRequestCommand =
  | SubmitFundRequest
  | RequestMoreInformation
  | ProvideInformation
  | CastRequestVote
  | RatifyExpeditedApproval
  | WithdrawFundRequest
  | ExpireFundRequest
  | RecordDisbursement
  | VoidRequestDisbursement
  | RecordReceipt
  | AttestLostReceipt
  | CloseFundRequest
  | RecordGrantCloseOut
  | RecordNarrativeShredded;
