import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runUnitOfWork, type CommandContext, type EventStore } from '@fund/event-sourcing';
import { payeeDecider, payeeStreamId } from '@fund/funds';
import { EVENT_STORE } from '@fund/platform';
import { loadProtocolInForce } from '@fund/protocols';
import { stockDecider, stockStreamId } from '../../stock.decider';
import type { StockEvent } from '../../stock.events';
import { cardPurchaseDecider, cardPurchaseStreamId } from '../card-purchase.decider';
import { cardPurchasePlan } from '../card-purchase.plan';
import { toCardPurchaseView, type VersionedCardPurchase } from '../card-purchase.view';
import type { RecordCardPurchaseDto } from './record-card-purchase.dto';

export class RecordCardPurchaseCommand extends Command<VersionedCardPurchase> {
  constructor(
    readonly body: RecordCardPurchaseDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The purchase and the money it takes out of the fund are one fact (`cardPurchasePlan`). */
@CommandHandler(RecordCardPurchaseCommand)
export class RecordCardPurchaseHandler implements ICommandHandler<RecordCardPurchaseCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ body, context }: RecordCardPurchaseCommand): Promise<VersionedCardPurchase> {
    const streamId = cardPurchaseStreamId(body.purchaseId);
    const { events: stockEvents } = await this.store.readStream<StockEvent>(stockStreamId(body.itemId));
    const itemHoldsDonations = stockEvents.some((e) => e.type === 'StockReceived' && e.data.donationId !== null);
    const { result, versionOf } = await runUnitOfWork(this.store, context, async (uow) => {
      const protocol = await loadProtocolInForce(uow);
      // Read for the decision, never written: the vendor must be registered, the cards must fit the item.
      const payee = { payeeId: body.payeeId, state: (await uow.load(payeeStreamId(body.payeeId), payeeDecider)).state };
      const { state: stock } = await uow.load(stockStreamId(body.itemId), stockDecider);
      const { payeeId: _payeeId, paymentReference, ...rest } = body;
      const decision = await uow.decide(
        streamId,
        cardPurchaseDecider,
        {
          type: 'RecordCardPurchase',
          data: {
            ...rest,
            serials: [...body.serials],
            payee,
            paymentReference: paymentReference ? { kind: paymentReference.kind, value: paymentReference.value } : null,
            stock,
            itemHoldsDonations,
            faceValueLimitCents: protocol.rules.giftCardFaceValueLimitCents,
            recordedBy: context.actor.userId,
            now: context.now,
          },
        },
        { protocolVersion: protocol.version },
      );
      await uow.follow(cardPurchasePlan({ ...decision, recordedAt: context.now }));
      return decision.state;
    });
    if (result.status === 'none') throw new Error('A recorded purchase folds to a purchase');
    return { version: versionOf(streamId), purchase: toCardPurchaseView(result) };
  }
}
