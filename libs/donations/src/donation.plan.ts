import { followUp, type Decision, type Plan } from '@fund/event-sourcing';
import { fundDecider, fundStreamId } from '@fund/funds';
import { stockDecider, stockStreamId } from '@fund/inventory';
import type { DonationState } from './donation.decider';
import type { DonationEvent } from './donation.events';

/**
 * A recorded gift is also money in its fund, or units on the shelf of each item it brings:
 * one fact, appended with the donation or not at all.
 */
export function donationPlan({ events }: Decision<DonationState, DonationEvent>): Plan {
  return events.flatMap((event): Plan => {
    switch (event.type) {
      case 'MonetaryDonationRecorded': {
        const { fundId, donationId, amountCents } = event.data;
        return [followUp(fundStreamId(fundId), fundDecider, { type: 'ReceiveMoney', data: { donationId, amountCents } })];
      }
      case 'InKindDonationRecorded': {
        const { donationId, receivedOn } = event.data;
        // The donation decider refused duplicate item ids, so each stock stream is decided once.
        return event.data.items.map(({ itemId, kind, category, quantity, unitValueCents, serials }) =>
          followUp(stockStreamId(itemId), stockDecider, { type: 'ReceiveStock', data: { itemId, kind, category, quantity, unitValueCents, serials, donationId, receivedOn } }),
        );
      }
    }
  });
}
