import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { stockDecider, stockStreamId } from '../stock.decider';
import { toStockView, type VersionedStock } from '../stock.view';
import { AdjustStockCommand } from './adjust-stock.command';

@CommandHandler(AdjustStockCommand)
export class AdjustStockHandler implements ICommandHandler<AdjustStockCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ itemId, input, context, expectedVersion }: AdjustStockCommand): Promise<VersionedStock> {
    const { version, newState } = await handleCommand(this.store, stockStreamId(itemId), stockDecider, { type: 'AdjustStock', data: input }, {
      context,
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
    });
    if (newState.status !== 'tracked') throw new Error('An adjusted item folds to a tracked state');
    return { version, stock: toStockView(newState) };
  }
}
