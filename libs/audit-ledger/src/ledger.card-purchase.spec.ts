import type { RecordedEvent } from '@fund/event-sourcing';
import type { CardPurchaseRecorded, StockReceived } from '@fund/inventory';
import { accountType } from './ledger.accounts';
import { journal, toLedgerEntry, type JournalLookups } from './ledger.journal';
import { inKindDisclosure } from './statements/statements';

/** Posting of a card purchase (issue 15, capability 4): fund -> cards on order -> stock, at face value; fees as assistance. */
const recorded = <E extends CardPurchaseRecorded | StockReceived>(streamId: string, event: E) =>
  ({
    ...event,
    streamId,
    streamVersion: 1,
    globalPosition: 1,
    position: { commit: 1, prepare: 1 },
    recordedAt: new Date('2026-11-20T15:00:00Z'),
    metadata: { eventId: 'e-1', schemaVersion: 1, occurredAt: '2026-11-20T15:00:00.000Z', actor: { userId: 'coord-a', role: 'coordinator', organizationId: 'coalition' }, correlationId: 'c', causationId: null },
  }) as RecordedEvent;

const purchase: CardPurchaseRecorded = {
  type: 'CardPurchaseRecorded',
  data: {
    purchaseId: 'po-1',
    fundId: 'voca',
    payeeId: 'grocer-co',
    itemId: 'grocery-card-50',
    kind: 'gift_card',
    category: 'groceries',
    faceValueCents: 5_000,
    quantity: 3,
    serials: ['GC-1', 'GC-2', 'GC-3'],
    feesCents: 597,
    costCents: 15_597,
    paidOn: '2026-11-19',
    paymentReference: { kind: 'check_number', value: '4412' },
    recordedBy: 'coord-a',
  },
};
const lookups = (restricted: boolean): JournalLookups => ({ requestCategory: () => undefined, stockItem: () => undefined, fundRestricted: () => restricted });
const lines = (p: ReturnType<typeof journal>) => p?.lines.map((l) => [l.account, l.debitCents, l.creditCents]);

describe('ledger posting of a card purchase', () => {
  it('pays the vendor from the fund: the cards wait on order at face value, the fees are assistance, dated paidOn', () => {
    const posting = journal(recorded('card-purchase-po-1', purchase), lookups(false));
    expect(lines(posting)).toEqual([
      ['stock-on-order:po-1', 15_000, 0],
      ['cash:voca', 0, 15_000],
      ['assistance:groceries', 597, 0],
      ['cash:voca', 0, 597],
    ]);
    expect(posting).toMatchObject({ fundId: 'voca', category: 'groceries', movedOn: '2026-11-19' });
    expect(posting?.references).toMatchObject({ itemId: 'grocery-card-50', serials: ['GC-1', 'GC-2', 'GC-3'], payeeId: 'grocer-co', paymentReference: { kind: 'check_number', value: '4412' } });
    expect(accountType('stock-on-order:po-1')).toBe('asset');
  });

  it('releases the whole cost from restriction when a restricted fund pays', () => {
    expect(lines(journal(recorded('card-purchase-po-1', purchase), lookups(true)))?.slice(-2)).toEqual([
      ['net-asset-release:voca:with-donor-restrictions', 15_597, 0],
      ['net-asset-release:voca:without-donor-restrictions', 0, 15_597],
    ]);
  });

  it('moves confirmed cards from on order into stock, not into in-kind revenue, dated receivedOn', () => {
    const received: StockReceived = {
      type: 'StockReceived',
      data: { itemId: 'grocery-card-50', kind: 'gift_card', category: 'groceries', quantity: 3, unitValueCents: 5_000, serials: ['GC-1', 'GC-2', 'GC-3'], donationId: null, receivedOn: '2026-11-20', valuationMethod: 'purchase_price', purchaseId: 'po-1', custodian: 'office-safe' },
    };
    const posting = journal(recorded('stock-grocery-card-50', received), lookups(false));
    expect(lines(posting)).toEqual([
      ['stock:grocery-card-50', 15_000, 0],
      ['stock-on-order:po-1', 0, 15_000],
    ]);
    expect(posting).toMatchObject({ movedOn: '2026-11-20', references: { donationId: null, itemId: 'grocery-card-50' } });
  });

  it('keeps bought cards out of the gifts-in-kind disclosure, donated ones in', () => {
    const bought: StockReceived = {
      type: 'StockReceived',
      data: { itemId: 'grocery-card-50', kind: 'gift_card', category: 'groceries', quantity: 3, unitValueCents: 5_000, serials: ['GC-1', 'GC-2', 'GC-3'], donationId: null, receivedOn: '2026-11-20', purchaseId: 'po-1' },
    };
    const donated: StockReceived = {
      type: 'StockReceived',
      data: { itemId: 'bus-pass-monthly', kind: 'bus_pass', category: 'transportation', quantity: 2, unitValueCents: 4_000, serials: ['BP-1', 'BP-2'], donationId: 'd-1', receivedOn: '2026-11-20', valuationMethod: 'face_value' },
    };
    const entries = [recorded('card-purchase-po-1', purchase), recorded('stock-grocery-card-50', bought), recorded('stock-bus-pass-monthly', donated)].map((e) => toLedgerEntry(e, journal(e, lookups(false))!));
    const disclosure = inKindDisclosure(entries, { from: '2026-11-01', to: '2026-11-30' });
    expect(disclosure.rows.map((r) => [r.category, r.receivedCents])).toEqual([['transportation', 8_000]]);
  });
});
