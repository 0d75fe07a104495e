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
  // Read side by side: the registry, then every listed fund, with the agency meanwhile.
  const [registry, organization] = await Promise.all([
    load(RESTRICTED_FUNDS_STREAM, restrictedFundsDecider),
    request.status === 'none' ? undefined : load(organizationStreamId(request.facts.organizationId), organizationDecider),
  ]);
  const funds: FundOption[] = await Promise.all(registry.fundIds.map(async (fundId) => ({ fundId, state: await load(fundStreamId(fundId), fundDecider) })));
  if (!organization) return { funds };
  return organization.status === 'registered' ? { funds, agency: { providerType: organization.providerType, county: organization.county } } : { funds };
}
