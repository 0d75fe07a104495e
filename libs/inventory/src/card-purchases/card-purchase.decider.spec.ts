import { followUp } from '@fund/event-sourcing';
import { deciderSpec, planSpec } from '@fund/event-sourcing/testing';
import { fundDecider, fundStreamId } from '@fund/funds';
import { stockDecider, stockStreamId, type StockState } from '../stock.decider';
import type { StockEvent } from '../stock.events';
import { cardPurchaseDecider, type RecordCardPurchase } from './card-purchase.decider';
import type { CardPurchaseEvent } from './card-purchase.events';
import { cardPurchasePlan } from './card-purchase.plan';

const spec = deciderSpec(cardPurchaseDecider);
const now = new Date('2026-11-20T15:00:00Z');
const vendor = { payeeId: 'grocer-co', state: { status: 'registered', payeeId: 'grocer-co', name: 'Grocer Co', kind: 'business', taxId: null } } as const;
const purchase: RecordCardPurchase['data'] = {
  purchaseId: 'po-4471',
  fundId: 'voca',
  payee: vendor,
  itemId: 'grocery-card-50',
  kind: 'gift_card',
  category: 'groceries',
  faceValueCents: 5_000,
  serials: ['GC-100', 'GC-101', 'GC-102'],
  feesCents: 597,
  paidOn: '2026-11-19',
  paymentReference: { kind: 'check_number', value: '4412' },
  stock: { status: 'none' },
  itemHoldsDonations: false,
  faceValueLimitCents: 10_000,
  recordedBy: 'coord-a',
  now,
};
const recorded: CardPurchaseEvent = {
  type: 'CardPurchaseRecorded',
  data: {
    purchaseId: 'po-4471',
    fundId: 'voca',
    payeeId: 'grocer-co',
    itemId: 'grocery-card-50',
    kind: 'gift_card',
    category: 'groceries',
    faceValueCents: 5_000,
    quantity: 3,
    serials: ['GC-100', 'GC-101', 'GC-102'],
    feesCents: 597,
    costCents: 15_597,
    paidOn: '2026-11-19',
    paymentReference: { kind: 'check_number', value: '4412' },
    recordedBy: 'coord-a',
  },
};
const confirm = (confirmedBy: string, receivedOn = '2026-11-20') => ({ type: 'ConfirmCardReceipt' as const, data: { receivedOn, custodian: 'office-safe', confirmedBy, now } });
const donatedStock: StockEvent = {
  type: 'StockReceived',
  data: { itemId: 'grocery-card-50', kind: 'gift_card', category: 'groceries', quantity: 1, unitValueCents: 5_000, serials: ['GC-100'], donationId: 'd-1' },
};
const stockOf = (events: StockEvent[]): StockState => events.reduce(stockDecider.evolve, stockDecider.initialState());

