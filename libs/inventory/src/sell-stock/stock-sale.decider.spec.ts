import { deciderSpec } from '@fund/event-sourcing/testing';
import { fundDecider, fundFigures, fundStreamId } from '@fund/funds';
import { stockDecider, type SellStock } from '../stock.decider';
import type { StockEvent } from '../stock.events';
import { stockSalePlan } from './stock-sale.plan';

/** Issue 16: donated stock sold (ASU 2020-07 "monetized"), its proceeds money in a fund. */
const spec = deciderSpec(stockDecider);
const funds = deciderSpec(fundDecider);

const coatsReceived: StockEvent = {
  type: 'StockReceived',
  data: { itemId: 'winter-coat', kind: 'goods', category: 'winter_gear', quantity: 5, unitValueCents: 4_000, serials: null, donationId: 'd-1', receivedOn: '2026-11-02', valuationMethod: 'fair_market_value' },
};
const cardsReceived: StockEvent = {
  type: 'StockReceived',
  data: { itemId: 'gift-card-fuel-50', kind: 'gift_card', category: 'transportation', quantity: 2, unitValueCents: 5_000, serials: ['F-1', 'F-2'], donationId: 'd-2' },
};
const boughtReceived: StockEvent = {
  type: 'StockReceived',
  data: { itemId: 'gift-card-grocery-25', kind: 'gift_card', category: 'groceries', quantity: 2, unitValueCents: 2_500, serials: ['G-1', 'G-2'], donationId: null, purchaseId: 'po-1', valuationMethod: 'purchase_price' },
};
const sale = (over: Partial<SellStock['data']> = {}): SellStock => ({
  type: 'SellStock',
  data: { saleId: 'sale-coats-a', quantity: 2, proceedsCents: 5_000, fundId: 'general', buyerKind: 'resale_vendor', buyerRegistered: false, soldOn: '2026-11-20', today: '2026-11-21', ...over },
});
const coatsSold: StockEvent = {
  type: 'StockSold',
  data: { itemId: 'winter-coat', saleId: 'sale-coats-a', category: 'winter_gear', quantity: 2, unitValueCents: 4_000, serials: null, proceedsCents: 5_000, fundId: 'general', buyerKind: 'resale_vendor', soldOn: '2026-11-20' },
};

describe('stock decider: SellStock', () => {
  it('sells donated goods on hand at their recorded value, naming the proceeds, fund, buyer and day', () => {
    spec.given([coatsReceived]).when(sale()).then(coatsSold);
  });

  it('takes the sold units off the shelf', () => {
    const { state } = spec.given([coatsReceived, coatsSold]);
    expect(state).toMatchObject({ status: 'tracked', onHand: 3, saleIds: ['sale-coats-a'] });
  });

  it('sells donated cards by serial, to a registered payee', () => {
    spec
      .given([cardsReceived])
      .when(sale({ quantity: 1, serials: ['F-2'], proceedsCents: 4_500, buyerKind: 'payee', buyerPayeeId: 'card-exchange', buyerRegistered: true }))
      .then({
        type: 'StockSold',
        data: { itemId: 'gift-card-fuel-50', saleId: 'sale-coats-a', category: 'transportation', quantity: 1, unitValueCents: 5_000, serials: ['F-2'], proceedsCents: 4_500, fundId: 'general', buyerKind: 'payee', buyerPayeeId: 'card-exchange', soldOn: '2026-11-20' },
      });
  });

  it('accepts proceeds of 0 (goods sold for nothing are still gone)', () => {
    spec.given([coatsReceived]).when(sale({ proceedsCents: 0 })).then({ ...coatsSold, data: { ...coatsSold.data, proceedsCents: 0 } } as StockEvent);
  });

  it.each([-1, 1.5, 100_000_001])('refuses proceeds of %p', (proceedsCents) => {
    spec.given([coatsReceived]).when(sale({ proceedsCents })).thenThrows('INVENTORY.INVALID_PROCEEDS', { field: 'proceedsCents' });
  });

  it('sells only what is on hand', () => {
    spec.given([coatsReceived, coatsSold]).when(sale({ saleId: 'sale-coats-b', quantity: 4 })).thenThrows('INVENTORY.INSUFFICIENT_STOCK', { availableQuantity: 3, requestedQuantity: 4 });
  });

  it('never sells a card already given out', () => {
    const issued: StockEvent = { type: 'StockIssued', data: { itemId: 'gift-card-fuel-50', quantity: 1, unitValueCents: 5_000, serials: ['F-1'], requestId: 'r-1', disbursementId: 'x-1' } };
    spec.given([cardsReceived, issued]).when(sale({ quantity: 1, serials: ['F-1'] })).thenThrows('INVENTORY.UNKNOWN_SERIAL', { serialIndex: 0 });
  });

  it('never sells bought cards: only donated stock', () => {
    spec.given([boughtReceived]).when(sale({ quantity: 1, serials: ['G-1'] })).thenThrows('INVENTORY.NOT_DONATED', { field: 'itemId' });
  });

  it('refuses a buyer payee that is not registered, and a payee id without the payee kind', () => {
    spec.given([coatsReceived]).when(sale({ buyerKind: 'payee', buyerPayeeId: 'nobody-co' })).thenThrows('INVENTORY.UNKNOWN_BUYER', { field: 'buyerPayeeId' });
    spec.given([coatsReceived]).when(sale({ buyerPayeeId: 'card-exchange', buyerRegistered: true })).thenThrows('INVENTORY.BUYER_PAYEE_ID', { field: 'buyerPayeeId' });
    spec.given([coatsReceived]).when(sale({ buyerKind: 'payee' })).thenThrows('INVENTORY.BUYER_PAYEE_ID');
  });

  it('refuses the same sale twice, a sale dated after today, and an item never stocked', () => {
    spec.given([coatsReceived, coatsSold]).when(sale({ quantity: 1 })).thenThrows('INVENTORY.SALE_ALREADY_RECORDED', { field: 'saleId' });
    spec.given([coatsReceived]).when(sale({ soldOn: '2026-11-22' })).thenThrows('INVENTORY.SOLD_IN_FUTURE', { field: 'soldOn' });
    spec.given([]).when(sale()).thenThrows('INVENTORY.NOT_FOUND');
  });
});

