import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { PAYEE_ID_PATTERN, PAYMENT_REFERENCE_KINDS, type PaymentReferenceKind } from '@fund/funds';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { PAYMENT_METHODS, type PaymentMethod } from '../vocabulary';

/** How the payment is found in the bank's or the vendor's records; the decider checks the value's shape per kind. */
export class PaymentReferenceDto {
  @ApiProperty({ enum: PAYMENT_REFERENCE_KINDS })
  @IsIn(PAYMENT_REFERENCE_KINDS, { message: `kind must be one of: ${PAYMENT_REFERENCE_KINDS.join(', ')}` })
  readonly kind!: PaymentReferenceKind;

  @ApiProperty({
    example: '10452',
    pattern: '^[A-Za-z0-9][A-Za-z0-9-]{0,39}$',
    description: 'check number (digits), ACH trace (15 digits), card last four (4 digits) or vendor invoice number',
  })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/, { message: 'value must be a check, ACH trace, card or invoice number: letters, digits and dashes' })
  readonly value!: string;
}

export class RecordDisbursementDto {
  @ApiProperty({ enum: ['money', 'stock'], description: 'Paid from the fund, or handed over from donated stock' })
  @IsIn(['money', 'stock'], { message: 'source must be one of: money, stock' })
  source!: 'money' | 'stock';

  @ApiPropertyOptional({ description: 'Money only: integer cents paid' })
  @ValidateIf((o: RecordDisbursementDto) => o.source === 'money' || o.amountCents !== undefined)
  @IsInt({ message: 'amountCents must be a whole number of cents (required for money)' })
  @Min(1, { message: 'amountCents must be at least 1' })
  @Max(100_000_000, { message: 'amountCents must be at most 100000000' })
  amountCents?: number;

  @ApiPropertyOptional({ enum: PAYMENT_METHODS, description: 'Money only; stock takes its kind from the item' })
  @ValidateIf((o: RecordDisbursementDto) => o.source === 'money' || o.paymentMethod !== undefined)
  @IsIn(PAYMENT_METHODS, { message: `paymentMethod must be one of: ${PAYMENT_METHODS.join(', ')} (required for money)` })
  paymentMethod?: PaymentMethod;

  @ApiPropertyOptional({
    example: '2026-11-02',
    description:
      'Money only: the day the money moved (check written, ACH sent, card bought), YYYY-MM-DD; not after today nor before the approval. ' +
      'The ledger dates the payment by it; without it, by the day it is recorded, flagged as such.',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'paidOn must be a date like 2026-11-02' })
  @IsISO8601({ strict: true }, { message: 'paidOn must be a real calendar date' })
  paidOn?: string;

  @ApiPropertyOptional({ example: 'maine-motel-llc', pattern: PAYEE_ID_PATTERN.source, description: 'Money only: the registered payee (a business or an agency) paid' })
  @IsOptional()
  @Matches(PAYEE_ID_PATTERN, { message: 'payeeId must be a payee slug like maine-motel-llc' })
  payeeId?: string;

  @ApiPropertyOptional({ type: PaymentReferenceDto, description: 'Money only, with payeeId: how the payment is found (check, ACH trace, card last four, invoice)' })
  @IsOptional()
  @IsObject({ message: 'paymentReference must be an object with kind and value' })
  @ValidateNested()
  @Type(() => PaymentReferenceDto)
  paymentReference?: PaymentReferenceDto;

  @ApiPropertyOptional({ description: 'Money paid as gift cards: the face value of each card, in cents' })
  @IsOptional()
  @IsInt({ message: 'giftCardFaceValueCents must be a whole number of cents' })
  @Min(1, { message: 'giftCardFaceValueCents must be at least 1' })
  @Max(100_000_000, { message: 'giftCardFaceValueCents must be at most 100000000' })
  giftCardFaceValueCents?: number;

  @ApiPropertyOptional({ description: 'Stock only: the item handed over', example: 'bus-pass-monthly' })
  @ValidateIf((o: RecordDisbursementDto) => o.source === 'stock' || o.itemId !== undefined)
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'itemId must be a stock item id like bus-pass-monthly (required for stock)' })
  itemId?: string;

  @ApiPropertyOptional({ description: 'Stock only: how many units' })
  @ValidateIf((o: RecordDisbursementDto) => o.source === 'stock' || o.quantity !== undefined)
  @IsInt({ message: 'quantity must be a whole number (required for stock)' })
  @Min(1, { message: 'quantity must be at least 1' })
  @Max(1000, { message: 'quantity must be at most 1000' })
  quantity?: number;

  @ApiPropertyOptional({ type: [String], description: 'Stock cards only: the serial of each card handed over' })
  @IsOptional()
  @IsArray({ message: 'serials must be a list' })
  @ArrayMinSize(1, { message: 'serials must not be empty when given' })
  @ArrayMaxSize(1000, { message: 'serials must have at most 1000 entries' })
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { each: true, message: 'each serial must be 1-64 letters, digits or dashes' })
  serials?: string[];
}
