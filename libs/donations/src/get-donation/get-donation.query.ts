import { Query } from '@nestjs/cqrs';
import type { VersionedDonation } from '../donation.view';

export class GetDonationQuery extends Query<VersionedDonation> {
  constructor(readonly donationId: string) {
    super();
  }
}
