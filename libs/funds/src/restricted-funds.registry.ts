import { DomainError, followUp, type Decider, type DomainEvent, type Plan } from '@fund/event-sourcing';
import type { FundEvent } from './fund.events';

/**
 * The funds whose grants restrict them, so an approval can weigh every one of them without
 * reading the whole log: a fund is listed the first time its restrictions are set, in the same
 * append as the restrictions.
 */
export const RESTRICTED_FUNDS_STREAM = 'restricted-funds';

export type RestrictedFundListed = DomainEvent<'RestrictedFundListed', { readonly fundId: string }>;
export type ListRestrictedFund = { readonly type: 'ListRestrictedFund'; readonly data: { readonly fundId: string } };
export interface RestrictedFundsState {
  readonly fundIds: readonly string[];
}

export const restrictedFundsDecider: Decider<RestrictedFundsState, ListRestrictedFund, RestrictedFundListed> = {
  initialState: () => ({ fundIds: [] }),
  evolve: (state, event) => ({ fundIds: [...state.fundIds, event.data.fundId] }),
  decide: (command, state) => {
    if (!command.data.fundId) throw new DomainError('FUND.NOT_FOUND', 'No fund with this id', { field: 'fundId' }, 'not_found');
    return state.fundIds.includes(command.data.fundId) ? [] : [{ type: 'RestrictedFundListed', data: { fundId: command.data.fundId } }];
  },
};

/** Restrictions set on a fund list it among the restricted funds an approval may draw from. */
export function restrictionsPlan(fundId: string, events: readonly FundEvent[]): Plan {
  return events.some((e) => e.type === 'FundRestrictionsSet') ? [followUp(RESTRICTED_FUNDS_STREAM, restrictedFundsDecider, { type: 'ListRestrictedFund', data: { fundId } })] : [];
}
