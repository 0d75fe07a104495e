import { ApiProperty } from '@nestjs/swagger';
import { PERIOD_KINDS, type PeriodKind } from '../period.events';

/** What the close decided. The ledger's closing entry (trial balance, digest) follows on GET /ledger/periods. */
export class ClosePeriodResult {
  @ApiProperty({ enum: PERIOD_KINDS }) readonly kind!: PeriodKind;
  @ApiProperty({ example: '2026-11', description: 'YYYY-MM for a month, FY followed by the year it ends in for a fiscal year' }) readonly period!: string;
  @ApiProperty({ type: 'string', format: 'date', example: '2026-11-01' }) readonly from!: string;
  @ApiProperty({ type: 'string', format: 'date', example: '2026-11-30' }) readonly to!: string;
}
