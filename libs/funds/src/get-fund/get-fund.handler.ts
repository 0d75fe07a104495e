import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError, loadStreamState, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { fundDecider, fundStreamId } from '../fund.decider';
import { toFundView, type VersionedFund } from '../fund.view';
import { GetFundQuery } from './get-fund.query';

/** Folds the fund's own stream: the figures are exactly what the next decision will see. */
@QueryHandler(GetFundQuery)
export class GetFundHandler implements IQueryHandler<GetFundQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ fundId }: GetFundQuery): Promise<VersionedFund> {
    const { version, state } = await loadStreamState(this.store, fundStreamId(fundId), fundDecider);
    if (state.status !== 'open') throw new DomainError('FUND.NOT_FOUND', 'No fund with this id', { fundId }, 'not_found');
    return { version, fund: toFundView(state) };
  }
}
