import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runUnitOfWork, type CommandContext, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { cardPurchaseDecider, cardPurchaseStreamId } from '../card-purchase.decider';
import { cardPurchasePlan } from '../card-purchase.plan';
import { toCardPurchaseView, type VersionedCardPurchase } from '../card-purchase.view';
import type { ConfirmCardReceiptDto } from './confirm-card-receipt.dto';

export class ConfirmCardReceiptCommand extends Command<VersionedCardPurchase> {
  constructor(
    readonly purchaseId: string,
    readonly body: ConfirmCardReceiptDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The confirmation and the cards entering stock are one fact (`cardPurchasePlan`). */
@CommandHandler(ConfirmCardReceiptCommand)
export class ConfirmCardReceiptHandler implements ICommandHandler<ConfirmCardReceiptCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ purchaseId, body, context }: ConfirmCardReceiptCommand): Promise<VersionedCardPurchase> {
    const streamId = cardPurchaseStreamId(purchaseId);
    const { result, versionOf } = await runUnitOfWork(this.store, context, async (uow) => {
      const command = { type: 'ConfirmCardReceipt' as const, data: { receivedOn: body.receivedOn, custodian: body.custodian, confirmedBy: context.actor.userId, now: context.now } };
      const decision = await uow.decide(streamId, cardPurchaseDecider, command);
      await uow.follow(cardPurchasePlan({ ...decision, recordedAt: context.now }));
      return decision.state;
    });
    if (result.status === 'none') throw new Error('A confirmed purchase folds to a purchase');
    return { version: versionOf(streamId), purchase: toCardPurchaseView(result) };
  }
}
