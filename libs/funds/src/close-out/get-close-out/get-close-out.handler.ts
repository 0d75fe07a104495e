import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError, loadStreamState, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { fundDecider, fundStreamId } from '../../fund.decider';
import { grantCloseOutReport, type GrantCloseOutReport } from '../grant-close-out.report';
import { GetGrantCloseOutQuery } from './get-close-out.query';

/** Folds the fund's own stream: the figures are the fund's, as its next decision would see them. */
@QueryHandler(GetGrantCloseOutQuery)
export class GetGrantCloseOutHandler implements IQueryHandler<GetGrantCloseOutQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ fundId }: GetGrantCloseOutQuery): Promise<{ version: number; report: GrantCloseOutReport }> {
    const { version, state } = await loadStreamState(this.store, fundStreamId(fundId), fundDecider);
    if (state.status !== 'open') throw new DomainError('FUND.NOT_FOUND', 'No fund with this id', { fundId }, 'not_found');
    const report = grantCloseOutReport(state);
    if (!report) throw new DomainError('FUND.NOT_RESTRICTED', 'Only a grant (a fund with restrictions) has close-out figures', { field: 'fundId' });
    return { version, report };
  }
}
