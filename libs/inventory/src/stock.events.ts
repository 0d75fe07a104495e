import type { DomainEvent } from '@fund/event-sourcing';
import { EXPENSE_CATEGORIES, type ExpenseCategory } from '@fund/protocols';

export const STOCK_KINDS = ['gift_card', 'bus_pass', 'phone_card', 'goods'] as const;
export type StockKind = (typeof STOCK_KINDS)[number];

/** Cards are handed over one by one and tracked by serial; goods are counted. */
export const CARD_KINDS = ['gift_card', 'bus_pass', 'phone_card'] as const satisfies readonly StockKind[];
export type CardKind = (typeof CARD_KINDS)[number];

export function isCardKind(kind: StockKind): kind is CardKind {
  return (CARD_KINDS as readonly StockKind[]).includes(kind);
}

/** Stock is categorised with the protocol's expense categories, so reports line up. */
export const STOCK_CATEGORIES = EXPENSE_CATEGORIES;
export type StockCategory = ExpenseCategory;

/**
 * How a gift's unit value was measured (ASU 2020-07 asks for the valuation technique per
 * category). The donation's own vocabulary, repeated here because inventory cannot depend on donations.
 */
export const STOCK_VALUATION_METHODS = ['face_value', 'fair_market_value', 'donor_stated', 'purchase_price'] as const;
export type StockValuationMethod = (typeof STOCK_VALUATION_METHODS)[number];

export const ADJUSTMENT_REASONS = ['lost', 'expired', 'damaged', 'count_correction'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

export type StockReceived = DomainEvent<
  'StockReceived',
  {
    readonly itemId: string;
    readonly kind: StockKind;
    readonly category: StockCategory;
    readonly quantity: number;
    readonly unitValueCents: number;
    readonly serials: readonly string[] | null;
    readonly donationId: string | null;
    /** The donation's `receivedOn`: the day the goods came in. Events written before it was copied here have none. */
    readonly receivedOn?: string;
    /** The donation item's valuation method, copied here so the ledger records it; events written before have none. */
    readonly valuationMethod?: StockValuationMethod;
    /** Cards bought with a fund's money: the purchase whose receipt a second coordinator confirmed (`card-purchase.events.ts`). */
    readonly purchaseId?: string;
    /** Who or where holds these cards (a slug such as `office-safe`), counted against by a physical count. */
    readonly custodian?: string;
  }
>;
export type StockIssued = DomainEvent<
  'StockIssued',
  {
    readonly itemId: string;
    readonly quantity: number;
    readonly unitValueCents: number;
    readonly serials: readonly string[] | null;
    readonly requestId: string;
    readonly disbursementId: string;
  }
>;
/** Stock that left without a disbursement: `quantityDelta` is always negative. */
export type StockAdjusted = DomainEvent<
  'StockAdjusted',
  {
    readonly itemId: string;
    readonly quantityDelta: number;
    readonly reason: AdjustmentReason;
    readonly serials: readonly string[] | null;
    /** The physical count whose variance this adjustment settles, approved by a second coordinator. */
    readonly countId?: string;
  }
>;

/**
 * Who bought donated stock: a registered payee (`payee`, with `buyerPayeeId`), or one of a few
 * fixed kinds when the buyer is not in the register. Never free text.
 */
export const BUYER_KINDS = ['payee', 'resale_vendor', 'auction', 'thrift_store'] as const;
export type BuyerKind = (typeof BUYER_KINDS)[number];

/**
 * Donated stock sold (ASU 2020-07: "monetized") rather than given to a survivor: the units leave at
 * their recorded `unitValueCents`; `proceedsCents` (may be 0) come into `fundId` as money the
 * same append (`SaleProceedsReceived`). `soldOn` dates the ledger entry.
 */
export type StockSold = DomainEvent<
  'StockSold',
  {
    readonly itemId: string;
    readonly saleId: string;
    readonly category: StockCategory;
    readonly quantity: number;
    readonly unitValueCents: number;
    readonly serials: readonly string[] | null;
    readonly proceedsCents: number;
    readonly fundId: string;
    readonly buyerKind: BuyerKind;
    readonly buyerPayeeId?: string;
    readonly soldOn: string;
  }
>;

export type StockEvent = StockReceived | StockIssued | StockAdjusted | StockSold;
