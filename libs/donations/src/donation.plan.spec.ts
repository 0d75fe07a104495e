import { followUp } from '@fund/event-sourcing';
import { planSpec } from '@fund/event-sourcing/testing';
import { accountingMonthDecider, accountingMonthStreamId, fundDecider, fundStreamId } from '@fund/funds';
import { stockDecider, stockStreamId } from '@fund/inventory';
import { donationDecider } from './donation.decider';
import type { DonationEvent, InKindItem } from './donation.events';
import { donationPlan } from './donation.plan';

const spec = planSpec(donationDecider, donationPlan);
const now = new Date('2026-11-02T15:00:00Z');
const cards: InKindItem = {
  itemId: 'gift-card-grocery-25',
  kind: 'gift_card',
  category: 'groceries',
  quantity: 2,
  unitValueCents: 2_500,
  valuationMethod: 'face_value',
  serials: ['GC-1', 'GC-2'],
};
const blankets: InKindItem = { itemId: 'winter-blanket', kind: 'goods', category: 'winter_gear', quantity: 5, unitValueCents: 1_800, valuationMethod: 'fair_market_value', serials: [] };

describe('donation plan: a gift is also money in a fund or units on a shelf', () => {
  it('brings a monetary gift into its fund', () => {
    spec
      .given([])
      .when({
        type: 'RecordMonetaryDonation',
        data: { donationId: 'd-1', fundId: 'general', amountCents: 25_000, restricted: false, fundRestricted: false, donorKind: 'individual', donorReference: null, receivedOn: '2026-11-01', now },
      })
      .then([followUp(fundStreamId('general'), fundDecider, { type: 'ReceiveMoney', data: { donationId: 'd-1', amountCents: 25_000 } })]);
  });

  it('puts every item of an in-kind gift in stock, cards with their serials, dated by the day the gift came in, with its valuation method', () => {
    spec
      .given([])
      .when({ type: 'RecordInKindDonation', data: { donationId: 'd-2', donorKind: 'organization', donorReference: null, receivedOn: '2026-11-02', items: [cards, blankets], now } })
      .then([
        followUp(stockStreamId('gift-card-grocery-25'), stockDecider, {
          type: 'ReceiveStock',
          data: { itemId: 'gift-card-grocery-25', kind: 'gift_card', category: 'groceries', quantity: 2, unitValueCents: 2_500, serials: ['GC-1', 'GC-2'], donationId: 'd-2', receivedOn: '2026-11-02', valuationMethod: 'face_value' },
        }),
        followUp(stockStreamId('winter-blanket'), stockDecider, {
          type: 'ReceiveStock',
          data: { itemId: 'winter-blanket', kind: 'goods', category: 'winter_gear', quantity: 5, unitValueCents: 1_800, serials: null, donationId: 'd-2', receivedOn: '2026-11-02', valuationMethod: 'fair_market_value' },
        }),
      ]);
  });

  it('plans nothing for a gift the donation refused', () => {
    const recorded: DonationEvent = {
      type: 'MonetaryDonationRecorded',
      data: { donationId: 'd-1', fundId: 'general', amountCents: 25_000, restricted: false, donorKind: 'individual', donorReference: null, receivedOn: '2026-11-01' },
    };
    spec
      .given([recorded])
      .when({
        type: 'RecordMonetaryDonation',
        data: { donationId: 'd-1', fundId: 'general', amountCents: 25_000, restricted: false, fundRestricted: false, donorKind: 'individual', donorReference: null, receivedOn: '2026-11-01', now },
      })
      .thenThrows('DONATION.ALREADY_RECORDED');
  });

  describe('a gift received in an earlier month than it is recorded', () => {
    const record = (receivedOn: string) => ({
      type: 'RecordMonetaryDonation' as const,
      data: { donationId: 'd-3', fundId: 'general', amountCents: 5_000, restricted: false, fundRestricted: false, donorKind: 'individual' as const, donorReference: null, receivedOn, now },
    });
    const decide = (receivedOn: string) => {
      const events = donationDecider.decide(record(receivedOn), donationDecider.initialState());
      return donationPlan({ before: { status: 'none' }, events: Array.isArray(events) ? events : [events], recordedAt: now });
    };

    it('is admitted by the month it is dated in, which refuses it once closed', () => {
      expect(decide('2026-10-28')).toEqual([
        followUp(fundStreamId('general'), fundDecider, { type: 'ReceiveMoney', data: { donationId: 'd-3', amountCents: 5_000 } }),
        followUp(accountingMonthStreamId('2026-10'), accountingMonthDecider, { type: 'AdmitDatedEntry', data: { effectiveDate: '2026-10-28' } }),
      ]);
    });

    it('needs no guard when received in the month it is recorded', () => {
      expect(decide('2026-11-01')).toHaveLength(1);
    });
  });
});
