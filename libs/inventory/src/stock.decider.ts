import { DomainError, type Decider } from '@fund/event-sourcing';
import { isCardKind, type AdjustmentReason, type BuyerKind, type StockCategory, type StockEvent, type StockKind, type StockValuationMethod } from './stock.events';

/** Stock items are named by the coordinator with a short slug, like `gift-card-grocery-25`. */
export const ITEM_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;
/** A card's printed serial: letters, digits and dashes, nothing that could carry free text. */
export const SERIAL_PATTERN = /^[A-Za-z0-9-]{1,64}$/;
export const MAX_QUANTITY = 100_000;
export const MIN_UNIT_VALUE_CENTS = 1;
export const MAX_UNIT_VALUE_CENTS = 100_000_000;

export function stockStreamId(itemId: string): string {
  return `stock-${itemId}`;
}

export type ReceiveStock = {
  readonly type: 'ReceiveStock';
  readonly data: {
    readonly itemId: string;
    readonly kind: StockKind;
    readonly category: StockCategory;
    readonly quantity: number;
    readonly unitValueCents: number;
    readonly serials?: readonly string[] | null;
    readonly donationId: string | null;
    /** The donation's day of receipt, carried onto the stock so the ledger dates the entry by it. */
    readonly receivedOn?: string;
    readonly valuationMethod?: StockValuationMethod;
    readonly purchaseId?: string;
    readonly custodian?: string;
  };
};
export type IssueStock = {
  readonly type: 'IssueStock';
  readonly data: { readonly quantity: number; readonly serials?: readonly string[] | null; readonly requestId: string; readonly disbursementId: string };
};
export type AdjustStock = {
  readonly type: 'AdjustStock';
  readonly data: { readonly quantityDelta: number; readonly reason: AdjustmentReason; readonly serials?: readonly string[] | null; readonly countId?: string };
};
/**
 * Sell donated units. `buyerRegistered`: whether `buyerPayeeId` is in the payee register (read
 * by the handler, never written); `today` is the recording day, so a sale is not dated ahead.
 */
export type SellStock = {
  readonly type: 'SellStock';
  readonly data: {
    readonly saleId: string;
    readonly quantity: number;
    readonly serials?: readonly string[] | null;
    readonly proceedsCents: number;
    readonly fundId: string;
    readonly buyerKind: BuyerKind;
    readonly buyerPayeeId?: string;
    readonly buyerRegistered: boolean;
    readonly soldOn: string;
    readonly today: string;
  };
};
export type StockCommand = ReceiveStock | IssueStock | AdjustStock | SellStock;
export const MAX_PROCEEDS_CENTS = 100_000_000;

export type StockState =
  | { readonly status: 'none' }
  | {
      readonly status: 'tracked';
      readonly itemId: string;
      readonly kind: StockKind;
      readonly category: StockCategory;
      /** One unit value per item, so stock is valued without per-unit bookkeeping. */
      readonly unitValueCents: number;
      readonly onHand: number;
      /** Cards on hand, in the order received; always `onHand` long for cards, empty for goods. */
      readonly availableSerials: readonly string[];
      /** Every serial ever received here, so a card cannot be received twice. */
      readonly receivedSerials: readonly string[];
      readonly issuedDisbursements: readonly string[];
      /** Whether any unit came from a card purchase: only donated stock may be sold. */
      readonly purchased: boolean;
      readonly saleIds: readonly string[];
    };
export type TrackedStockState = Extract<StockState, { status: 'tracked' }>;

const initialState = (): StockState => ({ status: 'none' });

function requireTracked(state: StockState): TrackedStockState {
  if (state.status !== 'tracked') throw new DomainError('INVENTORY.NOT_FOUND', 'No stock item with this id', {}, 'not_found');
  return state;
}

function requireUnits(value: number, field: 'quantity' | 'quantityDelta', min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DomainError('INVENTORY.INVALID_QUANTITY', `${field} must be a whole number of units from ${min} to ${max}`, { field, min, max }, 'validation');
  }
}

function requireOnHand(state: TrackedStockState, requestedQuantity: number): void {
  if (requestedQuantity > state.onHand) {
    throw new DomainError('INVENTORY.INSUFFICIENT_STOCK', `Only ${state.onHand} units are on hand`, {
      itemId: state.itemId,
      availableQuantity: state.onHand,
      requestedQuantity,
    });
  }
}

