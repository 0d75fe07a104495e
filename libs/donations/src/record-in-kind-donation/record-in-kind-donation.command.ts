import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@fund/event-sourcing';
import type { RecordInKindDonation } from '../donation.decider';
import type { VersionedDonation } from '../donation.view';

export type InKindDonationInput = Omit<RecordInKindDonation['data'], 'donationId' | 'now'>;

export class RecordInKindDonationCommand extends Command<VersionedDonation> {
  constructor(
    readonly input: InKindDonationInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}
