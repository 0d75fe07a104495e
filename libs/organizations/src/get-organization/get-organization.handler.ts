import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError, loadStreamState, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { organizationDecider, overdueReceipts } from '../organization.decider';
import { organizationStreamId } from '../organization.events';
import { GetOrganizationQuery, type VersionedOrganization } from './get-organization.query';

@QueryHandler(GetOrganizationQuery)
export class GetOrganizationHandler implements IQueryHandler<GetOrganizationQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ organizationId, reader, now }: GetOrganizationQuery): Promise<VersionedOrganization> {
    const ownOnly = reader.role === 'provider' || reader.role === 'council';
    const { version, state } = await loadStreamState(this.store, organizationStreamId(organizationId), organizationDecider);
    if (state.status !== 'registered' || (ownOnly && reader.organizationId !== organizationId)) {
      throw new DomainError('ORGANIZATION.NOT_FOUND', 'No such organization', {}, 'not_found');
    }
    return {
      version,
      organization: {
        organizationId: state.organizationId,
        providerType: state.providerType,
        county: state.county,
        receiptsDue: Object.keys(state.receiptsDue).length,
        receiptsOverdue: overdueReceipts(state, now).map((r) => ({ requestId: r.requestId, disbursementId: r.disbursementId, dueOn: r.dueOn })),
      },
    };
  }
}