/** Cards move by serial, one per unit, each once; goods carry none. Returns what the event records. */
function serialsFor(itemId: string, kind: StockKind, quantity: number, serials: readonly string[] | null | undefined): readonly string[] | null {
  if (!isCardKind(kind)) {
    if (serials && serials.length > 0) throw new DomainError('INVENTORY.SERIALS_NOT_ALLOWED', 'Goods are counted, not tracked by serial', { itemId, kind });
    return null;
  }
  if (!serials || serials.length !== quantity) {
    throw new DomainError('INVENTORY.SERIALS_REQUIRED', 'Cards need exactly one serial per unit', { itemId, kind, quantity, serialCount: serials?.length ?? 0 });
  }
  const seen = new Set<string>();
  serials.forEach((serial, serialIndex) => {
    if (!SERIAL_PATTERN.test(serial)) {
      throw new DomainError('INVENTORY.INVALID_SERIAL', 'A serial is letters, digits and dashes, at most 64', { itemId, serialIndex }, 'validation');
    }
    if (seen.has(serial)) throw new DomainError('INVENTORY.DUPLICATE_SERIAL', 'A serial appears twice', { itemId, serialIndex }, 'validation');
    seen.add(serial);
  });
  return [...serials];
}

function requireAvailableSerials(state: TrackedStockState, serials: readonly string[] | null): void {
  if (!serials) return;
  const available = new Set(state.availableSerials);
  serials.forEach((serial, serialIndex) => {
    if (!available.has(serial)) throw new DomainError('INVENTORY.UNKNOWN_SERIAL', 'This card is not on hand', { itemId: state.itemId, serialIndex });
  });
}

function receive(command: ReceiveStock['data'], state: StockState): StockEvent[] {
  const { itemId, kind, category, quantity, unitValueCents, donationId } = command;
  requireUnits(quantity, 'quantity', 1, MAX_QUANTITY);
  if (!Number.isInteger(unitValueCents) || unitValueCents < MIN_UNIT_VALUE_CENTS || unitValueCents > MAX_UNIT_VALUE_CENTS) {
    throw new DomainError(
      'INVENTORY.INVALID_UNIT_VALUE',
      `unitValueCents must be whole cents from ${MIN_UNIT_VALUE_CENTS} to ${MAX_UNIT_VALUE_CENTS}`,
      { itemId, field: 'unitValueCents', min: MIN_UNIT_VALUE_CENTS, max: MAX_UNIT_VALUE_CENTS },
      'validation',
    );
  }
  if (state.status === 'tracked') {
    if (kind !== state.kind) throw new DomainError('INVENTORY.KIND_MISMATCH', 'This item is stocked as another kind', { itemId, kind: state.kind });
    if (category !== state.category) {
      throw new DomainError('INVENTORY.CATEGORY_MISMATCH', 'This item is stocked under another category', { itemId, category: state.category });
    }
    if (unitValueCents !== state.unitValueCents) {
      throw new DomainError('INVENTORY.UNIT_VALUE_MISMATCH', 'This item is stocked at another unit value; use a new item id', {
        itemId,
        unitValueCents: state.unitValueCents,
        requestedUnitValueCents: unitValueCents,
      });
    }
  }
  const serials = serialsFor(itemId, kind, quantity, command.serials);
  if (serials && state.status === 'tracked') {
    const received = new Set(state.receivedSerials);
    serials.forEach((serial, serialIndex) => {
      if (received.has(serial)) throw new DomainError('INVENTORY.SERIAL_ALREADY_RECEIVED', 'This card was already received', { itemId, serialIndex });
    });
  }
  return [{ type: 'StockReceived', data: { itemId, kind, category, quantity, unitValueCents, serials, donationId, ...(command.receivedOn ? { receivedOn: command.receivedOn } : {}), ...(command.valuationMethod ? { valuationMethod: command.valuationMethod } : {}), ...(command.purchaseId ? { purchaseId: command.purchaseId } : {}), ...(command.custodian ? { custodian: command.custodian } : {}) } }];
}

function issue(command: IssueStock['data'], state: StockState): StockEvent[] {
  const tracked = requireTracked(state);
  requireUnits(command.quantity, 'quantity', 1, MAX_QUANTITY);
  if (tracked.issuedDisbursements.includes(command.disbursementId)) {
    throw new DomainError('INVENTORY.ALREADY_ISSUED', 'Stock was already issued for this disbursement', { itemId: tracked.itemId }, 'conflict');
  }
  requireOnHand(tracked, command.quantity);
  const serials = serialsFor(tracked.itemId, tracked.kind, command.quantity, command.serials);
  requireAvailableSerials(tracked, serials);
  const { itemId, unitValueCents } = tracked;
  const { quantity, requestId, disbursementId } = command;
  return [{ type: 'StockIssued', data: { itemId, quantity, unitValueCents, serials, requestId, disbursementId } }];
}

function adjust(command: AdjustStock['data'], state: StockState): StockEvent[] {
  const tracked = requireTracked(state);
  // Adjustments only take stock away; more stock arrives as a donation (StockReceived).
  requireUnits(command.quantityDelta, 'quantityDelta', -MAX_QUANTITY, -1);
  requireOnHand(tracked, -command.quantityDelta);
  const serials = serialsFor(tracked.itemId, tracked.kind, -command.quantityDelta, command.serials);
  requireAvailableSerials(tracked, serials);
  const countId = command.countId ? { countId: command.countId } : {};
  return [{ type: 'StockAdjusted', data: { itemId: tracked.itemId, quantityDelta: command.quantityDelta, reason: command.reason, serials, ...countId } }];
}

