import { Module } from '@nestjs/common';
import { GetDonationController } from './get-donation/get-donation.controller';
import { GetDonationHandler } from './get-donation/get-donation.handler';
import { RecordInKindDonationController } from './record-in-kind-donation/record-in-kind-donation.controller';
import { RecordInKindDonationHandler } from './record-in-kind-donation/record-in-kind-donation.handler';
import { RecordMonetaryDonationController } from './record-monetary-donation/record-monetary-donation.controller';
import { RecordMonetaryDonationHandler } from './record-monetary-donation/record-monetary-donation.handler';

/** Donations of money (into a fund) and of goods and cards (into stock). */
@Module({
  controllers: [RecordMonetaryDonationController, RecordInKindDonationController, GetDonationController],
  providers: [RecordMonetaryDonationHandler, RecordInKindDonationHandler, GetDonationHandler],
})
export class DonationsModule {}
