import type { DomainEvent } from '@fund/event-sourcing';
import type { StockCategory, StockKind } from '@fund/inventory';

export const DONOR_KINDS = ['individual', 'organization', 'grant', 'anonymous'] as const;
export type DonorKind = (typeof DONOR_KINDS)[number];

export const VALUATION_METHODS = ['face_value', 'fair_market_value', 'donor_stated', 'purchase_price'] as const;
export type ValuationMethod = (typeof VALUATION_METHODS)[number];

export interface InKindItem {
  readonly itemId: string;
  readonly kind: StockKind;
  readonly category: StockCategory;
  readonly quantity: number;
  readonly unitValueCents: number;
  readonly valuationMethod: ValuationMethod;
  readonly serials: readonly string[] | null;
}

/** Recorded together with MoneyReceived on the fund, in one atomic append. */
export type MonetaryDonationRecorded = DomainEvent<
  'MonetaryDonationRecorded',
  {
    readonly donationId: string;
    readonly fundId: string;
    readonly amountCents: number;
    readonly restricted: boolean;
    readonly donorKind: DonorKind;
    /** A short code pointing into the coalition's donor records, never a name. */
    readonly donorReference: string | null;
    readonly receivedOn: string;
  }
>;

/** Recorded together with StockReceived on every item's stock stream, in one atomic append. */
export type InKindDonationRecorded = DomainEvent<
  'InKindDonationRecorded',
  {
    readonly donationId: string;
    readonly donorKind: DonorKind;
    readonly donorReference: string | null;
    readonly receivedOn: string;
    readonly items: readonly InKindItem[];
  }
>;

export type DonationEvent = MonetaryDonationRecorded | InKindDonationRecorded;
