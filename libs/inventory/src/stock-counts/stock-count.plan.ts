import { followUp, type Decision, type Plan } from '@fund/event-sourcing';
import { stockDecider, stockStreamId } from '../stock.decider';
import type { StockCountState } from './stock-count.decider';
import type { StockCountEvent } from './stock-count.events';

/**
 * An approved variance writes the missing cards off the item as a count correction naming the
 * count, in the same append: the stock decider still refuses a card no longer on hand (issued
 * since the count), and then nothing is written.
 */
export function stockCountPlan({ events }: Decision<StockCountState, StockCountEvent>): Plan {
  return events.flatMap((event): Plan => {
    if (event.type !== 'StockCountAdjustmentApproved') return [];
    const { itemId, serials, countId } = event.data;
    return [followUp(stockStreamId(itemId), stockDecider, { type: 'AdjustStock', data: { quantityDelta: -serials.length, reason: 'count_correction', serials, countId } })];
  });
}