describe('stock sale plan and the fund', () => {
  const general = { type: 'FundOpened', data: { fundId: 'general', name: 'General', restricted: false } } as const;
  const voca = { type: 'FundOpened', data: { fundId: 'voca', name: 'VOCA', restricted: true } } as const;

  it('puts the proceeds into the named fund, and admits a sale dated in an earlier month', () => {
    const plan = stockSalePlan({ before: { status: 'none' }, events: [coatsSold], recordedAt: new Date('2026-12-02T10:00:00Z') });
    expect(plan.map((step) => step.streamId)).toEqual([fundStreamId('general'), 'accounting-month-2026-11']);
    expect(plan[0]?.command).toEqual({ type: 'ReceiveSaleProceeds', data: { saleId: 'sale-coats-a', itemId: 'winter-coat', amountCents: 5_000, soldOn: '2026-11-20', giftRestricted: false } });
  });

  it('counts the proceeds as money received and available', () => {
    const when = { type: 'ReceiveSaleProceeds', data: { saleId: 's-1', itemId: 'winter-coat', amountCents: 5_000, soldOn: '2026-11-20', giftRestricted: false } } as const;
    funds.given([general]).when(when).then({ type: 'SaleProceedsReceived', data: { saleId: 's-1', itemId: 'winter-coat', amountCents: 5_000, soldOn: '2026-11-20' } });
    const { state } = funds.given([general, { type: 'SaleProceedsReceived', data: { saleId: 's-1', itemId: 'winter-coat', amountCents: 5_000, soldOn: '2026-11-20' } }]);
    expect(fundFigures(state)).toMatchObject({ receivedCents: 5_000, balanceCents: 5_000, availableCents: 5_000 });
  });

  it('keeps restricted and unrestricted money apart: an unrestricted gift is never sold into a grant', () => {
    const when = { type: 'ReceiveSaleProceeds', data: { saleId: 's-1', itemId: 'winter-coat', amountCents: 5_000, soldOn: '2026-11-20', giftRestricted: false } } as const;
    funds.given([voca]).when(when).thenThrows('FUND.RESTRICTION_MISMATCH', { field: 'fundId', giftRestricted: false });
    funds.given([general]).when({ ...when, data: { ...when.data, giftRestricted: true } }).thenThrows('FUND.RESTRICTION_MISMATCH', { giftRestricted: true });
    funds.given([general]).when({ ...when, data: { ...when.data, amountCents: -1 } }).thenThrows('FUND.INVALID_AMOUNT', { field: 'proceedsCents' });
    funds.given([]).when(when).thenThrows('FUND.NOT_OPEN');
  });
});
