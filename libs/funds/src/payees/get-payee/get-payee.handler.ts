import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError, loadStreamState, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { payeeDecider, payeeStreamId } from '../payee.decider';
import { toPayeeView } from '../payee.view';
import { GetPayeeQuery, type VersionedPayee } from './get-payee.query';

@QueryHandler(GetPayeeQuery)
export class GetPayeeHandler implements IQueryHandler<GetPayeeQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ payeeId }: GetPayeeQuery): Promise<VersionedPayee> {
    const { version, state } = await loadStreamState(this.store, payeeStreamId(payeeId), payeeDecider);
    if (state.status !== 'registered') throw new DomainError('PAYEE.NOT_FOUND', 'No payee with this id', { payeeId }, 'not_found');
    return { version, payee: toPayeeView(state) };
  }
}
