import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { CommandPosition } from '@fund/platform';
import { STOCK_CATEGORIES, STOCK_KINDS, type StockCategory, type StockKind } from '@fund/inventory';
import type { DonationRecord } from './donation.decider';
import { DONOR_KINDS, VALUATION_METHODS, type DonorKind, type ValuationMethod } from './donation.events';

export class InKindItemView {
  @ApiProperty() readonly itemId!: string;
  @ApiProperty({ enum: STOCK_KINDS }) readonly kind!: StockKind;
  @ApiProperty({ enum: STOCK_CATEGORIES }) readonly category!: StockCategory;
  @ApiProperty({ type: 'integer' }) readonly quantity!: number;
  @ApiProperty({ type: 'integer', description: 'integer cents' }) readonly unitValueCents!: number;
  @ApiProperty({ enum: VALUATION_METHODS }) readonly valuationMethod!: ValuationMethod;
  @ApiProperty({ type: [String], nullable: true }) readonly serials!: readonly string[] | null;
}

/** A donation as recorded; which fields appear depends on `kind`. */
export class DonationView {
  @ApiProperty({ format: 'uuid' }) readonly donationId!: string;
  @ApiProperty({ enum: ['monetary', 'in_kind'] }) readonly kind!: 'monetary' | 'in_kind';
  @ApiProperty({ enum: DONOR_KINDS }) readonly donorKind!: DonorKind;
  @ApiProperty({ type: String, nullable: true }) readonly donorReference!: string | null;
  @ApiProperty({ example: '2026-11-02' }) readonly receivedOn!: string;
  @ApiPropertyOptional({ description: 'monetary only' }) readonly fundId?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'monetary only; integer cents' }) readonly amountCents?: number;
  @ApiPropertyOptional({ description: 'monetary only' }) readonly restricted?: boolean;
  @ApiPropertyOptional({ type: [InKindItemView], description: 'in-kind only' }) readonly items?: readonly InKindItemView[];
}

/** What recording a donation answers: the donation, and the consistency token of the write. */
export class RecordDonationResult extends IntersectionType(DonationView, CommandPosition) {}

export function toDonationView(record: DonationRecord): DonationView {
  return { ...record };
}

export interface VersionedDonation {
  readonly version: number;
  readonly donation: DonationView;
}
