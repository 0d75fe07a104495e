import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotIn,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { EXPENSE_CATEGORIES, type ExpenseCategory } from './expense-categories';
import {
  OVERDUE_RECEIPT_CONSEQUENCES,
  RULE_LIMITS,
  SLUG_PATTERN,
  type ApprovalTier,
  type ExpeditedPath,
  type OverdueReceiptConsequence,
  type ProtocolRules,
} from './protocol-rules';
import { PROTOCOL_TITLE_MAX_LENGTH } from './protocol.decider';
import { RESERVED_VERSIONS } from './protocol-streams';
import { ScreenedText } from '@fund/privacy';

// Field-by-field bounds only. Rules that relate fields (tiers ascending, caps ordered) belong
// to the decider, which answers PROTOCOL.INVALID_RULES naming each field.

export class ApprovalTierDto implements ApprovalTier {
  @ApiProperty({ type: 'integer', nullable: true, minimum: 1, maximum: RULE_LIMITS.maxAmountCents, example: 25_000, description: 'Inclusive upper bound in cents; null on the last tier' })
  @ValidateIf((_tier: unknown, value: unknown) => value !== null)
  @IsInt()
  @Min(1)
  @Max(RULE_LIMITS.maxAmountCents)
  upToCents!: number | null;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: RULE_LIMITS.maxApprovalsRequired, example: 1 })
  @IsInt()
  @Min(1)
  @Max(RULE_LIMITS.maxApprovalsRequired)
  approvalsRequired!: number;
}

export class ExpeditedPathDto implements ExpeditedPath {
  @ApiProperty({ example: true })
  @IsBoolean()
  enabled!: boolean;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: RULE_LIMITS.maxAmountCents, example: 15_000, description: 'At most the cap per request' })
  @IsInt()
  @Min(0)
  @Max(RULE_LIMITS.maxAmountCents)
  capCents!: number;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: RULE_LIMITS.maxDecisionWithinHours, example: 24 })
  @IsInt()
  @Min(0)
  @Max(RULE_LIMITS.maxDecisionWithinHours)
  decisionWithinHours!: number;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: RULE_LIMITS.maxRatificationWithinDays, example: 14 })
  @IsInt()
  @Min(0)
  @Max(RULE_LIMITS.maxRatificationWithinDays)
  ratificationWithinDays!: number;
}

export class ProtocolRulesDto implements ProtocolRules {
  @ApiProperty({ enum: EXPENSE_CATEGORIES, isArray: true, example: ['groceries', 'phone_card'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EXPENSE_CATEGORIES.length)
  @ArrayUnique()
  @IsIn(EXPENSE_CATEGORIES, { each: true })
  eligibleCategories!: ExpenseCategory[];

  @ApiProperty({ type: 'integer', minimum: 1, maximum: RULE_LIMITS.maxAmountCents, example: 50_000 })
  @IsInt()
  @Min(1)
  @Max(RULE_LIMITS.maxAmountCents)
  capPerRequestCents!: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: RULE_LIMITS.maxAmountCents, example: 150_000, description: 'Rolling 365 days, per survivor reference' })
  @IsInt()
  @Min(1)
  @Max(RULE_LIMITS.maxAmountCents)
  capPerSurvivorPer12MonthsCents!: number;

  @ApiProperty({ type: () => [ApprovalTierDto], description: 'Ascending by upToCents; the last tier has upToCents null' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(RULE_LIMITS.maxApprovalTiers)
  @IsObject({ each: true, message: 'approvalTiers must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => ApprovalTierDto)
  approvalTiers!: ApprovalTierDto[];

  @ApiProperty({ type: () => ExpeditedPathDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ExpeditedPathDto)
  expedited!: ExpeditedPathDto;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: RULE_LIMITS.maxReceiptDeadlineDays, example: 14 })
  @IsInt()
  @Min(1)
  @Max(RULE_LIMITS.maxReceiptDeadlineDays)
  receiptDeadlineDays!: number;

  @ApiProperty({ enum: OVERDUE_RECEIPT_CONSEQUENCES, example: 'block_new_requests' })
  @IsIn(OVERDUE_RECEIPT_CONSEQUENCES)
  overdueReceiptConsequence!: OverdueReceiptConsequence;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: RULE_LIMITS.maxAmountCents, example: 10_000 })
  @IsInt()
  @Min(1)
  @Max(RULE_LIMITS.maxAmountCents)
  giftCardFaceValueLimitCents!: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: RULE_LIMITS.maxProtocolQuorum, example: 3, description: 'Council approvals needed to adopt the next version' })
  @IsInt()
  @Min(1)
  @Max(RULE_LIMITS.maxProtocolQuorum)
  protocolQuorum!: number;

  @ApiProperty({ pattern: SLUG_PATTERN.source, example: 'general' })
  @Matches(SLUG_PATTERN)
  defaultFundId!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: RULE_LIMITS.maxRequestExpiryDays, example: 30 })
  @IsInt()
  @Min(1)
  @Max(RULE_LIMITS.maxRequestExpiryDays)
  requestExpiryDays!: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: RULE_LIMITS.maxNarrativeRetentionDays, example: 90 })
  @IsInt()
  @Min(1)
  @Max(RULE_LIMITS.maxNarrativeRetentionDays)
  narrativeRetentionDays!: number;
}

/** One line, no control characters, no surrounding spaces: it becomes a document heading. */
const TITLE_PATTERN = /^[^\p{Cc}\s](?:[^\p{Cc}]*[^\p{Cc}\s])?$/u;

/** A new protocol version: drafted, or bootstrapped as the first one. */
export class NewProtocolDto {
  @ApiProperty({ pattern: SLUG_PATTERN.source, example: '2026-1', description: 'Chosen by the coordinator; not registry, current or bootstrap' })
  @Matches(SLUG_PATTERN)
  @IsNotIn(RESERVED_VERSIONS)
  version!: string;

  @ApiProperty({ maxLength: PROTOCOL_TITLE_MAX_LENGTH, example: 'Emergency assistance protocol 2026' })
  @IsString()
  @MaxLength(PROTOCOL_TITLE_MAX_LENGTH)
  @Matches(TITLE_PATTERN, { message: 'title must be one line without leading or trailing spaces' })
  @ScreenedText('label')
  title!: string;

  @ApiProperty({ type: () => ProtocolRulesDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ProtocolRulesDto)
  rules!: ProtocolRulesDto;
}
