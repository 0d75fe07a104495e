import type { DonorKind, ValuationMethod } from '@fund/donations';
import type { DenialReason, PaymentMethod, Urgency } from '@fund/fund-requests';
import type { StockCategory, StockKind } from '@fund/inventory';
import type { County, ProviderType } from '@fund/organizations';
import type { ExpenseCategory } from '@fund/protocols';

/**
 * What leaves the service for downstream systems (the coalition's data warehouse,
 * notifications): anonymized, versioned integration events. Every field is a number, a boolean
 * or a value from a closed vocabulary. Never a survivor reference, a request, disbursement,
 * donation, organization, item or user id, a serial, a date typed by a person, or any free text.
 *
 * A type string names one frozen shape: changing a shape (a field added, removed, renamed, or a
 * vocabulary value added) is a new type with the next version suffix (`.v2`) and a new schema
 * file beside the old one, published side by side until consumers have moved (docs/kafka.md).
 */
export const INTEGRATION_EVENT_TYPES = [
  'fund.request.submitted.v1',
  'fund.request.approved.v1',
  'fund.request.denied.v1',
  'fund.request.disbursed.v1',
  'fund.request.disbursement-voided.v1',
  'fund.request.withdrawn.v1',
  'fund.request.expired.v1',
  'fund.request.closed.v1',
  'fund.donation.received.v1',
  'fund.in-kind.received.v1',
] as const;
export type IntegrationEventType = (typeof INTEGRATION_EVENT_TYPES)[number];

/** A value the service could not place in its vocabulary (an old or damaged event) reads as this. */
export type Unknown = 'unknown';

/** Federal fiscal year (named after the year it ends in; Oct-Dec is Q1). Time no finer than a quarter for reporting. */
export interface FiscalPeriod {
  readonly fiscalYear: number;
  readonly fiscalQuarter: 1 | 2 | 3 | 4;
}

export interface IntegrationEnvelope<T extends IntegrationEventType, D> {
  /** The source event's id: a redelivered message carries the same id, so consumers deduplicate on it. */
  readonly id: string;
  readonly type: T;
  /** When the source event was recorded (ISO instant, UTC). */
  readonly occurredAt: string;
  /** The fiscal quarter the fact counts in (a donation: the quarter of its received-on day). */
  readonly period: FiscalPeriod;
  readonly data: D;
}

export type TraffickingType = 'sex' | 'labor' | 'both' | 'unknown' | 'not_collected';
export type AgeGroup = 'adult' | 'minor' | 'not_collected';

/** Where a request comes from, at the grain funders see: what for, what kind of agency, which county. */
export interface RequestContext {
  readonly category: ExpenseCategory | Unknown;
  readonly providerType: ProviderType | Unknown;
  /** The submitting organization's county (never the survivor's). */
  readonly county: County;
}

export type FundRequestSubmittedV1 = IntegrationEnvelope<
  'fund.request.submitted.v1',
  RequestContext & {
    readonly amountCents: number;
    readonly paymentMethod: PaymentMethod | Unknown;
    readonly urgency: Urgency | Unknown;
    readonly expedited: boolean;
    /** As collected by the provider; `not_collected` by default. */
    readonly traffickingType: TraffickingType;
    readonly ageGroup: AgeGroup;
  }
>;

export type FundRequestApprovedV1 = IntegrationEnvelope<
  'fund.request.approved.v1',
  RequestContext & {
    /** What was approved, possibly less than requested. */
    readonly amountCents: number;
    readonly requestedAmountCents: number;
    readonly expedited: boolean;
    /** Whole hours from submission to this decision. */
    readonly hoursToDecision: number;
  }
>;

export type FundRequestDeniedV1 = IntegrationEnvelope<
  'fund.request.denied.v1',
  RequestContext & { readonly requestedAmountCents: number; readonly reasonCode: DenialReason | Unknown; readonly hoursToDecision: number }
>;

export type DisbursementSource = 'money' | 'stock';

export type FundRequestDisbursedV1 = IntegrationEnvelope<
  'fund.request.disbursed.v1',
  RequestContext & {
    readonly amountCents: number;
    readonly paymentMethod: PaymentMethod | Unknown;
    readonly source: DisbursementSource;
    /** Whole hours from submission to this payment. */
    readonly hoursToPayment: number;
  }
>;

/** A recorded disbursement was voided: its amount no longer counts as paid. */
export type FundRequestDisbursementVoidedV1 = IntegrationEnvelope<
  'fund.request.disbursement-voided.v1',
  RequestContext & { readonly amountCents: number; readonly paymentMethod: PaymentMethod | Unknown; readonly source: DisbursementSource }
>;

export type FundRequestWithdrawnV1 = IntegrationEnvelope<
  'fund.request.withdrawn.v1',
  RequestContext & { readonly requestedAmountCents: number; readonly releasedCents: number }
>;

export type FundRequestExpiredV1 = IntegrationEnvelope<
  'fund.request.expired.v1',
  RequestContext & { readonly requestedAmountCents: number; readonly releasedCents: number }
>;

export type FundRequestClosedV1 = IntegrationEnvelope<
  'fund.request.closed.v1',
  RequestContext & { readonly approvedAmountCents: number; readonly disbursedCents: number; readonly releasedCents: number }
>;

export type FundDonationReceivedV1 = IntegrationEnvelope<
  'fund.donation.received.v1',
  { readonly amountCents: number; readonly donorKind: DonorKind | Unknown; readonly restricted: boolean }
>;

export interface InKindItemV1 {
  readonly kind: StockKind | Unknown;
  readonly category: StockCategory | Unknown;
  readonly quantity: number;
  readonly unitValueCents: number;
  readonly valuationMethod: ValuationMethod | Unknown;
}

export type FundInKindReceivedV1 = IntegrationEnvelope<
  'fund.in-kind.received.v1',
  { readonly donorKind: DonorKind | Unknown; readonly totalValueCents: number; readonly items: readonly InKindItemV1[] }
>;

export type IntegrationEvent =
  | FundRequestSubmittedV1
  | FundRequestApprovedV1
  | FundRequestDeniedV1
  | FundRequestDisbursedV1
  | FundRequestDisbursementVoidedV1
  | FundRequestWithdrawnV1
  | FundRequestExpiredV1
  | FundRequestClosedV1
  | FundDonationReceivedV1
  | FundInKindReceivedV1;

/** Kafka headers every message carries. `message-id` is the integration event's id. */
export const MESSAGE_HEADERS = { id: 'message-id', type: 'event-type', contentType: 'content-type' } as const;
export const CONTENT_TYPE = 'application/json';
