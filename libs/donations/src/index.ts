export * from './donation.events';
export * from './donation.decider';
export { DonationView, InKindItemView, toDonationView, type VersionedDonation } from './donation.view';
export { RecordMonetaryDonationCommand, type MonetaryDonationInput } from './record-monetary-donation/record-monetary-donation.command';
export { RecordInKindDonationCommand, type InKindDonationInput } from './record-in-kind-donation/record-in-kind-donation.command';
export { GetDonationQuery } from './get-donation/get-donation.query';
export { DonationsModule } from './donations.module';