function sell(command: SellStock['data'], state: StockState): StockEvent[] {
  const tracked = requireTracked(state);
  const { itemId, unitValueCents } = tracked;
  if (tracked.saleIds.includes(command.saleId)) {
    throw new DomainError('INVENTORY.SALE_ALREADY_RECORDED', 'A sale with this id is already recorded', { itemId, field: 'saleId' }, 'conflict');
  }
  // Bought cards are the fund's own money in another form: selling them is not an in-kind sale.
  if (tracked.purchased) throw new DomainError('INVENTORY.NOT_DONATED', 'Only donated stock may be sold; this item holds bought cards', { itemId, field: 'itemId' });
  requireUnits(command.quantity, 'quantity', 1, MAX_QUANTITY);
  const { proceedsCents, buyerKind, buyerPayeeId, soldOn } = command;
  if (!Number.isInteger(proceedsCents) || proceedsCents < 0 || proceedsCents > MAX_PROCEEDS_CENTS) {
    throw new DomainError('INVENTORY.INVALID_PROCEEDS', `proceedsCents must be whole cents from 0 to ${MAX_PROCEEDS_CENTS}`, { field: 'proceedsCents', min: 0, max: MAX_PROCEEDS_CENTS }, 'validation');
  }
  if ((buyerKind === 'payee') !== (buyerPayeeId !== undefined)) {
    throw new DomainError('INVENTORY.BUYER_PAYEE_ID', 'buyerPayeeId is given exactly when buyerKind is payee', { field: 'buyerPayeeId' }, 'validation');
  }
  if (buyerKind === 'payee' && !command.buyerRegistered) throw new DomainError('INVENTORY.UNKNOWN_BUYER', 'The buyer must be in the payee register', { field: 'buyerPayeeId' });
  if (soldOn > command.today) throw new DomainError('INVENTORY.SOLD_IN_FUTURE', 'soldOn may not be after today', { field: 'soldOn' }, 'validation');
  requireOnHand(tracked, command.quantity);
  const serials = serialsFor(itemId, tracked.kind, command.quantity, command.serials);
  requireAvailableSerials(tracked, serials);
  const { saleId, quantity, fundId } = command;
  return [{ type: 'StockSold', data: { itemId, saleId, category: tracked.category, quantity, unitValueCents, serials, proceedsCents, fundId, buyerKind, ...(buyerPayeeId ? { buyerPayeeId } : {}), soldOn } }];
}

function decide(command: StockCommand, state: StockState): StockEvent[] {
  switch (command.type) {
    case 'ReceiveStock':
      return receive(command.data, state);
    case 'IssueStock':
      return issue(command.data, state);
    case 'AdjustStock':
      return adjust(command.data, state);
    case 'SellStock':
      return sell(command.data, state);
  }
}

function without(serials: readonly string[], gone: readonly string[] | null): readonly string[] {
  if (!gone || gone.length === 0) return serials;
  const leaving = new Set(gone);
  return serials.filter((serial) => !leaving.has(serial));
}

function evolve(state: StockState, event: StockEvent): StockState {
  switch (event.type) {
    case 'StockReceived': {
      const { itemId, kind, category, unitValueCents, quantity } = event.data;
      const serials = event.data.serials ?? [];
      if (state.status === 'none') {
        return {
          status: 'tracked',
          itemId,
          kind,
          category,
          unitValueCents,
          onHand: quantity,
          availableSerials: serials,
          receivedSerials: serials,
          issuedDisbursements: [],
          purchased: Boolean(event.data.purchaseId),
          saleIds: [],
        };
      }
      return {
        ...state,
        onHand: state.onHand + quantity,
        availableSerials: [...state.availableSerials, ...serials],
        receivedSerials: [...state.receivedSerials, ...serials],
        purchased: state.purchased || Boolean(event.data.purchaseId),
      };
    }
    case 'StockIssued':
      if (state.status === 'none') return state;
      return {
        ...state,
        onHand: state.onHand - event.data.quantity,
        availableSerials: without(state.availableSerials, event.data.serials),
        issuedDisbursements: [...state.issuedDisbursements, event.data.disbursementId],
      };
    case 'StockAdjusted':
      if (state.status === 'none') return state;
      return { ...state, onHand: state.onHand + event.data.quantityDelta, availableSerials: without(state.availableSerials, event.data.serials) };
    case 'StockSold':
      if (state.status === 'none') return state;
      return {
        ...state,
        onHand: state.onHand - event.data.quantity,
        availableSerials: without(state.availableSerials, event.data.serials),
        saleIds: [...state.saleIds, event.data.saleId],
      };
  }
}

export const stockDecider: Decider<StockState, StockCommand, StockEvent> = { initialState, evolve, decide };
