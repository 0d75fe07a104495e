import { ApprovalFundController } from './approval-fund/approval-fund.controller';
import { GetApprovalFundHandler } from './approval-fund/approval-fund.handler';
import { Module } from '@nestjs/common';
import { PrivacyModule } from '@fund/privacy';
import { CastVoteController } from './cast-vote/cast-vote.controller';
import { CastVoteHandler } from './cast-vote/cast-vote.handler';
import { CloseFundRequestController } from './close-fund-request/close-fund-request.controller';
import { CloseFundRequestHandler } from './close-fund-request/close-fund-request.handler';
import { ExpireFundRequestController } from './expire-fund-request/expire-fund-request.controller';
import { ExpireFundRequestHandler } from './expire-fund-request/expire-fund-request.handler';
import { FundRequestWorkflow } from './fund-request.workflow';
import { GetFundRequestController } from './get-fund-request/get-fund-request.controller';
import { GetFundRequestHandler } from './get-fund-request/get-fund-request.handler';
import { NarrativeController } from './narrative/narrative.controller';
import { NarrativeRetention } from './narrative/narrative-retention';
import { ProvideInformationController } from './provide-information/provide-information.controller';
import { ProvideInformationHandler } from './provide-information/provide-information.handler';
import { RatifyExpeditedApprovalController } from './ratify-expedited-approval/ratify-expedited-approval.controller';
import { RatifyExpeditedApprovalHandler } from './ratify-expedited-approval/ratify-expedited-approval.handler';
import { RecordDisbursementController } from './record-disbursement/record-disbursement.controller';
import { RecordDisbursementHandler } from './record-disbursement/record-disbursement.handler';
import { RequestInformationController } from './request-information/request-information.controller';
import { RequestInformationHandler } from './request-information/request-information.handler';
import { SettleReceiptController } from './settle-receipt/settle-receipt.controller';
import { SettleReceiptHandler } from './settle-receipt/settle-receipt.handler';
import { SubmitFundRequestController } from './submit-fund-request/submit-fund-request.controller';
import { SubmitFundRequestHandler } from './submit-fund-request/submit-fund-request.handler';
import { VoidDisbursementController } from './void-disbursement/void-disbursement.controller';
import { VoidRequestDisbursementHandler } from './void-disbursement/void-disbursement.handler';
import { WithdrawFundRequestController } from './withdraw-fund-request/withdraw-fund-request.controller';
import { WithdrawFundRequestHandler } from './withdraw-fund-request/withdraw-fund-request.handler';
import { CloseOutGrantController } from './close-out-grant/close-out-grant.controller';
import { CloseOutGrantHandler } from './close-out-grant/close-out-grant.handler';

@Module({
  controllers: [
    SubmitFundRequestController,
    GetFundRequestController,
    NarrativeController,
    RequestInformationController,
    ProvideInformationController,
    CastVoteController,
    ApprovalFundController,
    RatifyExpeditedApprovalController,
    WithdrawFundRequestController,
    ExpireFundRequestController,
    RecordDisbursementController,
    VoidDisbursementController,
    SettleReceiptController,
    CloseFundRequestController,
    CloseOutGrantController,
  ],
  providers: [
    FundRequestWorkflow,
    GetFundRequestHandler,
    GetApprovalFundHandler,
    SubmitFundRequestHandler,
    RequestInformationHandler,
    ProvideInformationHandler,
    CastVoteHandler,
    RatifyExpeditedApprovalHandler,
    WithdrawFundRequestHandler,
    ExpireFundRequestHandler,
    RecordDisbursementHandler,
    VoidRequestDisbursementHandler,
    SettleReceiptHandler,
    CloseFundRequestHandler,
    CloseOutGrantHandler,
  ],
})
export class FundRequestsModule {}

/** The worker's share of fund requests: the narrative retention schedule (no HTTP routes). */
@Module({
  imports: [PrivacyModule],
  providers: [FundRequestWorkflow, NarrativeRetention],
  exports: [NarrativeRetention],
})
export class FundRequestsWorkerModule {}
