import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runUnitOfWork, type EventStore } from '@fund/event-sourcing';
import { fundDecider, fundStreamId } from '@fund/funds';
import { EVENT_STORE } from '@fund/platform';
import { donationDecider, donationStreamId } from '../donation.decider';
import { donationPlan } from '../donation.plan';
import { toDonationView, type VersionedDonation } from '../donation.view';
import { RecordMonetaryDonationCommand } from './record-monetary-donation.command';

/** The donation and the money it brings into the fund are one fact: both streams or neither (`donationPlan`). */
@CommandHandler(RecordMonetaryDonationCommand)
export class RecordMonetaryDonationHandler implements ICommandHandler<RecordMonetaryDonationCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ input, context }: RecordMonetaryDonationCommand): Promise<VersionedDonation> {
    const donationId = randomUUID();
    const streamId = donationStreamId(donationId);
    const { result, versionOf } = await runUnitOfWork(this.store, context, async (uow) => {
      const fund = await uow.load(fundStreamId(input.fundId), fundDecider);
      const fundRestricted = fund.state.status === 'open' ? fund.state.restricted : null;
      const decision = await uow.decide(streamId, donationDecider, { type: 'RecordMonetaryDonation', data: { ...input, donationId, fundRestricted, now: context.now } });
      await uow.follow(donationPlan({ ...decision, recordedAt: context.now }));
      return decision.state;
    });
    if (result.status !== 'recorded') throw new Error('A recorded donation folds to a recorded state');
    return { version: versionOf(streamId), donation: toDonationView(result.donation) };
  }
}
