import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsObject, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { MAX_BUDGET_LINE_CENTS } from '../../fund-restrictions';
import { MAX_PLANNED_PERIODS } from '../spending-plan.decider';
import { SPENDING_PLAN_CADENCES } from '../spending-plan.events';

const LINE_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

export class PlannedPeriodDto {
  @ApiProperty({ example: '2026-10', description: 'the month the period starts (a quarter starts in January, April, July or October)' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'start must be a month like 2026-10' })
  readonly start!: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_BUDGET_LINE_CENTS, description: 'integer cents the plan means to commit in the period' })
  @IsInt({ message: 'amountCents must be a whole number of cents' })
  @Min(0)
  @Max(MAX_BUDGET_LINE_CENTS)
  readonly amountCents!: number;
}

export class PacingWarningsDto {
  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 0, maximum: MAX_BUDGET_LINE_CENTS, description: 'warn when the money not yet promised falls below this; null or absent: never' })
  @IsOptional()
  @IsInt({ message: 'lowBalanceCents must be a whole number of cents' })
  @Min(0)
  @Max(MAX_BUDGET_LINE_CENTS)
  readonly lowBalanceCents?: number | null;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 1000, example: 10, description: 'warn when commitments to date pass the plan to date by more than this percent' })
  @IsInt({ message: 'overPacePercent must be a whole percent' })
  @Min(0)
  @Max(1000)
  readonly overPacePercent!: number;
}

/** A fund's (or a grant budget line's) spending plan: the whole plan each time. */
export class SetSpendingPlanDto {
  @ApiPropertyOptional({ type: String, nullable: true, pattern: LINE_ID.source, description: "one of the grant's budget lines; absent or null: the whole fund" })
  @IsOptional()
  @Matches(LINE_ID, { message: 'budgetLineId must be a budget line slug' })
  readonly budgetLineId?: string | null;

  @ApiProperty({ enum: SPENDING_PLAN_CADENCES })
  @IsIn(SPENDING_PLAN_CADENCES, { message: `cadence must be one of: ${SPENDING_PLAN_CADENCES.join(', ')}` })
  readonly cadence!: (typeof SPENDING_PLAN_CADENCES)[number];

  @ApiProperty({ type: [PlannedPeriodDto], minItems: 1, maxItems: MAX_PLANNED_PERIODS })
  @IsArray()
  @ArrayMinSize(1, { message: 'periods must name at least one period' })
  @ArrayMaxSize(MAX_PLANNED_PERIODS)
  @IsObject({ each: true, message: 'periods must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => PlannedPeriodDto)
  readonly periods!: PlannedPeriodDto[];

  @ApiProperty({ type: PacingWarningsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PacingWarningsDto)
  readonly warnings!: PacingWarningsDto;
}
