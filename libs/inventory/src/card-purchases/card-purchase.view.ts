import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { PAYMENT_REFERENCE_KINDS, type PaymentReference } from '@fund/funds';
import { CommandPosition } from '@fund/platform';
import { Matches } from 'class-validator';
import { CARD_KINDS, STOCK_CATEGORIES, type CardKind, type StockCategory } from '../stock.events';
import { PURCHASE_ID_PATTERN, type CardPurchaseState } from './card-purchase.decider';

export class PaymentReferenceView {
  @ApiProperty({ enum: PAYMENT_REFERENCE_KINDS }) readonly kind!: string;
  @ApiProperty({ example: '4412' }) readonly value!: string;
}

export class CardPurchaseView {
  @ApiProperty({ example: 'po-4471' }) readonly purchaseId!: string;
  @ApiProperty({ enum: ['on_order', 'received'], description: 'on_order: paid, cards not yet confirmed by a second coordinator' })
  readonly status!: 'on_order' | 'received';
  @ApiProperty({ example: 'voca-2026' }) readonly fundId!: string;
  @ApiProperty({ example: 'grocer-co', description: 'the vendor, from the payee register' }) readonly payeeId!: string;
  @ApiProperty({ example: 'grocery-card-50' }) readonly itemId!: string;
  @ApiProperty({ enum: CARD_KINDS }) readonly kind!: CardKind;
  @ApiProperty({ enum: STOCK_CATEGORIES }) readonly category!: StockCategory;
  @ApiProperty({ type: 'integer', description: 'integer cents per card' }) readonly faceValueCents!: number;
  @ApiProperty({ type: 'integer' }) readonly quantity!: number;
  @ApiProperty({ type: [String] }) readonly serials!: readonly string[];
  @ApiProperty({ type: 'integer', description: 'activation, shipping or other fees, integer cents' }) readonly feesCents!: number;
  @ApiProperty({ type: 'integer', description: 'face value times quantity plus fees: what left the fund' }) readonly costCents!: number;
  @ApiProperty({ example: '2026-11-19' }) readonly paidOn!: string;
  @ApiProperty({ type: PaymentReferenceView, nullable: true }) readonly paymentReference!: PaymentReference | null;
  @ApiProperty({ description: 'the coordinator who recorded and paid the purchase' }) readonly recordedBy!: string;
  @ApiProperty({ type: 'string', nullable: true, example: '2026-11-20' }) readonly receivedOn!: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: 'office-safe' }) readonly custodian!: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'the second coordinator, who confirmed the cards arrived' }) readonly confirmedBy!: string | null;
}

export class CardPurchaseResult extends IntersectionType(CardPurchaseView, CommandPosition) {}

export interface VersionedCardPurchase {
  readonly version: number;
  readonly purchase: CardPurchaseView;
}

export function toCardPurchaseView(state: Exclude<CardPurchaseState, { status: 'none' }>): CardPurchaseView {
  const { recordedBy, ...p } = state.purchase;
  const received = state.status === 'received' ? state : null;
  return {
    ...p,
    serials: [...p.serials],
    status: state.status,
    recordedBy,
    receivedOn: received?.receivedOn ?? null,
    custodian: received?.custodian ?? null,
    confirmedBy: received?.confirmedBy ?? null,
  };
}

export class CardPurchaseParams {
  @ApiProperty({ pattern: PURCHASE_ID_PATTERN.source })
  @Matches(PURCHASE_ID_PATTERN, { message: 'purchaseId must be a purchase slug like po-4471' })
  readonly purchaseId!: string;
}
