import { followUp, type Decision, type Plan } from '@fund/event-sourcing';
import { admitDatedEntry, fundDecider, fundStreamId } from '@fund/funds';
import { stockDecider, stockStreamId } from '../stock.decider';
import type { CardPurchaseState } from './card-purchase.decider';
import type { CardPurchaseEvent } from './card-purchase.events';

export interface CardPurchaseDecision extends Decision<CardPurchaseState, CardPurchaseEvent> {
  /** When it was recorded (the command's `now`): a payment or receipt dated in a closed month is refused. */
  readonly recordedAt?: Date;
}

/**
 * A recorded purchase is money out of its fund (to the vendor); a confirmed receipt is the
 * cards in stock at their face value. Each is one fact with its consequence, or nothing.
 */
export function cardPurchasePlan({ before, events, recordedAt }: CardPurchaseDecision): Plan {
  return events.flatMap((event): Plan => {
    switch (event.type) {
      case 'CardPurchaseRecorded': {
        const { purchaseId, fundId, costCents, paidOn, payeeId, paymentReference, category, kind } = event.data;
        return [
          followUp(fundStreamId(fundId), fundDecider, {
            type: 'SpendOnStock',
            data: { purchaseId, amountCents: costCents, paidOn, payeeId, ...(paymentReference ? { paymentReference } : {}), charge: { category, paymentMethod: kind, on: paidOn } },
          }),
          ...(recordedAt ? admitDatedEntry(paidOn, recordedAt) : []),
        ];
      }
      case 'CardPurchaseReceived': {
        if (before.status !== 'on_order') return [];
        const { purchaseId, itemId, kind, category, quantity, faceValueCents, serials } = before.purchase;
        const { receivedOn, custodian } = event.data;
        return [
          followUp(stockStreamId(itemId), stockDecider, {
            type: 'ReceiveStock',
            data: { itemId, kind, category, quantity, unitValueCents: faceValueCents, serials, donationId: null, receivedOn, valuationMethod: 'purchase_price', purchaseId, custodian },
          }),
          ...(recordedAt ? admitDatedEntry(receivedOn, recordedAt) : []),
        ];
      }
    }
  });
}
