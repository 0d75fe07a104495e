import { followUp, type Decision, type Plan } from '@fund/event-sourcing';
import { admitDatedEntry, fundDecider, fundStreamId } from '@fund/funds';
import { stockDecider, stockStreamId } from '@fund/inventory';
import type { DonationState } from './donation.decider';
import type { DonationEvent } from './donation.events';

export interface DonationDecision extends Decision<DonationState, DonationEvent> {
  /**
   * When the gift was recorded (the command's `now`; the events do not say): a gift received in
   * an earlier month must be admitted by that month, which refuses it once closed. Workflows
   * always pass it; a plan spec without it checks the other follow-ups alone.
   */
  readonly recordedAt?: Date;
}

/**
 * A recorded gift is also money in its fund, or units on the shelf of each item it brings:
 * one fact, appended with the donation or not at all.
 */
export function donationPlan({ events, recordedAt }: DonationDecision): Plan {
  const followUps = events.flatMap((event): Plan => {
    switch (event.type) {
      case 'MonetaryDonationRecorded': {
        const { fundId, donationId, amountCents } = event.data;
        return [followUp(fundStreamId(fundId), fundDecider, { type: 'ReceiveMoney', data: { donationId, amountCents } })];
      }
      case 'InKindDonationRecorded': {
        const { donationId, receivedOn } = event.data;
        // The donation decider refused duplicate item ids, so each stock stream is decided once.
        return event.data.items.map(({ itemId, kind, category, quantity, unitValueCents, serials, valuationMethod }) =>
          followUp(stockStreamId(itemId), stockDecider, {
            type: 'ReceiveStock',
            data: { itemId, kind, category, quantity, unitValueCents, serials, donationId, receivedOn, valuationMethod },
          }),
        );
      }
    }
  });
  const receivedOn = events[0]?.data.receivedOn;
  return receivedOn && recordedAt ? [...followUps, ...admitDatedEntry(receivedOn, recordedAt)] : followUps;
}
