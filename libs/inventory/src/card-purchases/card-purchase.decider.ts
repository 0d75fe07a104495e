import { DomainError, type Decider } from '@fund/event-sourcing';
import { PAYMENT_REFERENCE_PATTERNS, type PayeeState, type PaymentReference } from '@fund/funds';
import { MAX_UNIT_VALUE_CENTS, SERIAL_PATTERN, type StockState } from '../stock.decider';
import type { CardKind, StockCategory } from '../stock.events';
import type { CardPurchaseEvent, CardPurchaseRecorded } from './card-purchase.events';

/** Purchases and custodians are named with slugs, like stock items and funds. */
export const PURCHASE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;
export const CUSTODIAN_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;
export const MAX_CARDS_PER_PURCHASE = 500;
export const MAX_FEES_CENTS = 1_000_000;

export const cardPurchaseStreamId = (purchaseId: string) => `card-purchase-${purchaseId}`;

export type RecordCardPurchase = {
  readonly type: 'RecordCardPurchase';
  readonly data: {
    readonly purchaseId: string;
    readonly fundId: string;
    /** The vendor, with its register state (read, never written), so an unknown one is refused. */
    readonly payee: { readonly payeeId: string; readonly state: PayeeState };
    readonly itemId: string;
    readonly kind: CardKind;
    readonly category: StockCategory;
    readonly faceValueCents: number;
    readonly serials: readonly string[];
    readonly feesCents: number;
    readonly paidOn: string;
    readonly paymentReference: PaymentReference | null;
    /** The item's folded stock: a purchase must fit it (kind, category, face value, serials new). */
    readonly stock: StockState;
    /** Whether the item holds donated cards (from its stream): bought cards keep to items of their own. */
    readonly itemHoldsDonations: boolean;
    /** The protocol in force's gift-card face value limit (OVC: no card over $100). */
    readonly faceValueLimitCents: number;
    readonly recordedBy: string;
    readonly now: Date;
  };
};
export type ConfirmCardReceipt = {
  readonly type: 'ConfirmCardReceipt';
  readonly data: { readonly receivedOn: string; readonly custodian: string; readonly confirmedBy: string; readonly now: Date };
};
export type CardPurchaseCommand = RecordCardPurchase | ConfirmCardReceipt;

export type CardPurchaseState =
  | { readonly status: 'none' }
  | { readonly status: 'on_order'; readonly purchase: CardPurchaseRecorded['data'] }
  | { readonly status: 'received'; readonly purchase: CardPurchaseRecorded['data']; readonly receivedOn: string; readonly custodian: string; readonly confirmedBy: string };

const initialState = (): CardPurchaseState => ({ status: 'none' });

const today = (now: Date) => now.toISOString().slice(0, 10);

function refuse(code: string, message: string, details: Record<string, unknown> = {}, kind: 'rule' | 'validation' | 'conflict' | 'not_found' = 'rule'): never {
  throw new DomainError(code, message, details, kind);
}

function requireSerials(serials: readonly string[], stock: StockState): void {
  if (serials.length < 1 || serials.length > MAX_CARDS_PER_PURCHASE) {
    refuse('CARD_PURCHASE.INVALID_QUANTITY', `A purchase lists from 1 to ${MAX_CARDS_PER_PURCHASE} serials`, { field: 'serials', min: 1, max: MAX_CARDS_PER_PURCHASE }, 'validation');
  }
  const seen = new Set<string>();
  const received = new Set(stock.status === 'tracked' ? stock.receivedSerials : []);
  serials.forEach((serial, serialIndex) => {
    if (!SERIAL_PATTERN.test(serial)) refuse('CARD_PURCHASE.INVALID_SERIAL', 'A serial is letters, digits and dashes, at most 64', { field: 'serials', serialIndex }, 'validation');
    if (seen.has(serial)) refuse('CARD_PURCHASE.DUPLICATE_SERIAL', 'A serial appears twice', { field: 'serials', serialIndex }, 'validation');
    if (received.has(serial)) refuse('CARD_PURCHASE.SERIAL_ALREADY_RECEIVED', 'This card is already in the stock log', { field: 'serials', serialIndex });
    seen.add(serial);
  });
}

/** The cards join an item at one face value, kind and category, so the item's stock stays one price. */
function requireFitsItem(data: RecordCardPurchase['data']): void {
  const { stock, kind, category, faceValueCents } = data;
  if (stock.status !== 'tracked') return;
  if (stock.kind !== kind || stock.category !== category || stock.unitValueCents !== faceValueCents) {
    refuse('CARD_PURCHASE.ITEM_MISMATCH', 'This item is stocked as another kind, category or face value; use a new item id', {
      field: 'itemId',
      kind: stock.kind,
      category: stock.category,
      unitValueCents: stock.unitValueCents,
    });
  }
}

