import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Actor } from '@fund/event-sourcing';
import { EXPENSE_CATEGORIES } from '@fund/protocols';
import { disbursedCents, outstandingReceipts, reservedCents, type FundRequestState } from '../fund-request.decider';
import { FUND_REQUEST_STATUSES } from '../fund-request-command.view';
import { STORED_AGE_BANDS, CITIZENSHIP, DEMOGRAPHIC_COUNTIES, GENDERS, PAYMENT_METHODS, TRAFFICKING_TYPES, URGENCIES, type Demographics } from '../vocabulary';

export class DemographicsView implements Demographics {
  @ApiProperty({ enum: STORED_AGE_BANDS, description: 'minor_unbanded and adult_unbanded: recorded under the earlier bands (12-17, 50-64) that straddle a PMT age group' }) readonly ageBand!: Demographics['ageBand'];
  @ApiProperty({ enum: DEMOGRAPHIC_COUNTIES }) readonly county!: Demographics['county'];
  @ApiProperty({ enum: TRAFFICKING_TYPES }) readonly traffickingType!: Demographics['traffickingType'];
  @ApiProperty({ enum: CITIZENSHIP }) readonly citizenship!: Demographics['citizenship'];
  @ApiProperty({ enum: GENDERS }) readonly gender!: Demographics['gender'];
}

export class RequestVoteView {
  @ApiProperty({ enum: ['approve', 'deny', 'recuse'] }) readonly vote!: 'approve' | 'deny' | 'recuse';
  @ApiProperty({ type: 'integer', nullable: true }) readonly amountCents!: number | null;
  @ApiPropertyOptional({ description: 'not shown to providers' }) readonly memberId?: string;
  @ApiPropertyOptional({ description: 'not shown to providers' }) readonly organizationId?: string;
}

export class RequestApprovalView {
  @ApiProperty({ type: 'integer' }) readonly amountCents!: number;
  @ApiProperty() readonly fundId!: string;
  @ApiProperty() readonly expedited!: boolean;
  @ApiProperty() readonly ratified!: boolean;
}

export class RequestDisbursementView {
  @ApiProperty({ format: 'uuid' }) readonly disbursementId!: string;
  @ApiProperty({ enum: ['money', 'stock'] }) readonly source!: 'money' | 'stock';
  @ApiProperty({ type: 'integer' }) readonly amountCents!: number;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'null for donated stock' }) readonly receiptDueOn!: string | null;
  @ApiProperty() readonly voided!: boolean;
  @ApiProperty({ enum: ['none', 'recorded', 'lost_attested'] }) readonly receipt!: 'none' | 'recorded' | 'lost_attested';
}

export class FundRequestView {
  @ApiProperty({ format: 'uuid' }) readonly requestId!: string;
  @ApiProperty({ type: 'integer', description: 'the stream version (also the ETag)' }) readonly version!: number;
  @ApiProperty({ enum: FUND_REQUEST_STATUSES, enumName: 'FundRequestStatus' }) readonly status!: (typeof FUND_REQUEST_STATUSES)[number];
  @ApiProperty() readonly organizationId!: string;
  @ApiPropertyOptional({ description: "only to the submitting organization's providers", example: 'SR-7KQ4-M2XP-9D3H' }) readonly survivorReference?: string;
  @ApiProperty({ enum: EXPENSE_CATEGORIES }) readonly category!: string;
  @ApiProperty({ type: 'integer' }) readonly amountCents!: number;
  @ApiProperty({ enum: PAYMENT_METHODS }) readonly paymentMethod!: string;
  @ApiProperty({ enum: URGENCIES }) readonly urgency!: string;
  @ApiProperty({ format: 'date' }) readonly neededBy!: string;
  @ApiProperty() readonly expedited!: boolean;
  @ApiProperty({ format: 'date-time' }) readonly submittedAt!: string;
  @ApiProperty({ type: DemographicsView }) readonly demographics!: DemographicsView;
  @ApiProperty() readonly hasNarrative!: boolean;
  @ApiProperty({ type: [RequestVoteView] }) readonly votes!: readonly RequestVoteView[];
  @ApiProperty({ type: RequestApprovalView, nullable: true }) readonly approval!: RequestApprovalView | null;
  @ApiProperty({ type: 'integer' }) readonly disbursedCents!: number;
  @ApiProperty({ type: 'integer' }) readonly reservedCents!: number;
  @ApiProperty({ type: [RequestDisbursementView] }) readonly disbursements!: readonly RequestDisbursementView[];
  @ApiProperty({ type: 'integer' }) readonly receiptsOutstanding!: number;
}

/**
 * What a reader may see of a request. The survivor reference goes only to the submitting
 * organization (it is their file's key); council and coordinator see what the 12-month cap needs.
 */
export function toFundRequestView(state: Exclude<FundRequestState, { status: 'none' }>, version: number, actor: Actor): FundRequestView {
  const f = state.facts;
  const approval = 'approval' in state ? state.approval : null;
  const ownOrganization = actor.organizationId === f.organizationId && actor.role === 'provider';
  return {
    requestId: f.requestId,
    version,
    status: state.status,
    organizationId: f.organizationId,
    ...(ownOrganization ? { survivorReference: f.survivorReference } : {}),
    category: f.category,
    amountCents: f.amountCents,
    paymentMethod: f.paymentMethod,
    urgency: f.urgency,
    neededBy: f.neededBy,
    expedited: f.expedited,
    submittedAt: f.submittedAt,
    demographics: f.demographics,
    hasNarrative: f.hasNarrative,
    votes: state.votes.map((v) => ({ vote: v.vote, amountCents: v.amountCents, ...(actor.role === 'provider' ? {} : { memberId: v.memberId, organizationId: v.organizationId }) })),
    approval: approval
      ? { amountCents: approval.amountCents, fundId: approval.fundId, expedited: approval.expedited, ratified: approval.ratified }
      : null,
    disbursedCents: disbursedCents(state),
    reservedCents: reservedCents(state),
    disbursements:
      'disbursements' in state
        ? Object.entries(state.disbursements).map(([id, d]) => ({ disbursementId: id, source: d.source, amountCents: d.amountCents, receiptDueOn: d.receiptDueOn, voided: d.voided, receipt: d.receipt }))
        : [],
    receiptsOutstanding: outstandingReceipts(state).length,
  };
}
