import { deciderSpec } from '@fund/event-sourcing/testing';
import { stockDecider, type ReceiveStock } from './stock.decider';
import type { StockEvent } from './stock.events';

const spec = deciderSpec(stockDecider);

const cards: ReceiveStock['data'] = {
  itemId: 'gift-card-grocery-25',
  kind: 'gift_card',
  category: 'groceries',
  quantity: 3,
  unitValueCents: 2_500,
  serials: ['GC-1', 'GC-2', 'GC-3'],
  donationId: 'd-1',
};
const blankets: ReceiveStock['data'] = {
  itemId: 'winter-blanket',
  kind: 'goods',
  category: 'winter_gear',
  quantity: 10,
  unitValueCents: 1_800,
  serials: null,
  donationId: null,
};
const cardsReceived: StockEvent = { type: 'StockReceived', data: { ...cards, serials: ['GC-1', 'GC-2', 'GC-3'] } };
const blanketsReceived: StockEvent = { type: 'StockReceived', data: { ...blankets, serials: null } };

describe('stock decider', () => {
  describe('ReceiveStock', () => {
    it('receives cards with one serial each', () => {
      spec.given([]).when({ type: 'ReceiveStock', data: cards }).then(cardsReceived);
    });

    it('receives goods without serials', () => {
      spec.given([]).when({ type: 'ReceiveStock', data: { ...blankets, serials: undefined } }).then(blanketsReceived);
    });

    it('adds to an item already stocked', () => {
      const more = { ...cards, quantity: 1, serials: ['GC-4'], donationId: 'd-2' };
      spec.given([cardsReceived]).when({ type: 'ReceiveStock', data: more }).then({ type: 'StockReceived', data: more });
    });

    it('refuses cards without a serial per unit', () => {
      spec
        .given([])
        .when({ type: 'ReceiveStock', data: { ...cards, serials: ['GC-1', 'GC-2'] } })
        .thenThrows('INVENTORY.SERIALS_REQUIRED', { quantity: 3, serialCount: 2 });
      spec.given([]).when({ type: 'ReceiveStock', data: { ...cards, serials: null } }).thenThrows('INVENTORY.SERIALS_REQUIRED', { serialCount: 0 });
    });

    it('refuses serials on goods', () => {
      spec.given([]).when({ type: 'ReceiveStock', data: { ...blankets, quantity: 1, serials: ['B-1'] } }).thenThrows('INVENTORY.SERIALS_NOT_ALLOWED');
    });

    it('refuses the same serial twice in one delivery', () => {
      spec
        .given([])
        .when({ type: 'ReceiveStock', data: { ...cards, serials: ['GC-1', 'GC-2', 'GC-1'] } })
        .thenThrows('INVENTORY.DUPLICATE_SERIAL', { serialIndex: 2 });
    });

    it('refuses a serial that is not a plain code', () => {
      spec
        .given([])
        .when({ type: 'ReceiveStock', data: { ...cards, serials: ['GC-1', 'call me 555', 'GC-3'] } })
        .thenThrows('INVENTORY.INVALID_SERIAL', { serialIndex: 1 });
    });

    it('refuses a card that was received before, even if it has since left', () => {
      const issued: StockEvent = {
        type: 'StockIssued',
        data: { itemId: cards.itemId, quantity: 1, unitValueCents: 2_500, serials: ['GC-2'], requestId: 'r-1', disbursementId: 'x-1' },
      };
      spec
        .given([cardsReceived, issued])
        .when({ type: 'ReceiveStock', data: { ...cards, quantity: 1, serials: ['GC-2'] } })
        .thenThrows('INVENTORY.SERIAL_ALREADY_RECEIVED', { serialIndex: 0 });
    });

    it('refuses a second unit value for one item', () => {
      spec
        .given([cardsReceived])
        .when({ type: 'ReceiveStock', data: { ...cards, quantity: 1, serials: ['GC-9'], unitValueCents: 5_000 } })
        .thenThrows('INVENTORY.UNIT_VALUE_MISMATCH', { unitValueCents: 2_500, requestedUnitValueCents: 5_000 });
    });

    it('refuses another kind or category under the same item id', () => {
      spec.given([blanketsReceived]).when({ type: 'ReceiveStock', data: { ...blankets, kind: 'bus_pass', quantity: 1, serials: ['BP-1'] } }).thenThrows('INVENTORY.KIND_MISMATCH', { kind: 'goods' });
      spec.given([blanketsReceived]).when({ type: 'ReceiveStock', data: { ...blankets, category: 'clothing' } }).thenThrows('INVENTORY.CATEGORY_MISMATCH', { category: 'winter_gear' });
    });

    it.each([0, -2, 1.5, 100_001])('refuses a quantity of %p', (quantity) => {
      spec.given([]).when({ type: 'ReceiveStock', data: { ...blankets, quantity } }).thenThrows('INVENTORY.INVALID_QUANTITY', { field: 'quantity' });
    });

    it.each([0, 12.5, 100_000_001])('refuses a unit value of %p cents', (unitValueCents) => {
      spec.given([]).when({ type: 'ReceiveStock', data: { ...blankets, unitValueCents } }).thenThrows('INVENTORY.INVALID_UNIT_VALUE');
    });
  });

  describe('IssueStock', () => {
    it('issues cards by serial to a disbursement', () => {
      spec
        .given([cardsReceived])
        .when({ type: 'IssueStock', data: { quantity: 2, serials: ['GC-3', 'GC-1'], requestId: 'r-1', disbursementId: 'x-1' } })
        .then({ type: 'StockIssued', data: { itemId: cards.itemId, quantity: 2, unitValueCents: 2_500, serials: ['GC-3', 'GC-1'], requestId: 'r-1', disbursementId: 'x-1' } });
    });

    it('issues goods by count', () => {
      spec
        .given([blanketsReceived])
        .when({ type: 'IssueStock', data: { quantity: 10, requestId: 'r-1', disbursementId: 'x-1' } })
        .then({ type: 'StockIssued', data: { itemId: 'winter-blanket', quantity: 10, unitValueCents: 1_800, serials: null, requestId: 'r-1', disbursementId: 'x-1' } });
    });

    it('refuses more than is on hand, saying how many are', () => {
      spec
        .given([blanketsReceived])
        .when({ type: 'IssueStock', data: { quantity: 11, requestId: 'r-1', disbursementId: 'x-1' } })
        .thenThrows('INVENTORY.INSUFFICIENT_STOCK', { availableQuantity: 10, requestedQuantity: 11 });
    });

    it('refuses a serial that is not on hand', () => {
      const issued: StockEvent = {
        type: 'StockIssued',
        data: { itemId: cards.itemId, quantity: 1, unitValueCents: 2_500, serials: ['GC-1'], requestId: 'r-1', disbursementId: 'x-1' },
      };
      spec
        .given([cardsReceived, issued])
        .when({ type: 'IssueStock', data: { quantity: 1, serials: ['GC-1'], requestId: 'r-2', disbursementId: 'x-2' } })
        .thenThrows('INVENTORY.UNKNOWN_SERIAL', { serialIndex: 0 });
      spec
        .given([cardsReceived])
        .when({ type: 'IssueStock', data: { quantity: 1, serials: ['ZZ-9'], requestId: 'r-2', disbursementId: 'x-2' } })
        .thenThrows('INVENTORY.UNKNOWN_SERIAL');
    });

    it('refuses cards without serials and goods with them', () => {
      spec
        .given([cardsReceived])
        .when({ type: 'IssueStock', data: { quantity: 1, requestId: 'r-1', disbursementId: 'x-1' } })
        .thenThrows('INVENTORY.SERIALS_REQUIRED');
      spec
        .given([blanketsReceived])
        .when({ type: 'IssueStock', data: { quantity: 1, serials: ['B-1'], requestId: 'r-1', disbursementId: 'x-1' } })
        .thenThrows('INVENTORY.SERIALS_NOT_ALLOWED');
    });

    it('refuses to issue twice for one disbursement', () => {
      const issued: StockEvent = {
        type: 'StockIssued',
        data: { itemId: 'winter-blanket', quantity: 1, unitValueCents: 1_800, serials: null, requestId: 'r-1', disbursementId: 'x-1' },
      };
      spec.given([blanketsReceived, issued]).when({ type: 'IssueStock', data: { quantity: 1, requestId: 'r-1', disbursementId: 'x-1' } }).thenThrows('INVENTORY.ALREADY_ISSUED');
    });

    it('refuses an item that was never stocked', () => {
      const error = spec.given([]).when({ type: 'IssueStock', data: { quantity: 1, requestId: 'r-1', disbursementId: 'x-1' } }).thenThrows('INVENTORY.NOT_FOUND');
      expect(error.kind).toBe('not_found');
    });
  });

  describe('AdjustStock', () => {
    it('writes off lost cards by serial', () => {
      spec
        .given([cardsReceived])
        .when({ type: 'AdjustStock', data: { quantityDelta: -1, reason: 'lost', serials: ['GC-2'] } })
        .then({ type: 'StockAdjusted', data: { itemId: cards.itemId, quantityDelta: -1, reason: 'lost', serials: ['GC-2'] } });
    });

    it('corrects a count of goods', () => {
      spec
        .given([blanketsReceived])
        .when({ type: 'AdjustStock', data: { quantityDelta: -3, reason: 'count_correction' } })
        .then({ type: 'StockAdjusted', data: { itemId: 'winter-blanket', quantityDelta: -3, reason: 'count_correction', serials: null } });
    });

    it('never takes stock below zero', () => {
      spec
        .given([blanketsReceived])
        .when({ type: 'AdjustStock', data: { quantityDelta: -11, reason: 'damaged' } })
        .thenThrows('INVENTORY.INSUFFICIENT_STOCK', { availableQuantity: 10, requestedQuantity: 11 });
    });

    it.each([0, 1, -0.5, -100_001])('refuses a delta of %p', (quantityDelta) => {
      spec.given([blanketsReceived]).when({ type: 'AdjustStock', data: { quantityDelta, reason: 'lost' } }).thenThrows('INVENTORY.INVALID_QUANTITY', { field: 'quantityDelta' });
    });

    it('refuses a serial that is not on hand', () => {
      spec
        .given([cardsReceived])
        .when({ type: 'AdjustStock', data: { quantityDelta: -1, reason: 'expired', serials: ['GC-7'] } })
        .thenThrows('INVENTORY.UNKNOWN_SERIAL', { serialIndex: 0 });
    });

    it('refuses an item that was never stocked', () => {
      spec.given([]).when({ type: 'AdjustStock', data: { quantityDelta: -1, reason: 'lost' } }).thenThrows('INVENTORY.NOT_FOUND');
    });
  });

  it('keeps the serials on hand in step with the count', () => {
    const { state } = spec.given([
      cardsReceived,
      { type: 'StockIssued', data: { itemId: cards.itemId, quantity: 1, unitValueCents: 2_500, serials: ['GC-1'], requestId: 'r-1', disbursementId: 'x-1' } },
      { type: 'StockAdjusted', data: { itemId: cards.itemId, quantityDelta: -1, reason: 'lost', serials: ['GC-3'] } },
    ]);
    expect(state).toMatchObject({ status: 'tracked', onHand: 1, availableSerials: ['GC-2'] });
  });
});
