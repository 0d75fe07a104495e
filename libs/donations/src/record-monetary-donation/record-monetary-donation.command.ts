import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@fund/event-sourcing';
import type { RecordMonetaryDonation } from '../donation.decider';
import type { VersionedDonation } from '../donation.view';

export type MonetaryDonationInput = Omit<RecordMonetaryDonation['data'], 'donationId' | 'fundRestricted' | 'now'>;

export class RecordMonetaryDonationCommand extends Command<VersionedDonation> {
  constructor(
    readonly input: MonetaryDonationInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}
