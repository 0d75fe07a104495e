import { ApiProperty } from '@nestjs/swagger';
import type { TrialBalanceLine } from '../ledger.closing';
import type { ClosedPeriod } from './closed-periods.reader';

export class TrialBalanceLineView implements TrialBalanceLine {
  @ApiProperty({ example: 'cash:general' }) readonly account!: string;
  @ApiProperty({ type: 'integer', description: 'sum of the debits on this account dated on or before the period\'s last day' }) readonly debitCents!: number;
  @ApiProperty({ type: 'integer', description: 'sum of the credits on this account dated on or before the period\'s last day' }) readonly creditCents!: number;
}

export class ClosedPeriodView implements ClosedPeriod {
  @ApiProperty({ enum: ['month', 'fiscal_year'] }) readonly kind!: string;
  @ApiProperty({ example: '2026-11' }) readonly period!: string;
  @ApiProperty({ type: 'string', format: 'date' }) readonly from!: string;
  @ApiProperty({ type: 'string', format: 'date' }) readonly to!: string;
  @ApiProperty({ format: 'date-time', description: 'when the close was recorded' }) readonly closedAt!: string;
  @ApiProperty({ type: 'integer', description: 'the closing entry\'s place in the chain' }) readonly entrySeq!: number;
  @ApiProperty({ description: 'the closing entry\'s hash, which covers the digest' }) readonly entryHash!: string;
  @ApiProperty({
    example: '9f2c…',
    description: 'SHA-256 (hex) of the canonical trial balance (docs/auditors-guide.md, "Verifying a published period digest"): the figure to publish or hand to the auditor',
  })
  readonly trialBalanceDigest!: string;
  @ApiProperty({ type: [TrialBalanceLineView], description: 'per account, every line dated on or before the last day, accounts in code order' })
  readonly trialBalance!: readonly TrialBalanceLineView[];
  @ApiProperty({ type: 'integer' }) readonly totalDebitCents!: number;
  @ApiProperty({ type: 'integer' }) readonly totalCreditCents!: number;
  @ApiProperty({ description: 'the digest recomputed now from the ledger gives the same figure' }) readonly ledgerStillAgrees!: boolean;
}

export class ClosedPeriodsView {
  @ApiProperty({ type: [ClosedPeriodView], description: 'oldest first' }) readonly periods!: readonly ClosedPeriodView[];
}
