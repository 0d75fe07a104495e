import { followUp, type Plan } from '@fund/event-sourcing';
import type { FundEvent } from '@fund/funds';
import { fundRequestDecider } from '../fund-request.decider';
import { fundRequestStreamId } from '../fund-request.events';

/**
 * What a grant's close-out means for the requests it held money for, read off the fund's
 * decision: each moved or released reservation is recorded on its request, whose own plan then
 * reserves the money in the fund it moves to, or stops counting it against the survivor
 * reference's 12-month cap. Kept reservations stay as they are: the request is paid as before,
 * until the liquidation deadline.
 */
export function grantCloseOutPlan(fundId: string, events: readonly FundEvent[], now: Date): Plan {
  const closed = events.find((e) => e.type === 'GrantClosedOut');
  if (!closed) return [];
  return closed.data.outcomes.flatMap((o) => {
    const stream = fundRequestStreamId(o.requestId);
    if (o.action === 'move' && o.toFundId) {
      return [followUp(stream, fundRequestDecider, { type: 'RecordGrantCloseOut', data: { action: 'move', fromFundId: fundId, toFundId: o.toFundId, amountCents: o.amountCents, now } })];
    }
    if (o.action === 'release') {
      return [followUp(stream, fundRequestDecider, { type: 'RecordGrantCloseOut', data: { action: 'release', fromFundId: fundId, amountCents: o.amountCents, now } })];
    }
    return [];
  });
}