function record(data: RecordCardPurchase['data'], state: CardPurchaseState): CardPurchaseEvent[] {
  if (state.status !== 'none') refuse('CARD_PURCHASE.ALREADY_RECORDED', 'A purchase with this id is already recorded', { field: 'purchaseId' }, 'conflict');
  if (data.payee.state.status !== 'registered') refuse('CARD_PURCHASE.UNKNOWN_PAYEE', 'The vendor must be in the payee register', { field: 'payeeId' });
  const { faceValueCents, feesCents, faceValueLimitCents, serials, paidOn, paymentReference } = data;
  if (!Number.isInteger(faceValueCents) || faceValueCents < 1 || faceValueCents > MAX_UNIT_VALUE_CENTS) {
    refuse('CARD_PURCHASE.INVALID_FACE_VALUE', 'faceValueCents must be whole cents above zero', { field: 'faceValueCents' }, 'validation');
  }
  if (faceValueCents > faceValueLimitCents) {
    refuse('CARD_PURCHASE.FACE_VALUE_OVER_LIMIT', `The protocol allows no card above ${faceValueLimitCents} cents`, { field: 'faceValueCents', limitCents: faceValueLimitCents });
  }
  if (!Number.isInteger(feesCents) || feesCents < 0 || feesCents > MAX_FEES_CENTS) {
    refuse('CARD_PURCHASE.INVALID_FEES', `feesCents must be whole cents from 0 to ${MAX_FEES_CENTS}`, { field: 'feesCents', min: 0, max: MAX_FEES_CENTS }, 'validation');
  }
  if (paidOn > today(data.now)) refuse('CARD_PURCHASE.PAID_IN_FUTURE', 'paidOn cannot be after today', { field: 'paidOn' });
  if (paymentReference && !PAYMENT_REFERENCE_PATTERNS[paymentReference.kind].test(paymentReference.value)) {
    refuse('CARD_PURCHASE.INVALID_PAYMENT_REFERENCE', `A ${paymentReference.kind} has another shape`, { field: 'paymentReference' }, 'validation');
  }
  requireSerials(serials, data.stock);
  requireFitsItem(data);
  // Gifts in kind are disclosed apart from what the fund bought (ASU 2020-07): one item never holds both.
  if (data.itemHoldsDonations) {
    refuse('CARD_PURCHASE.ITEM_HOLDS_DONATIONS', 'This item holds donated cards; bought cards go to an item of their own', { field: 'itemId' });
  }
  const { purchaseId, fundId, itemId, kind, category, recordedBy } = data;
  const quantity = serials.length;
  const costCents = faceValueCents * quantity + feesCents;
  return [
    {
      type: 'CardPurchaseRecorded',
      data: { purchaseId, fundId, payeeId: data.payee.payeeId, itemId, kind, category, faceValueCents, quantity, serials: [...serials], feesCents, costCents, paidOn, paymentReference, recordedBy },
    },
  ];
}

/** Dual control: whoever recorded (and so paid for) the cards is not who says they arrived. */
export function requireSecondCoordinator(recordedBy: string, confirmedBy: string): void {
  if (recordedBy === confirmedBy) refuse('CARD_PURCHASE.SAME_COORDINATOR', 'The coordinator who recorded the purchase does not confirm its cards arrived', { rule: 'dual_control' });
}

function confirm(data: ConfirmCardReceipt['data'], state: CardPurchaseState): CardPurchaseEvent[] {
  if (state.status === 'none') refuse('CARD_PURCHASE.NOT_FOUND', 'No card purchase with this id', {}, 'not_found');
  if (state.status === 'received') refuse('CARD_PURCHASE.ALREADY_RECEIVED', 'The cards of this purchase are already received', {}, 'conflict');
  requireSecondCoordinator(state.purchase.recordedBy, data.confirmedBy);
  if (data.receivedOn > today(data.now)) refuse('CARD_PURCHASE.RECEIVED_IN_FUTURE', 'receivedOn cannot be after today', { field: 'receivedOn' });
  const { receivedOn, custodian, confirmedBy } = data;
  return [{ type: 'CardPurchaseReceived', data: { purchaseId: state.purchase.purchaseId, receivedOn, custodian, confirmedBy } }];
}

function decide(command: CardPurchaseCommand, state: CardPurchaseState): CardPurchaseEvent[] {
  switch (command.type) {
    case 'RecordCardPurchase':
      return record(command.data, state);
    case 'ConfirmCardReceipt':
      return confirm(command.data, state);
  }
}

function evolve(state: CardPurchaseState, event: CardPurchaseEvent): CardPurchaseState {
  switch (event.type) {
    case 'CardPurchaseRecorded':
      return { status: 'on_order', purchase: event.data };
    case 'CardPurchaseReceived':
      if (state.status !== 'on_order') return state;
      return { status: 'received', purchase: state.purchase, receivedOn: event.data.receivedOn, custodian: event.data.custodian, confirmedBy: event.data.confirmedBy };
  }
}

export const cardPurchaseDecider: Decider<CardPurchaseState, CardPurchaseCommand, CardPurchaseEvent> = { initialState, evolve, decide };
