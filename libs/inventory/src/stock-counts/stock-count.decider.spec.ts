import { followUp } from '@fund/event-sourcing';
import { deciderSpec, planSpec } from '@fund/event-sourcing/testing';
import { stockDecider, stockStreamId } from '../stock.decider';
import type { StockEvent } from '../stock.events';
import { serialsHeldBy, stockCountDecider, type RecordStockCount } from './stock-count.decider';
import type { StockCountEvent } from './stock-count.events';
import { stockCountPlan } from './stock-count.plan';

const spec = deciderSpec(stockCountDecider);
const now = new Date('2026-11-30T12:00:00Z');
const count: RecordStockCount['data'] = {
  countId: 'count-nov-safe',
  itemId: 'grocery-card-50',
  custodian: 'office-safe',
  countedOn: '2026-11-30',
  countedSerials: ['GC-100', 'GC-999'],
  expectedSerials: ['GC-100', 'GC-101'],
  itemHoldsCards: true,
  countedBy: 'coord-a',
  now,
};
const counted: StockCountEvent = {
  type: 'StockCountRecorded',
  data: {
    countId: 'count-nov-safe',
    itemId: 'grocery-card-50',
    custodian: 'office-safe',
    countedOn: '2026-11-30',
    expectedSerials: ['GC-100', 'GC-101'],
    countedSerials: ['GC-100', 'GC-999'],
    missingSerials: ['GC-101'],
    unexpectedSerials: ['GC-999'],
    countedBy: 'coord-a',
  },
};

describe('serialsHeldBy', () => {
  it('is what a custodian received and still holds: issued and written-off cards are gone', () => {
    const events: StockEvent[] = [
      { type: 'StockReceived', data: { itemId: 'i', kind: 'gift_card', category: 'groceries', quantity: 3, unitValueCents: 5_000, serials: ['A', 'B', 'C'], donationId: null, custodian: 'office-safe' } },
      { type: 'StockReceived', data: { itemId: 'i', kind: 'gift_card', category: 'groceries', quantity: 1, unitValueCents: 5_000, serials: ['D'], donationId: 'd-1' } },
      { type: 'StockIssued', data: { itemId: 'i', quantity: 1, unitValueCents: 5_000, serials: ['A'], requestId: 'r', disbursementId: 'x' } },
      { type: 'StockAdjusted', data: { itemId: 'i', quantityDelta: -1, reason: 'lost', serials: ['B'] } },
    ];
    expect(serialsHeldBy(events, 'office-safe')).toEqual(['C']);
    expect(serialsHeldBy(events, 'unassigned')).toEqual(['D']);
  });
});

describe('stock count decider', () => {
  it('records what was expected, what was counted, and the variance both ways', () => {
    spec.given([]).when({ type: 'RecordStockCount', data: count }).then(counted);
  });

  it('refuses an item that holds no cards, and a count dated after today', () => {
    spec.given([]).when({ type: 'RecordStockCount', data: { ...count, itemHoldsCards: false } }).thenThrows('STOCK_COUNT.NOT_A_CARD_ITEM');
    spec.given([]).when({ type: 'RecordStockCount', data: { ...count, countedOn: '2026-12-01' } }).thenThrows('STOCK_COUNT.COUNTED_IN_FUTURE');
  });

  it('a second coordinator approves the write-off of the missing cards', () => {
    spec
      .given([counted])
      .when({ type: 'ApproveCountAdjustment', data: { approvedBy: 'coord-b' } })
      .then({ type: 'StockCountAdjustmentApproved', data: { countId: 'count-nov-safe', itemId: 'grocery-card-50', serials: ['GC-101'], approvedBy: 'coord-b' } });
  });

  it('refuses the counter approving their own variance', () => {
    spec.given([counted]).when({ type: 'ApproveCountAdjustment', data: { approvedBy: 'coord-a' } }).thenThrows('STOCK_COUNT.SAME_COORDINATOR', { rule: 'dual_control' });
  });

  it('refuses a count with nothing missing, and a second approval', () => {
    const clean: StockCountEvent = { type: 'StockCountRecorded', data: { ...counted.data, missingSerials: [] } } as StockCountEvent;
    spec.given([clean]).when({ type: 'ApproveCountAdjustment', data: { approvedBy: 'coord-b' } }).thenThrows('STOCK_COUNT.NO_MISSING_CARDS');
    const approved: StockCountEvent = { type: 'StockCountAdjustmentApproved', data: { countId: 'count-nov-safe', itemId: 'grocery-card-50', serials: ['GC-101'], approvedBy: 'coord-b' } };
    spec.given([counted, approved]).when({ type: 'ApproveCountAdjustment', data: { approvedBy: 'coord-c' } }).thenThrows('STOCK_COUNT.ALREADY_ADJUSTED');
  });

  it('plans the write-off as a count correction naming the count', () => {
    planSpec(stockCountDecider, stockCountPlan)
      .given([counted])
      .when({ type: 'ApproveCountAdjustment', data: { approvedBy: 'coord-b' } })
      .then([
        followUp(stockStreamId('grocery-card-50'), stockDecider, {
          type: 'AdjustStock',
          data: { quantityDelta: -1, reason: 'count_correction', serials: ['GC-101'], countId: 'count-nov-safe' },
        }),
      ]);
  });
});
