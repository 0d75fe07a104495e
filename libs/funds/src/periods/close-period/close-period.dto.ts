import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import { FISCAL_YEAR_PATTERN, MONTH_PATTERN } from '../period.calendar';
import { PERIOD_KINDS, type PeriodKind } from '../period.events';

/** Which period to close: a month (YYYY-MM) or a federal fiscal year (FY2027). */
export class ClosePeriodDto {
  @ApiProperty({ enum: PERIOD_KINDS, description: 'month, or fiscal_year (October to September, named after the year it ends in)' })
  @IsIn(PERIOD_KINDS, { message: `kind must be one of: ${PERIOD_KINDS.join(', ')}` })
  readonly kind!: PeriodKind;

  @ApiProperty({ example: '2026-11', pattern: `${MONTH_PATTERN.source}|${FISCAL_YEAR_PATTERN.source}`, description: '2026-11 for a month, FY2027 for a fiscal year' })
  @IsString()
  @Matches(new RegExp(`${MONTH_PATTERN.source}|${FISCAL_YEAR_PATTERN.source}`), { message: 'period must be a month written YYYY-MM or a fiscal year written FY2027' })
  readonly period!: string;
}
