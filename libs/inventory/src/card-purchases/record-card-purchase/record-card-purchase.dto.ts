import { ScreenedText } from '@fund/privacy';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { FUND_ID_PATTERN, PAYEE_ID_PATTERN, PAYMENT_REFERENCE_KINDS, type PaymentReferenceKind } from '@fund/funds';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ITEM_ID_PATTERN, MAX_UNIT_VALUE_CENTS, SERIAL_PATTERN } from '../../stock.decider';
import { CARD_KINDS, STOCK_CATEGORIES, type CardKind, type StockCategory } from '../../stock.events';
import { MAX_CARDS_PER_PURCHASE, MAX_FEES_CENTS, PURCHASE_ID_PATTERN } from '../card-purchase.decider';

/** How the vendor's payment is found; the decider checks the value's shape per kind. */
export class PurchasePaymentReferenceDto {
  @ApiProperty({ enum: PAYMENT_REFERENCE_KINDS })
  @IsIn(PAYMENT_REFERENCE_KINDS, { message: `kind must be one of: ${PAYMENT_REFERENCE_KINDS.join(', ')}` })
  readonly kind!: PaymentReferenceKind;

  @ApiProperty({ example: '4412', pattern: '^[A-Za-z0-9][A-Za-z0-9-]{0,39}$' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/, { message: 'value must be a check, ACH trace, card or invoice number: letters, digits and dashes' })
  readonly value!: string;
}

export class RecordCardPurchaseDto {
  @ApiProperty({ pattern: PURCHASE_ID_PATTERN.source, example: 'po-4471', description: "the coalition's purchase order or a slug naming this purchase" })
  @Matches(PURCHASE_ID_PATTERN, { message: 'purchaseId must be a purchase slug like po-4471' })
  @ScreenedText('label')
  readonly purchaseId!: string;

  @ApiProperty({ pattern: FUND_ID_PATTERN.source, description: 'the fund whose money pays the vendor' })
  @Matches(FUND_ID_PATTERN, { message: 'fundId must be a fund slug' })
  readonly fundId!: string;

  @ApiProperty({ pattern: PAYEE_ID_PATTERN.source, description: 'the vendor, registered in the payee register' })
  @Matches(PAYEE_ID_PATTERN, { message: 'payeeId must be a payee slug like grocer-co' })
  readonly payeeId!: string;

  @ApiProperty({ pattern: ITEM_ID_PATTERN.source, description: 'the stock item the cards join (one kind, category and face value)' })
  @Matches(ITEM_ID_PATTERN, { message: 'itemId must be a stock item slug' })
  @ScreenedText('label')
  readonly itemId!: string;

  @ApiProperty({ enum: CARD_KINDS })
  @IsIn(CARD_KINDS, { message: `kind must be one of: ${CARD_KINDS.join(', ')}` })
  readonly kind!: CardKind;

  @ApiProperty({ enum: STOCK_CATEGORIES })
  @IsIn(STOCK_CATEGORIES, { message: 'category must be an expense category' })
  readonly category!: StockCategory;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_UNIT_VALUE_CENTS, description: 'integer cents per card; the protocol caps it' })
  @IsInt({ message: 'faceValueCents must be a whole number of cents' })
  @Min(1)
  @Max(MAX_UNIT_VALUE_CENTS)
  readonly faceValueCents!: number;

  @ApiProperty({ type: [String], minItems: 1, maxItems: MAX_CARDS_PER_PURCHASE, description: 'one printed serial per card bought' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CARDS_PER_PURCHASE)
  @IsString({ each: true })
  @Matches(SERIAL_PATTERN, { each: true, message: 'each serial must be letters, digits and dashes, at most 64' })
  readonly serials!: string[];

  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_FEES_CENTS, description: 'activation, shipping or other fees paid with the cards, integer cents' })
  @IsInt({ message: 'feesCents must be a whole number of cents' })
  @Min(0)
  @Max(MAX_FEES_CENTS)
  readonly feesCents!: number;

  @ApiProperty({ example: '2026-11-19', description: 'the day the vendor was paid: the effective date of the money leaving the fund' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'paidOn must be a date like 2026-11-19' })
  @IsISO8601({ strict: true }, { message: 'paidOn must be a real calendar date' })
  readonly paidOn!: string;

  @ApiPropertyOptional({ type: PurchasePaymentReferenceDto })
  @IsOptional()
  @IsObject({ message: 'paymentReference must be an object with kind and value' })
  @ValidateNested()
  @Type(() => PurchasePaymentReferenceDto)
  readonly paymentReference?: PurchasePaymentReferenceDto;
}
