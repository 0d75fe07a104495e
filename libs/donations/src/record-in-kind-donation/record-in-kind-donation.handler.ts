import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runUnitOfWork, type EventStore } from '@fund/event-sourcing';
import { stockDecider, stockStreamId } from '@fund/inventory';
import { EVENT_STORE } from '@fund/platform';
import { dayOf, donationDecider, donationStreamId } from '../donation.decider';
import { toDonationView, type VersionedDonation } from '../donation.view';
import { RecordInKindDonationCommand } from './record-in-kind-donation.command';

/** The donation and every item it puts in stock are one fact: all streams or none. */
@CommandHandler(RecordInKindDonationCommand)
export class RecordInKindDonationHandler implements ICommandHandler<RecordInKindDonationCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ input, context }: RecordInKindDonationCommand): Promise<VersionedDonation> {
    const donationId = randomUUID();
    const streamId = donationStreamId(donationId);
    const { result, versionOf } = await runUnitOfWork(this.store, context, async (uow) => {
      const { state } = await uow.decide(streamId, donationDecider, { type: 'RecordInKindDonation', data: { ...input, donationId, today: dayOf(context.now) } });
      // The donation decider refused duplicate item ids, so each stock stream is decided once.
      for (const item of input.items) {
        const { itemId, kind, category, quantity, unitValueCents, serials } = item;
        await uow.decide(stockStreamId(itemId), stockDecider, { type: 'ReceiveStock', data: { itemId, kind, category, quantity, unitValueCents, serials, donationId } });
      }
      return state;
    });
    if (result.status !== 'recorded') throw new Error('A recorded donation folds to a recorded state');
    return { version: versionOf(streamId), donation: toDonationView(result.donation) };
  }
}
