import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { MAX_QUANTITY, SERIAL_PATTERN } from '../stock.decider';
import { ADJUSTMENT_REASONS, type AdjustmentReason } from '../stock.events';

export class AdjustStockDto {
  @ApiProperty({ type: 'integer', example: -1, minimum: -MAX_QUANTITY, maximum: -1, description: 'units taken out of stock, as a negative number' })
  @IsInt()
  @Min(-MAX_QUANTITY)
  @Max(-1)
  readonly quantityDelta!: number;

  @ApiProperty({ enum: ADJUSTMENT_REASONS })
  @IsIn(ADJUSTMENT_REASONS)
  readonly reason!: AdjustmentReason;

  @ApiPropertyOptional({ type: [String], description: 'for cards: the serial of every unit taken out' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1_000)
  @IsString({ each: true })
  @Matches(SERIAL_PATTERN, { each: true, message: 'each serial must be letters, digits and dashes, at most 64' })
  readonly serials?: string[];
}
