import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runUnitOfWork, type CommandContext, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { stockStreamId } from '../../stock.decider';
import { isCardKind, type StockEvent } from '../../stock.events';
import { serialsHeldBy, stockCountDecider, stockCountStreamId } from '../stock-count.decider';
import { toStockCountView, type VersionedStockCount } from '../stock-count.view';
import type { RecordStockCountDto } from './record-stock-count.dto';

export class RecordStockCountCommand extends Command<VersionedStockCount> {
  constructor(
    readonly itemId: string,
    readonly body: RecordStockCountDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RecordStockCountCommand)
export class RecordStockCountHandler implements ICommandHandler<RecordStockCountCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ itemId, body, context }: RecordStockCountCommand): Promise<VersionedStockCount> {
    const streamId = stockCountStreamId(body.countId);
    // The count is a snapshot of the log as it is now: what the custodian should hold.
    const { events } = await this.store.readStream<StockEvent>(stockStreamId(itemId));
    const stock = events.map((e) => ({ type: e.type, data: e.data }) as StockEvent);
    const first = stock[0];
    const itemHoldsCards = first?.type === 'StockReceived' && isCardKind(first.data.kind);
    const { result, versionOf } = await runUnitOfWork(this.store, context, async (uow) => {
      const data = { ...body, countedSerials: [...body.countedSerials], itemId, expectedSerials: serialsHeldBy(stock, body.custodian), itemHoldsCards, countedBy: context.actor.userId, now: context.now };
      const decision = await uow.decide(streamId, stockCountDecider, { type: 'RecordStockCount', data });
      return decision.state;
    });
    if (result.status === 'none') throw new Error('A recorded count folds to a count');
    return { version: versionOf(streamId), count: toStockCountView(result) };
  }
}
