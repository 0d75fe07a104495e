import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { CommandPosition } from '@fund/platform';
import { Matches } from 'class-validator';
import { ITEM_ID_PATTERN, type TrackedStockState } from './stock.decider';
import { STOCK_CATEGORIES, STOCK_KINDS, isCardKind, type StockCategory, type StockKind } from './stock.events';

export class StockView {
  @ApiProperty({ example: 'gift-card-grocery-25' }) readonly itemId!: string;
  @ApiProperty({ enum: STOCK_KINDS }) readonly kind!: StockKind;
  @ApiProperty({ enum: STOCK_CATEGORIES }) readonly category!: StockCategory;
  @ApiProperty({ type: 'integer', description: 'integer cents per unit' }) readonly unitValueCents!: number;
  @ApiProperty({ type: 'integer', description: 'units on hand, never negative' }) readonly onHand!: number;
  @ApiProperty({ type: [String], nullable: true, description: 'serials of the cards on hand; null for goods' })
  readonly availableSerials!: readonly string[] | null;
}

/** What a stock adjustment answers: the item after it, and the consistency token of the write. */
export class AdjustStockResult extends IntersectionType(StockView, CommandPosition) {}

export function toStockView(state: TrackedStockState): StockView {
  const { itemId, kind, category, unitValueCents, onHand } = state;
  return { itemId, kind, category, unitValueCents, onHand, availableSerials: isCardKind(kind) ? [...state.availableSerials] : null };
}

export interface VersionedStock {
  readonly version: number;
  readonly stock: StockView;
}

export class StockItemParams {
  @ApiProperty({ pattern: ITEM_ID_PATTERN.source })
  @Matches(ITEM_ID_PATTERN, { message: 'itemId must be a stock item slug' })
  readonly itemId!: string;
}
