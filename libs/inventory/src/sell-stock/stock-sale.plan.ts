import { followUp, type Decision, type Plan } from '@fund/event-sourcing';
import { admitDatedEntry, fundDecider, fundStreamId } from '@fund/funds';
import type { StockState } from '../stock.decider';
import type { StockEvent } from '../stock.events';

export interface StockSaleDecision extends Decision<StockState, StockEvent> {
  /** When the sale was recorded (the command's `now`): a sale dated in a closed month is refused. */
  readonly recordedAt?: Date;
}

/**
 * A sale of donated stock is also its proceeds in a fund, as money: one fact, appended together
 * or not at all. Gifts in kind carry no donor restriction here (`InKindDonationRecorded` names
 * none), so the proceeds go to a fund without restrictions; the fund decider holds the classes equal.
 */
export function stockSalePlan({ events, recordedAt }: StockSaleDecision): Plan {
  return events.flatMap((event): Plan => {
    if (event.type !== 'StockSold') return [];
    const { saleId, itemId, proceedsCents, fundId, soldOn } = event.data;
    return [
      followUp(fundStreamId(fundId), fundDecider, { type: 'ReceiveSaleProceeds', data: { saleId, itemId, amountCents: proceedsCents, soldOn, giftRestricted: false } }),
      ...(recordedAt ? admitDatedEntry(soldOn, recordedAt) : []),
    ];
  });
}
