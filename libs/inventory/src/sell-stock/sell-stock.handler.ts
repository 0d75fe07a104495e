import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runUnitOfWork, type CommandContext, type EventStore } from '@fund/event-sourcing';
import { payeeDecider, payeeStreamId } from '@fund/funds';
import { EVENT_STORE } from '@fund/platform';
import { stockDecider, stockStreamId } from '../stock.decider';
import { toStockView, type VersionedStock } from '../stock.view';
import type { SellStockDto } from './sell-stock.dto';
import { stockSalePlan } from './stock-sale.plan';

export class SellStockCommand extends Command<VersionedStock> {
  constructor(
    readonly itemId: string,
    readonly body: SellStockDto,
    readonly context: CommandContext,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

/** The sale and its proceeds in the fund are one fact (`stockSalePlan`). */
@CommandHandler(SellStockCommand)
export class SellStockHandler implements ICommandHandler<SellStockCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ itemId, body, context, expectedVersion }: SellStockCommand): Promise<VersionedStock> {
    const streamId = stockStreamId(itemId);
    const { result, versionOf } = await runUnitOfWork(this.store, context, async (uow) => {
      // Read for the decision, never written: a named buyer must be registered.
      const buyerRegistered = body.buyerPayeeId ? (await uow.load(payeeStreamId(body.buyerPayeeId), payeeDecider)).state.status === 'registered' : false;
      const { saleId, quantity, serials, proceedsCents, fundId, buyerKind, buyerPayeeId, soldOn } = body;
      const data = {
        saleId,
        quantity,
        serials: serials ?? null,
        proceedsCents,
        fundId,
        buyerKind,
        ...(buyerPayeeId ? { buyerPayeeId } : {}),
        buyerRegistered,
        soldOn,
        today: context.now.toISOString().slice(0, 10),
      };
      const decision = await uow.decide(streamId, stockDecider, { type: 'SellStock', data });
      await uow.follow(stockSalePlan({ ...decision, recordedAt: context.now }));
      return decision.state;
    }, expectedVersion === undefined ? {} : { expected: { streamId, version: expectedVersion } });
    if (result.status !== 'tracked') throw new Error('A sold item folds to a tracked state');
    return { version: versionOf(streamId), stock: toStockView(result) };
  }
}
