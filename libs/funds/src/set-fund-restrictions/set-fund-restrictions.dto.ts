import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { COUNTIES, PROVIDER_TYPES } from '@fund/organizations';
import { ScreenedText } from '@fund/privacy';
import { EXPENSE_CATEGORIES } from '@fund/protocols';
import { GRANT_PAYMENT_METHODS, MAX_BUDGET_LINE_CENTS } from '../fund-restrictions';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const LINE_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

export class FundPurposeDto {
  @ApiProperty({ enum: EXPENSE_CATEGORIES, isArray: true, description: 'expense categories the grant pays for' })
  @IsArray()
  @ArrayMinSize(1, { message: 'purpose.categories must name at least one category' })
  @ArrayUnique()
  @IsIn(EXPENSE_CATEGORIES, { each: true, message: `each of purpose.categories must be one of: ${EXPENSE_CATEGORIES.join(', ')}` })
  readonly categories!: string[];

  @ApiProperty({ enum: GRANT_PAYMENT_METHODS, isArray: true, description: 'how the grant allows money to be paid' })
  @IsArray()
  @ArrayMinSize(1, { message: 'purpose.paymentMethods must name at least one payment method' })
  @ArrayUnique()
  @IsIn(GRANT_PAYMENT_METHODS, { each: true, message: `each of purpose.paymentMethods must be one of: ${GRANT_PAYMENT_METHODS.join(', ')}` })
  readonly paymentMethods!: string[];

  @ApiPropertyOptional({ enum: PROVIDER_TYPES, isArray: true, description: 'when present, only requests from these kinds of agency' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(PROVIDER_TYPES, { each: true, message: `each of purpose.providerTypes must be one of: ${PROVIDER_TYPES.join(', ')}` })
  readonly providerTypes?: string[];

  @ApiPropertyOptional({ enum: COUNTIES, isArray: true, description: 'when present, only requests from agencies in these counties' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(COUNTIES, { each: true, message: `each of purpose.counties must be one of: ${COUNTIES.join(', ')}` })
  readonly counties?: string[];
}

export class PeriodOfPerformanceDto {
  @ApiProperty({ example: '2026-10-01', description: 'first day money may be committed' })
  @Matches(DAY, { message: 'period.firstDay must be a date like 2026-10-01' })
  @IsISO8601({ strict: true }, { message: 'period.firstDay must be a real calendar date' })
  readonly firstDay!: string;

  @ApiProperty({ example: '2027-09-30', description: 'last day money may be committed' })
  @Matches(DAY, { message: 'period.lastDay must be a date like 2027-09-30' })
  @IsISO8601({ strict: true }, { message: 'period.lastDay must be a real calendar date' })
  readonly lastDay!: string;

  @ApiProperty({ example: '2027-12-29', description: 'last day committed money may be paid out' })
  @Matches(DAY, { message: 'period.liquidationDeadline must be a date like 2027-12-29' })
  @IsISO8601({ strict: true }, { message: 'period.liquidationDeadline must be a real calendar date' })
  readonly liquidationDeadline!: string;
}

export class BudgetLineDto {
  @ApiProperty({ example: 'housing', pattern: LINE_ID.source })
  @IsString()
  @Matches(LINE_ID, { message: 'lineId must be a slug: lowercase letters, digits and dashes' })
  @ScreenedText('label')
  readonly lineId!: string;

  @ApiProperty({ enum: EXPENSE_CATEGORIES, isArray: true })
  @IsArray()
  @ArrayMinSize(1, { message: 'a budget line names at least one category' })
  @ArrayUnique()
  @IsIn(EXPENSE_CATEGORIES, { each: true, message: `each of budgetLines.categories must be one of: ${EXPENSE_CATEGORIES.join(', ')}` })
  readonly categories!: string[];

  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_BUDGET_LINE_CENTS, description: 'integer cents' })
  @IsInt({ message: 'amountCents must be a whole number of cents' })
  @Min(0)
  @Max(MAX_BUDGET_LINE_CENTS)
  readonly amountCents!: number;
}

export class MatchDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_BUDGET_LINE_CENTS, description: 'integer cents of match the grant requires' })
  @IsInt({ message: 'match.requiredCents must be a whole number of cents' })
  @Min(0)
  @Max(MAX_BUDGET_LINE_CENTS)
  readonly requiredCents!: number;
}

/** A grant's restrictions as awarded, or as an amendment changes them (the whole set each time). */
export class SetFundRestrictionsDto {
  @ApiProperty({ type: FundPurposeDto })
  @IsObject()
  @ValidateNested()
  @Type(() => FundPurposeDto)
  readonly purpose!: FundPurposeDto;

  @ApiProperty({ type: PeriodOfPerformanceDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PeriodOfPerformanceDto)
  readonly period!: PeriodOfPerformanceDto;

  @ApiProperty({ type: [BudgetLineDto], maxItems: 20, description: 'empty: the fund balance is the only limit' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsObject({ each: true, message: 'budgetLines must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => BudgetLineDto)
  readonly budgetLines!: BudgetLineDto[];

  @ApiPropertyOptional({ type: MatchDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MatchDto)
  readonly match?: MatchDto;

  @ApiPropertyOptional({ example: 'Amendment 2', maxLength: 80, description: 'the award or amendment this revision records' })
  @IsOptional()
  @IsString()
  @Length(1, 80)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'reference must not contain control characters' })
  @ScreenedText('label')
  readonly reference?: string;
}
