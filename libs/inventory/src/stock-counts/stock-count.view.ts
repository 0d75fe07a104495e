import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { CommandPosition } from '@fund/platform';
import { Matches } from 'class-validator';
import { COUNT_ID_PATTERN, type StockCountState } from './stock-count.decider';

export class StockCountView {
  @ApiProperty({ example: 'count-nov-safe' }) readonly countId!: string;
  @ApiProperty({ enum: ['counted', 'adjusted'], description: 'adjusted: a second coordinator approved writing off the missing cards' })
  readonly status!: 'counted' | 'adjusted';
  @ApiProperty({ example: 'grocery-card-50' }) readonly itemId!: string;
  @ApiProperty({ example: 'office-safe' }) readonly custodian!: string;
  @ApiProperty({ example: '2026-11-30' }) readonly countedOn!: string;
  @ApiProperty({ type: [String], description: 'what the stock log says this custodian holds' }) readonly expectedSerials!: readonly string[];
  @ApiProperty({ type: [String], description: 'what was found' }) readonly countedSerials!: readonly string[];
  @ApiProperty({ type: [String], description: 'expected, not found' }) readonly missingSerials!: readonly string[];
  @ApiProperty({ type: [String], description: 'found, not expected here; never added to stock by a count' }) readonly unexpectedSerials!: readonly string[];
  @ApiProperty() readonly countedBy!: string;
  @ApiProperty({ type: 'string', nullable: true }) readonly approvedBy!: string | null;
}

export class StockCountResult extends IntersectionType(StockCountView, CommandPosition) {}

export interface VersionedStockCount {
  readonly version: number;
  readonly count: StockCountView;
}

export function toStockCountView(state: Exclude<StockCountState, { status: 'none' }>): StockCountView {
  const c = state.count;
  return {
    ...c,
    expectedSerials: [...c.expectedSerials],
    countedSerials: [...c.countedSerials],
    missingSerials: [...c.missingSerials],
    unexpectedSerials: [...c.unexpectedSerials],
    status: state.status,
    approvedBy: state.status === 'adjusted' ? state.approvedBy : null,
  };
}

export class StockCountParams {
  @ApiProperty({ pattern: COUNT_ID_PATTERN.source })
  @Matches(COUNT_ID_PATTERN, { message: 'countId must be a count slug like count-nov-safe' })
  readonly countId!: string;
}
