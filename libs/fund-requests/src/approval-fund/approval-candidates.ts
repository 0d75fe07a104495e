import type { Decider, DomainEvent } from '@fund/event-sourcing';
import { fundDecider, fundStreamId, RESTRICTED_FUNDS_STREAM, restrictedFundsDecider, type FundOption } from '@fund/funds';
import { organizationDecider, organizationStreamId } from '@fund/organizations';
import type { FundRequestState } from '../fund-request.decider';

/** Reads a stream's folded state: a unit of work's `load` when deciding, the store when previewing. */
export type LoadState = <S, E extends DomainEvent>(streamId: string, decider: Pick<Decider<S, never, E>, 'initialState' | 'evolve'>) => Promise<S>;

/**
 * What the fund choice weighs for a request: every listed restricted fund and the requesting
 * agency's kind and county. The vote and the council's preview read the same, so the card says
 * what the approval will do.
 */
export async function approvalCandidates(load: LoadState, request: FundRequestState): Promise<{ funds: FundOption[]; agency?: { providerType: string; county: string } }> {
  const registry = await load(RESTRICTED_FUNDS_STREAM, restrictedFundsDecider);
  const funds: FundOption[] = [];
  for (const fundId of registry.fundIds) funds.push({ fundId, state: await load(fundStreamId(fundId), fundDecider) });
  if (request.status === 'none') return { funds };
  const organization = await load(organizationStreamId(request.facts.organizationId), organizationDecider);
  return organization.status === 'registered' ? { funds, agency: { providerType: organization.providerType, county: organization.county } } : { funds };
}
