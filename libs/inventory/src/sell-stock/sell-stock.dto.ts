import { ScreenedText } from '@fund/privacy';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FUND_ID_PATTERN, PAYEE_ID_PATTERN } from '@fund/funds';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { MAX_PROCEEDS_CENTS, MAX_QUANTITY, SERIAL_PATTERN } from '../stock.decider';
import { BUYER_KINDS, type BuyerKind } from '../stock.events';

export const SALE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

export class SellStockDto {
  @ApiProperty({ pattern: SALE_ID_PATTERN.source, example: 'sale-coats-a', description: "a slug naming this sale (the coalition's receipt or lot number)" })
  @Matches(SALE_ID_PATTERN, { message: 'saleId must be a sale slug like sale-coats-a' })
  @ScreenedText('label')
  readonly saleId!: string;

  @ApiProperty({ type: 'integer', example: 2, minimum: 1, maximum: MAX_QUANTITY, description: 'units sold' })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  readonly quantity!: number;

  @ApiPropertyOptional({ type: [String], description: 'for cards: the serial of every unit sold' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1_000)
  @IsString({ each: true })
  @Matches(SERIAL_PATTERN, { each: true, message: 'each serial must be letters, digits and dashes, at most 64' })
  readonly serials?: string[];

  @ApiProperty({ type: 'integer', example: 3_000, minimum: 0, maximum: MAX_PROCEEDS_CENTS, description: 'what the buyer paid, in integer cents (0 allowed)' })
  @IsInt()
  @Min(0)
  @Max(MAX_PROCEEDS_CENTS)
  readonly proceedsCents!: number;

  @ApiProperty({ pattern: FUND_ID_PATTERN.source, description: 'the fund the proceeds go into, as money: one without donor restrictions' })
  @Matches(FUND_ID_PATTERN, { message: 'fundId must be a fund slug' })
  readonly fundId!: string;

  @ApiProperty({ enum: BUYER_KINDS, description: 'payee: a buyer in the payee register (buyerPayeeId); otherwise the kind of buyer' })
  @IsIn(BUYER_KINDS, { message: `buyerKind must be one of: ${BUYER_KINDS.join(', ')}` })
  readonly buyerKind!: BuyerKind;

  @ApiPropertyOptional({ pattern: PAYEE_ID_PATTERN.source, description: 'the buyer in the payee register; exactly when buyerKind is payee' })
  @IsOptional()
  @Matches(PAYEE_ID_PATTERN, { message: 'buyerPayeeId must be a payee slug like grocer-co' })
  readonly buyerPayeeId?: string;

  @ApiProperty({ example: '2026-11-19', description: 'the day of the sale: the effective date of the entry; not in a closed period, not after today' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'soldOn must be a date like 2026-11-19' })
  @IsISO8601({ strict: true }, { message: 'soldOn must be a real calendar date' })
  readonly soldOn!: string;
}
