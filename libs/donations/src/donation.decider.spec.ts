import { deciderSpec } from '@fund/event-sourcing/testing';
import { dayOf, donationDecider, type RecordInKindDonation, type RecordMonetaryDonation } from './donation.decider';
import type { DonationEvent, InKindItem } from './donation.events';

const spec = deciderSpec(donationDecider);

const monetary: RecordMonetaryDonation['data'] = {
  donationId: 'd-1',
  fundId: 'general',
  amountCents: 25_000,
  restricted: false,
  donorKind: 'individual',
  donorReference: 'DNR-0042',
  receivedOn: '2026-11-01',
  fundRestricted: false,
  now: new Date('2026-11-02T15:00:00Z'),
};
const cards: InKindItem = {
  itemId: 'gift-card-grocery-25',
  kind: 'gift_card',
  category: 'groceries',
  quantity: 2,
  unitValueCents: 2_500,
  valuationMethod: 'face_value',
  serials: ['GC-1', 'GC-2'],
};
const blankets: InKindItem = { itemId: 'winter-blanket', kind: 'goods', category: 'winter_gear', quantity: 5, unitValueCents: 1_800, valuationMethod: 'fair_market_value', serials: null };
const inKind: RecordInKindDonation['data'] = {
  donationId: 'd-2',
  donorKind: 'organization',
  donorReference: null,
  receivedOn: '2026-11-02',
  items: [cards, blankets],
  now: new Date('2026-11-02T15:00:00Z'),
};
const monetaryRecorded: DonationEvent = {
  type: 'MonetaryDonationRecorded',
  data: { donationId: 'd-1', fundId: 'general', amountCents: 25_000, restricted: false, donorKind: 'individual', donorReference: 'DNR-0042', receivedOn: '2026-11-01' },
};

describe('donation decider', () => {
  describe('RecordMonetaryDonation', () => {
    it('records the gift, without the command-only facts', () => {
      spec.given([]).when({ type: 'RecordMonetaryDonation', data: monetary }).then(monetaryRecorded);
    });

    it('accepts a gift received today', () => {
      expect(spec.given([]).when({ type: 'RecordMonetaryDonation', data: { ...monetary, receivedOn: '2026-11-02' } }).thenEvents()).toHaveLength(1);
    });

    it('refuses to record the same donation twice', () => {
      const error = spec.given([monetaryRecorded]).when({ type: 'RecordMonetaryDonation', data: monetary }).thenThrows('DONATION.ALREADY_RECORDED');
      expect(error.kind).toBe('conflict');
    });

    it('refuses restricted money for an unrestricted fund, and the other way round', () => {
      spec
        .given([])
        .when({ type: 'RecordMonetaryDonation', data: { ...monetary, restricted: true, fundRestricted: false } })
        .thenThrows('DONATION.RESTRICTION_MISMATCH', { restricted: true, fundRestricted: false });
      spec
        .given([])
        .when({ type: 'RecordMonetaryDonation', data: { ...monetary, restricted: false, fundRestricted: true } })
        .thenThrows('DONATION.RESTRICTION_MISMATCH', { restricted: false, fundRestricted: true });
    });

    it.each([0, -100, 99.5, 100_000_001])('refuses %p cents', (amountCents) => {
      spec.given([]).when({ type: 'RecordMonetaryDonation', data: { ...monetary, amountCents } }).thenThrows('DONATION.INVALID_AMOUNT', { field: 'amountCents' });
    });

    it('refuses a gift dated after today', () => {
      spec
        .given([])
        .when({ type: 'RecordMonetaryDonation', data: { ...monetary, receivedOn: '2026-11-03' } })
        .thenThrows('DONATION.RECEIVED_ON_IN_FUTURE', { field: 'receivedOn', latestAllowed: '2026-11-02' });
    });

    it.each(['2026-02-30', '2026-13-01', '02/11/2026', '2026-11-02T10:00:00Z'])('refuses %p as a date', (receivedOn) => {
      spec.given([]).when({ type: 'RecordMonetaryDonation', data: { ...monetary, receivedOn } }).thenThrows('DONATION.INVALID_RECEIVED_ON', { field: 'receivedOn' });
    });

    it.each(['Jane Doe', '', 'x'.repeat(41), 'a@b.org'])('refuses %p as a donor reference', (donorReference) => {
      spec.given([]).when({ type: 'RecordMonetaryDonation', data: { ...monetary, donorReference } }).thenThrows('DONATION.INVALID_DONOR_REFERENCE');
    });
  });

  describe('RecordInKindDonation', () => {
    it('records every item with its valuation', () => {
      spec
        .given([])
        .when({ type: 'RecordInKindDonation', data: inKind })
        .then({ type: 'InKindDonationRecorded', data: { donationId: 'd-2', donorKind: 'organization', donorReference: null, receivedOn: '2026-11-02', items: [cards, blankets] } });
    });

    it('refuses to record it twice', () => {
      const recorded = spec.given([]).when({ type: 'RecordInKindDonation', data: inKind }).thenEvents();
      spec.given(recorded).when({ type: 'RecordInKindDonation', data: inKind }).thenThrows('DONATION.ALREADY_RECORDED');
    });

    it('refuses a donation without items', () => {
      spec.given([]).when({ type: 'RecordInKindDonation', data: { ...inKind, items: [] } }).thenThrows('DONATION.NO_ITEMS', { field: 'items' });
    });

    it('refuses more items than one donation may list', () => {
      const items = Array.from({ length: 51 }, (_, i) => ({ ...blankets, itemId: `blanket-${i}` }));
      spec.given([]).when({ type: 'RecordInKindDonation', data: { ...inKind, items } }).thenThrows('DONATION.TOO_MANY_ITEMS');
    });

    it.each([0, -1, 2.5])('refuses a quantity of %p', (quantity) => {
      spec
        .given([])
        .when({ type: 'RecordInKindDonation', data: { ...inKind, items: [cards, { ...blankets, quantity }] } })
        .thenThrows('DONATION.INVALID_QUANTITY', { field: 'items.1.quantity' });
    });

    it.each([0, -1, 2.5, 100_000_001])('refuses a unit value of %p cents', (unitValueCents) => {
      spec
        .given([])
        .when({ type: 'RecordInKindDonation', data: { ...inKind, items: [{ ...cards, unitValueCents }] } })
        .thenThrows('DONATION.INVALID_AMOUNT', { field: 'items.0.unitValueCents' });
    });

    it('refuses the same stock item on two lines', () => {
      spec
        .given([])
        .when({ type: 'RecordInKindDonation', data: { ...inKind, items: [blankets, cards, { ...blankets, quantity: 1 }] } })
        .thenThrows('DONATION.DUPLICATE_ITEM', { field: 'items.2.itemId' });
    });

    it('refuses a date after today', () => {
      spec.given([]).when({ type: 'RecordInKindDonation', data: { ...inKind, receivedOn: '2027-01-01' } }).thenThrows('DONATION.RECEIVED_ON_IN_FUTURE');
    });
  });

  it('takes the day from the command clock in UTC', () => {
    expect(dayOf(new Date('2026-11-02T23:30:00-05:00'))).toBe('2026-11-03');
    expect(dayOf(new Date('2026-11-02T00:10:00Z'))).toBe('2026-11-02');
  });
});
