import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runUnitOfWork, type CommandContext, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { stockCountDecider, stockCountStreamId } from '../stock-count.decider';
import { stockCountPlan } from '../stock-count.plan';
import { toStockCountView, type VersionedStockCount } from '../stock-count.view';

export class ApproveCountAdjustmentCommand extends Command<VersionedStockCount> {
  constructor(
    readonly countId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The approval and the write-off it implies are one append (`stockCountPlan`). */
@CommandHandler(ApproveCountAdjustmentCommand)
export class ApproveCountAdjustmentHandler implements ICommandHandler<ApproveCountAdjustmentCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ countId, context }: ApproveCountAdjustmentCommand): Promise<VersionedStockCount> {
    const streamId = stockCountStreamId(countId);
    const { result, versionOf } = await runUnitOfWork(this.store, context, async (uow) => {
      const decision = await uow.decide(streamId, stockCountDecider, { type: 'ApproveCountAdjustment', data: { approvedBy: context.actor.userId } });
      await uow.follow(stockCountPlan(decision));
      return decision.state;
    });
    if (result.status === 'none') throw new Error('An approved count folds to a count');
    return { version: versionOf(streamId), count: toStockCountView(result) };
  }
}
