import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError, loadStreamState, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { fundDecider, fundStreamId } from '../fund.decider';
import { toFundRestrictionsView, type FundRestrictionsView } from '../fund-restrictions.view';
import { GetFundRestrictionsQuery } from './get-fund-restrictions.query';

/** Folds the fund's own stream: budget vs actual is exactly what the next approval will weigh. */
@QueryHandler(GetFundRestrictionsQuery)
export class GetFundRestrictionsHandler implements IQueryHandler<GetFundRestrictionsQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ fundId }: GetFundRestrictionsQuery): Promise<{ version: number; view: FundRestrictionsView }> {
    const { version, state } = await loadStreamState(this.store, fundStreamId(fundId), fundDecider);
    if (state.status !== 'open') throw new DomainError('FUND.NOT_FOUND', 'No fund with this id', { fundId }, 'not_found');
    return { version, view: toFundRestrictionsView(state) };
  }
}
