export * from './vocabulary';
export * from './fund-request.events';
export * from './fund-request.commands';
export * from './fund-request.decider';
export { FundRequestsModule, FundRequestsWorkerModule } from './fund-requests.module';
export { NarrativeRetention } from './narrative/narrative-retention';
export { fundRequestPlan, type FundRequestDecision } from './fund-request.plan';
export { FUND_REQUEST_UPCASTERS, ageBandUpcaster } from './fund-request.upcasters';
export { RECEIPT_DOCUMENTS, type ReceiptDocuments } from './settle-receipt/receipt-documents.port';
// For `npm run demo`, which seeds a request submitted weeks ago (so it can expire) through the same handler.
export { SubmitFundRequestCommand } from './submit-fund-request/submit-fund-request.command';
export { SubmitFundRequestDto } from './submit-fund-request/submit-fund-request.dto';
