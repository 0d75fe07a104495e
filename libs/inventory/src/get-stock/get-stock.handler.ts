import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError, loadStreamState, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { stockDecider, stockStreamId } from '../stock.decider';
import { toStockView, type VersionedStock } from '../stock.view';
import { GetStockQuery } from './get-stock.query';

/** Folds the item's own stream: the serials shown are exactly the ones an issue may use. */
@QueryHandler(GetStockQuery)
export class GetStockHandler implements IQueryHandler<GetStockQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ itemId }: GetStockQuery): Promise<VersionedStock> {
    const { version, state } = await loadStreamState(this.store, stockStreamId(itemId), stockDecider);
    if (state.status !== 'tracked') throw new DomainError('INVENTORY.NOT_FOUND', 'No stock item with this id', { itemId }, 'not_found');
    return { version, stock: toStockView(state) };
  }
}