describe('card purchase decider', () => {
  describe('RecordCardPurchase', () => {
    it('records the cards, the vendor, the fees and the cost (face value times cards plus fees)', () => {
      spec.given([]).when({ type: 'RecordCardPurchase', data: purchase }).then(recorded);
    });

    it('refuses a vendor the payee register does not hold', () => {
      spec.given([]).when({ type: 'RecordCardPurchase', data: { ...purchase, payee: { payeeId: 'nobody', state: { status: 'none' } } } }).thenThrows('CARD_PURCHASE.UNKNOWN_PAYEE', { field: 'payeeId' });
    });

    it('refuses a card above the protocol face value limit', () => {
      spec.given([]).when({ type: 'RecordCardPurchase', data: { ...purchase, faceValueCents: 10_001 } }).thenThrows('CARD_PURCHASE.FACE_VALUE_OVER_LIMIT', { limitCents: 10_000 });
    });

    it('refuses a serial already in the stock log, and a serial twice', () => {
      spec.given([]).when({ type: 'RecordCardPurchase', data: { ...purchase, stock: stockOf([donatedStock]) } }).thenThrows('CARD_PURCHASE.SERIAL_ALREADY_RECEIVED', { serialIndex: 0 });
      spec.given([]).when({ type: 'RecordCardPurchase', data: { ...purchase, serials: ['GC-1', 'GC-1'] } }).thenThrows('CARD_PURCHASE.DUPLICATE_SERIAL', { serialIndex: 1 });
    });

    it('refuses cards that do not fit the item they join', () => {
      const stock = stockOf([{ ...donatedStock, data: { ...donatedStock.data, serials: ['OTHER-1'], unitValueCents: 2_500 } } as StockEvent]);
      spec.given([]).when({ type: 'RecordCardPurchase', data: { ...purchase, stock } }).thenThrows('CARD_PURCHASE.ITEM_MISMATCH', { unitValueCents: 2_500 });
    });

    it('refuses an item that holds donated cards: gifts in kind are disclosed apart from what the fund bought', () => {
      spec.given([]).when({ type: 'RecordCardPurchase', data: { ...purchase, itemHoldsDonations: true } }).thenThrows('CARD_PURCHASE.ITEM_HOLDS_DONATIONS', { field: 'itemId' });
    });

    it('refuses a payment dated after today, and a purchase id used twice', () => {
      spec.given([]).when({ type: 'RecordCardPurchase', data: { ...purchase, paidOn: '2026-11-21' } }).thenThrows('CARD_PURCHASE.PAID_IN_FUTURE');
      spec.given([recorded]).when({ type: 'RecordCardPurchase', data: purchase }).thenThrows('CARD_PURCHASE.ALREADY_RECORDED');
    });
  });

  describe('ConfirmCardReceipt (dual control)', () => {
    it('a second coordinator confirms the cards arrived, with their custodian', () => {
      spec
        .given([recorded])
        .when(confirm('coord-b'))
        .then({ type: 'CardPurchaseReceived', data: { purchaseId: 'po-4471', receivedOn: '2026-11-20', custodian: 'office-safe', confirmedBy: 'coord-b' } });
    });

    it('refuses the coordinator who recorded the purchase', () => {
      spec.given([recorded]).when(confirm('coord-a')).thenThrows('CARD_PURCHASE.SAME_COORDINATOR', { rule: 'dual_control' });
    });

    it('refuses an unknown purchase and a second confirmation', () => {
      spec.given([]).when(confirm('coord-b')).thenThrows('CARD_PURCHASE.NOT_FOUND');
      const received: CardPurchaseEvent = { type: 'CardPurchaseReceived', data: { purchaseId: 'po-4471', receivedOn: '2026-11-20', custodian: 'office-safe', confirmedBy: 'coord-b' } };
      spec.given([recorded, received]).when(confirm('coord-c')).thenThrows('CARD_PURCHASE.ALREADY_RECEIVED');
    });
  });
});

describe('card purchase plan', () => {
  const plan = planSpec(cardPurchaseDecider, cardPurchasePlan);

  it('a purchase spends its cost from the fund, charged as the card kind on the day paid', () => {
    plan
      .given([])
      .when({ type: 'RecordCardPurchase', data: purchase })
      .then([
        followUp(fundStreamId('voca'), fundDecider, {
          type: 'SpendOnStock',
          data: { purchaseId: 'po-4471', amountCents: 15_597, paidOn: '2026-11-19', payeeId: 'grocer-co', paymentReference: { kind: 'check_number', value: '4412' }, charge: { category: 'groceries', paymentMethod: 'gift_card', on: '2026-11-19' } },
        }),
      ]);
  });

  it('a confirmed receipt puts the cards in stock at face value, naming the purchase and custodian', () => {
    plan
      .given([recorded])
      .when(confirm('coord-b'))
      .then([
        followUp(stockStreamId('grocery-card-50'), stockDecider, {
          type: 'ReceiveStock',
          data: {
            itemId: 'grocery-card-50',
            kind: 'gift_card',
            category: 'groceries',
            quantity: 3,
            unitValueCents: 5_000,
            serials: ['GC-100', 'GC-101', 'GC-102'],
            donationId: null,
            receivedOn: '2026-11-20',
            valuationMethod: 'purchase_price',
            purchaseId: 'po-4471',
            custodian: 'office-safe',
          },
        }),
      ]);
  });
});
