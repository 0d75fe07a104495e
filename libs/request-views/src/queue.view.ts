import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class RequestVoteCountsView {
  @ApiProperty({ type: 'integer' }) readonly approvals!: number;
  @ApiProperty({ type: 'integer' }) readonly denials!: number;
  @ApiProperty({ type: 'integer' }) readonly recusals!: number;
}

/** A fund request as every work queue lists it, so the web app draws them alike. */
export class RequestItemView {
  @ApiProperty({ format: 'uuid' }) readonly requestId!: string;
  @ApiProperty({ type: 'integer', description: 'the stream version (what If-Match names)' }) readonly version!: number;
  @ApiProperty() readonly organizationId!: string;
  @ApiProperty({ example: 'submitted' }) readonly status!: string;
  @ApiProperty({ example: 'groceries' }) readonly category!: string;
  @ApiProperty({ type: 'integer' }) readonly amountCents!: number;
  @ApiProperty({ type: 'integer', nullable: true }) readonly approvedCents!: number | null;
  @ApiProperty({ type: 'integer' }) readonly disbursedCents!: number;
  @ApiProperty({ type: 'integer', nullable: true }) readonly remainingToPayCents!: number | null;
  @ApiProperty({ type: 'string', nullable: true }) readonly fundId!: string | null;
  @ApiProperty({ example: 'vendor_payment' }) readonly paymentMethod!: string;
  @ApiProperty({ example: 'urgent' }) readonly urgency!: string;
  @ApiProperty({ format: 'date' }) readonly neededBy!: string;
  @ApiProperty() readonly expedited!: boolean;
  @ApiProperty({ type: 'boolean', nullable: true, description: 'null unless the approval was expedited' }) readonly ratified!: boolean | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'the question code waiting for an answer' }) readonly openQuestion!: string | null;
  @ApiProperty({ type: RequestVoteCountsView }) readonly votes!: RequestVoteCountsView;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) readonly submittedAt!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) readonly decidedAt!: string | null;
  @ApiPropertyOptional({ description: "only in the providers' own queue: the reference is their file's key", example: 'SR-7KQ4-M2XP-9D3H' })
  readonly survivorReference?: string;
}

export class RequestQueueView {
  @ApiProperty({ type: [RequestItemView] }) readonly items!: readonly RequestItemView[];
}

export class OverdueReceiptItemView {
  @ApiProperty({ format: 'uuid' }) readonly disbursementId!: string;
  @ApiProperty({ format: 'uuid' }) readonly requestId!: string;
  @ApiProperty() readonly organizationId!: string;
  @ApiProperty({ type: 'integer' }) readonly amountCents!: number;
  @ApiProperty({ format: 'date' }) readonly dueOn!: string;
}

export class OverdueReceiptsView {
  @ApiProperty({ type: [OverdueReceiptItemView] }) readonly items!: readonly OverdueReceiptItemView[];
}

export class RequestHistoryStepView {
  @ApiProperty({ type: 'integer' }) readonly version!: number;
  @ApiProperty({ example: 'VoteCast', description: 'the event type' }) readonly event!: string;
  @ApiProperty({ example: 'council', description: 'the role that acted' }) readonly by!: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) readonly at!: string | null;
}

export class RequestHistoryView {
  @ApiProperty({ format: 'uuid' }) readonly requestId!: string;
  @ApiProperty({ type: [RequestHistoryStepView] }) readonly history!: readonly RequestHistoryStepView[];
}

export class ProtocolTallyView {
  @ApiProperty({ type: 'integer' }) readonly approvals!: number;
  @ApiProperty({ type: 'integer' }) readonly rejections!: number;
  @ApiProperty({ type: 'integer' }) readonly recusals!: number;
}

export class ProtocolVersionItemView {
  @ApiProperty({ example: '2026-2' }) readonly version!: string;
  @ApiProperty() readonly title!: string;
  @ApiProperty({ example: 'proposed' }) readonly status!: string;
  @ApiProperty() readonly bootstrapped!: boolean;
  @ApiProperty({ type: 'integer', nullable: true }) readonly quorum!: number | null;
  @ApiProperty({ type: ProtocolTallyView, nullable: true, description: 'null before the version is put to a vote' }) readonly tally!: ProtocolTallyView | null;
  @ApiPropertyOptional({ type: 'string', nullable: true, description: "council members only: their own vote, null while they haven't voted" }) readonly myVote?: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) readonly draftedAt!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) readonly revisedAt!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) readonly proposedAt!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) readonly adoptedAt!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) readonly rejectedAt!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) readonly supersededAt!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) readonly supersededBy!: string | null;
  @ApiProperty({ type: 'integer' }) readonly streamVersion!: number;
}

export class ProtocolVersionsView {
  @ApiProperty({ type: [ProtocolVersionItemView] }) readonly items!: readonly ProtocolVersionItemView[];
}

export class FundBalanceView {
  @ApiProperty({ example: 'general' }) readonly fundId!: string;
  @ApiProperty() readonly name!: string;
  @ApiProperty() readonly restricted!: boolean;
  @ApiProperty({ type: 'integer' }) readonly receivedCents!: number;
  @ApiProperty({ type: 'integer' }) readonly reservedCents!: number;
  @ApiProperty({ type: 'integer' }) readonly disbursedCents!: number;
  @ApiProperty({ type: 'integer', description: 'received - disbursed' }) readonly balanceCents!: number;
  @ApiProperty({ type: 'integer', description: 'balance - reserved' }) readonly availableCents!: number;
}

export class FundBalancesView {
  @ApiProperty({ type: [FundBalanceView] }) readonly items!: readonly FundBalanceView[];
}

export class StockBalanceView {
  @ApiProperty({ example: 'bus-pass-monthly' }) readonly itemId!: string;
  @ApiProperty({ example: 'bus_pass' }) readonly kind!: string;
  @ApiProperty({ example: 'transportation' }) readonly category!: string;
  @ApiProperty({ type: 'integer' }) readonly unitValueCents!: number;
  @ApiProperty({ type: 'integer' }) readonly onHand!: number;
  @ApiProperty({ type: 'integer' }) readonly valueOnHandCents!: number;
  @ApiProperty({ type: 'integer' }) readonly received!: number;
  @ApiProperty({ type: 'integer' }) readonly issued!: number;
  @ApiProperty({ type: 'integer' }) readonly writtenOff!: number;
}

export class StockBalancesView {
  @ApiProperty({ type: [StockBalanceView] }) readonly items!: readonly StockBalanceView[];
}
