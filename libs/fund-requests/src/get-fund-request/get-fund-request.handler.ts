import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@fund/event-sourcing';
import { FundRequestWorkflow } from '../fund-request.workflow';
import { toFundRequestView } from './fund-request.view';
import { GetFundRequestQuery, type VersionedFundRequest } from './get-fund-request.query';

/** Folds the request's own stream: what is shown is what the next decision will see. */
@QueryHandler(GetFundRequestQuery)
export class GetFundRequestHandler implements IQueryHandler<GetFundRequestQuery> {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  async execute({ requestId, reader }: GetFundRequestQuery): Promise<VersionedFundRequest> {
    const { version, state } = await this.workflow.read(requestId);
    // Another organization's request reads as not found, so its existence is not disclosed.
    if (state.status === 'none' || (reader.role === 'provider' && reader.organizationId !== state.facts.organizationId)) {
      throw new DomainError('FUND_REQUEST.NOT_FOUND', 'No such fund request', {}, 'not_found');
    }
    return { version, request: toFundRequestView(state, version, reader) };
  }
}
