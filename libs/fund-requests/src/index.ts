export * from './vocabulary';
export * from './fund-request.events';
export * from './fund-request.decider';
export { FundRequestsModule } from './fund-requests.module';
