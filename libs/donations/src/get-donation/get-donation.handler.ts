import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { asDomainEvent, DomainError, fold, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { donationDecider, donationStreamId } from '../donation.decider';
import type { DonationEvent } from '../donation.events';
import { toDonationView, type VersionedDonation } from '../donation.view';
import { GetDonationQuery } from './get-donation.query';

@QueryHandler(GetDonationQuery)
export class GetDonationHandler implements IQueryHandler<GetDonationQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ donationId }: GetDonationQuery): Promise<VersionedDonation> {
    const { version, events } = await this.store.readStream<DonationEvent>(donationStreamId(donationId));
    const state = fold(donationDecider, events.map(asDomainEvent));
    if (state.status !== 'recorded') throw new DomainError('DONATION.NOT_FOUND', 'No donation with this id', { donationId }, 'not_found');
    return { version, donation: toDonationView(state.donation) };
  }
}
