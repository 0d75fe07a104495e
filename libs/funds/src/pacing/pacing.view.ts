import { ApiProperty } from '@nestjs/swagger';
import { PACING_WARNINGS, type PacingWarning } from './pacing';

export class PeriodPaceView {
  @ApiProperty({ example: '2026-10-01' }) readonly start!: string;
  @ApiProperty({ example: '2026-12-31', description: 'last day, included' }) readonly end!: string;
  @ApiProperty({ type: 'integer', description: 'integer cents the plan meant to commit in the period' }) readonly plannedCents!: number;
  @ApiProperty({ type: 'integer', description: 'integer cents newly committed in the period, net of releases' }) readonly committedCents!: number;
  @ApiProperty({ type: 'integer', description: 'integer cents paid out in the period, net of voids' }) readonly spentCents!: number;
}

export class PaceToDateView {
  @ApiProperty({ type: 'integer', description: 'the plan from its first day to today, the current period prorated by days' }) readonly plannedCents!: number;
  @ApiProperty({ type: 'integer' }) readonly committedCents!: number;
  @ApiProperty({ type: 'integer' }) readonly spentCents!: number;
}

/** A spending plan in force and how the fund (or grant budget line) is spending against it. */
export class PacingView {
  @ApiProperty() readonly fundId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the grant budget line planned, or null for the whole fund' }) readonly budgetLineId!: string | null;
  @ApiProperty({ enum: ['month', 'quarter'] }) readonly cadence!: 'month' | 'quarter';
  @ApiProperty({ type: [PeriodPaceView] }) readonly periods!: PeriodPaceView[];
  @ApiProperty({ type: PaceToDateView }) readonly toDate!: PaceToDateView;
  @ApiProperty({ type: 'integer', description: "money not yet promised: the fund's available money, or what is left on the line" }) readonly remainingCents!: number;
  @ApiProperty({ type: 'integer', description: 'net new commitments per day over the last 90 days' }) readonly recentDailyCents!: number;
  @ApiProperty({ type: String, nullable: true, example: '2027-05-13', description: 'the day the remaining money runs out at the recent rate; null when nothing was committed lately' })
  readonly runsOutOn!: string | null;
  @ApiProperty({ example: '2027-09-30' }) readonly planEndsOn!: string;
  @ApiProperty({ enum: PACING_WARNINGS, isArray: true }) readonly warnings!: PacingWarning[];
}
