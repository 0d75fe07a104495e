import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runUnitOfWork, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { donationDecider, donationStreamId } from '../donation.decider';
import { donationPlan } from '../donation.plan';
import { toDonationView, type VersionedDonation } from '../donation.view';
import { RecordInKindDonationCommand } from './record-in-kind-donation.command';

/** The donation and every item it puts in stock are one fact: all streams or none (`donationPlan`). */
@CommandHandler(RecordInKindDonationCommand)
export class RecordInKindDonationHandler implements ICommandHandler<RecordInKindDonationCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ input, context }: RecordInKindDonationCommand): Promise<VersionedDonation> {
    const donationId = randomUUID();
    const streamId = donationStreamId(donationId);
    const { result, versionOf } = await runUnitOfWork(this.store, context, async (uow) => {
      const decision = await uow.decide(streamId, donationDecider, { type: 'RecordInKindDonation', data: { ...input, donationId, now: context.now } });
      await uow.follow(donationPlan({ ...decision, recordedAt: context.now }));
      return decision.state;
    });
    if (result.status !== 'recorded') throw new Error('A recorded donation folds to a recorded state');
    return { version: versionOf(streamId), donation: toDonationView(result.donation) };
  }
}
