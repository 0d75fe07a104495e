import { reservationRefusal, type FundState } from './fund.decider';
import type { Charge } from './fund-restrictions';

/** A restricted fund an approval may draw from, as folded in the approval's own unit of work. */
export interface FundOption {
  readonly fundId: string;
  readonly state: FundState;
}

/** How the fund of an approval was chosen: named on the vote, or by the rule. */
export type FundChoice = 'named' | 'restricted_ending_first' | 'protocol_default';

/**
 * Which fund an approval draws from when no one named one (docs/domain-model.md, "Which fund
 * pays"): of the restricted funds whose grant allows this charge and whose budget line and
 * balance cover the amount, the one whose period of performance ends first (money that expires
 * first is spent first; ties by fund id, so the choice is reproducible); when none can, the
 * protocol's default fund, general money. A restricted fund that does not allow the charge is
 * never chosen.
 */
export function chooseFund(
  options: readonly FundOption[],
  request: { readonly requestId: string; readonly amountCents: number; readonly charge: Charge },
  defaultFundId: string,
): { readonly fundId: string; readonly choice: FundChoice } {
  const eligible = options
    .flatMap(({ fundId, state }) => (state.status === 'open' && state.restrictions ? [{ fundId, state, lastDay: state.restrictions.period.lastDay }] : []))
    .filter(({ state }) => reservationRefusal(state, request.requestId, request.amountCents, request.charge) === null)
    .sort((a, b) => a.lastDay.localeCompare(b.lastDay) || a.fundId.localeCompare(b.fundId));
  const first = eligible[0];
  return first ? { fundId: first.fundId, choice: 'restricted_ending_first' } : { fundId: defaultFundId, choice: 'protocol_default' };
}
