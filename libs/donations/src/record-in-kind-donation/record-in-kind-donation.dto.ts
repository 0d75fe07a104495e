import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { MAX_AMOUNT_CENTS, MIN_AMOUNT_CENTS } from '@fund/funds';
import { ITEM_ID_PATTERN, MAX_QUANTITY, SERIAL_PATTERN, STOCK_CATEGORIES, STOCK_KINDS, type StockCategory, type StockKind } from '@fund/inventory';
import { MAX_ITEMS } from '../donation.decider';
import { DonationBasicsDto } from '../donation.dto';
import { VALUATION_METHODS, type ValuationMethod } from '../donation.events';
import { ScreenedText } from '@fund/privacy';

export class InKindItemDto {
  @ApiProperty({ example: 'gift-card-grocery-25', pattern: ITEM_ID_PATTERN.source })
  @IsString()
  @Matches(ITEM_ID_PATTERN, { message: 'itemId must be a stock item slug' })
  @ScreenedText('label')
  readonly itemId!: string;

  @ApiProperty({ enum: STOCK_KINDS })
  @IsIn(STOCK_KINDS)
  readonly kind!: StockKind;

  @ApiProperty({ enum: STOCK_CATEGORIES })
  @IsIn(STOCK_CATEGORIES)
  readonly category!: StockCategory;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_QUANTITY })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  readonly quantity!: number;

  @ApiProperty({ type: 'integer', minimum: MIN_AMOUNT_CENTS, maximum: MAX_AMOUNT_CENTS, description: 'integer cents per unit' })
  @IsInt()
  @Min(MIN_AMOUNT_CENTS)
  @Max(MAX_AMOUNT_CENTS)
  readonly unitValueCents!: number;

  @ApiProperty({ enum: VALUATION_METHODS })
  @IsIn(VALUATION_METHODS)
  readonly valuationMethod!: ValuationMethod;

  @ApiPropertyOptional({ type: [String], nullable: true, description: 'cards: one serial per unit; goods: none' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_QUANTITY)
  @IsString({ each: true })
  @Matches(SERIAL_PATTERN, { each: true, message: 'each serial must be letters, digits and dashes, at most 64' })
  readonly serials?: string[] | null;
}

export class RecordInKindDonationDto extends DonationBasicsDto {
  @ApiProperty({ type: [InKindItemDto], minItems: 1, maxItems: MAX_ITEMS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ITEMS)
  @IsObject({ each: true, message: 'items must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => InKindItemDto)
  readonly items!: InKindItemDto[];
}
