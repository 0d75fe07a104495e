import type { DomainEvent } from '@fund/event-sourcing';
import type { PaymentReference } from '@fund/funds';
import type { CardKind, StockCategory } from '../stock.events';

/**
 * Gift cards or passes bought from a vendor with a fund's money. The coordinator who records the
 * purchase pays it: the money leaves the fund (`MoneySpentOnStock`) and waits as cards on order
 * until a second coordinator confirms the cards arrived, which puts them in stock. Fees (an
 * activation fee, shipping) are paid with the cards and kept apart from their face value.
 */
export type CardPurchaseRecorded = DomainEvent<
  'CardPurchaseRecorded',
  {
    readonly purchaseId: string;
    readonly fundId: string;
    readonly payeeId: string;
    readonly itemId: string;
    readonly kind: CardKind;
    readonly category: StockCategory;
    readonly faceValueCents: number;
    readonly quantity: number;
    readonly serials: readonly string[];
    readonly feesCents: number;
    /** Face value times quantity plus fees: what left the fund. */
    readonly costCents: number;
    readonly paidOn: string;
    readonly paymentReference: PaymentReference | null;
    readonly recordedBy: string;
  }
>;

/** A second coordinator saw the cards: they are in stock with `custodian` from `receivedOn`. */
export type CardPurchaseReceived = DomainEvent<
  'CardPurchaseReceived',
  { readonly purchaseId: string; readonly receivedOn: string; readonly custodian: string; readonly confirmedBy: string }
>;

export type CardPurchaseEvent = CardPurchaseRecorded | CardPurchaseReceived;
