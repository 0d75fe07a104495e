import { ApiProperty } from '@nestjs/swagger';
import { ACCOUNT_TYPES, type AccountType } from './ledger.accounts';
import type { LedgerLine, StoredLedgerEntry } from './ledger.canonical';
import type { AccountBalance, LedgerPage, TrialBalance } from './ledger.reader';
import { BREAK_REASONS, type BreakReason, type BrokenEntry, type LedgerVerification } from './ledger.verify';

export class LedgerLineView implements LedgerLine {
  @ApiProperty({ type: 'integer', description: '1-based position of the line within its entry' }) readonly line!: number;
  @ApiProperty({ example: 'cash:general' }) readonly account!: string;
  @ApiProperty({ type: 'integer' }) readonly debitCents!: number;
  @ApiProperty({ type: 'integer' }) readonly creditCents!: number;
}

/** One journal entry, as hashed into the chain: ids and codes only, no narrative, no survivor reference. */
export class LedgerEntryView implements StoredLedgerEntry {
  @ApiProperty({ type: 'integer', description: 'position in the chain' }) readonly seq!: number;
  @ApiProperty() readonly entryId!: string;
  @ApiProperty({ format: 'uuid' }) readonly eventId!: string;
  @ApiProperty({ type: 'integer' }) readonly globalPosition!: number;
  @ApiProperty() readonly streamId!: string;
  @ApiProperty({ example: 'MoneyDisbursed' }) readonly eventType!: string;
  @ApiProperty({ format: 'date-time' }) readonly occurredAt!: string;
  @ApiProperty() readonly actorUserId!: string;
  @ApiProperty() readonly actorRole!: string;
  @ApiProperty() readonly actorOrganizationId!: string;
  @ApiProperty({ type: 'string', nullable: true }) readonly protocolVersion!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) readonly fundId!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) readonly category!: string | null;
  @ApiProperty({ type: [LedgerLineView] }) readonly lines!: readonly LedgerLineView[];
  @ApiProperty({ description: 'hash of the entry before (64 hex digits; zeros for the first)' }) readonly prevHash!: string;
  @ApiProperty({ description: 'SHA-256 of this entry and prevHash' }) readonly hash!: string;
}

/** A page of the journal. */
export class LedgerPageView implements LedgerPage {
  @ApiProperty({ type: [LedgerEntryView] }) readonly entries!: readonly LedgerEntryView[];
  @ApiProperty({ type: 'integer', nullable: true, description: 'pass as `after` for the next page; null on the last page' }) readonly nextAfter!: number | null;
}

export class AccountBalanceView implements AccountBalance {
  @ApiProperty({ example: 'cash:general' }) readonly account!: string;
  @ApiProperty({ enum: ACCOUNT_TYPES, nullable: true }) readonly type!: AccountType | null;
  @ApiProperty({ type: 'integer' }) readonly debitCents!: number;
  @ApiProperty({ type: 'integer' }) readonly creditCents!: number;
  @ApiProperty({ type: 'integer', description: 'debits minus credits: positive for assets and expenses, negative for revenue and net assets' }) readonly balanceCents!: number;
}

/** Debits and credits per account. */
export class TrialBalanceView implements TrialBalance {
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) readonly asOf!: string | null;
  @ApiProperty({ type: [AccountBalanceView] }) readonly accounts!: readonly AccountBalanceView[];
  @ApiProperty({ type: 'integer' }) readonly totalDebitCents!: number;
  @ApiProperty({ type: 'integer' }) readonly totalCreditCents!: number;
  @ApiProperty() readonly balanced!: boolean;
}

export class BrokenEntryView implements BrokenEntry {
  @ApiProperty({ type: 'integer' }) readonly seq!: number;
  @ApiProperty({ format: 'uuid' }) readonly eventId!: string;
  @ApiProperty({ enum: BREAK_REASONS }) readonly reason!: BreakReason;
}

/**
 * A broken chain is the answer to the question, not a failed request: 200 either way.
 */
export class LedgerVerificationView implements LedgerVerification {
  @ApiProperty() readonly ok!: boolean;
  @ApiProperty({ type: 'integer', description: 'entries checked (up to and including the first broken one)' }) readonly entries!: number;
  @ApiProperty({ type: 'integer' }) readonly totalDebitCents!: number;
  @ApiProperty({ type: 'integer' }) readonly totalCreditCents!: number;
  @ApiProperty({ type: BrokenEntryView, nullable: true }) readonly firstBroken!: BrokenEntryView | null;
  @ApiProperty({ format: 'date-time' }) readonly checkedAt!: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) readonly from!: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) readonly to!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'the last entry checked: record it elsewhere to detect entries cut off the end' }) readonly lastSeq!: number | null;
  @ApiProperty({ type: 'string', nullable: true }) readonly lastHash!: string | null;
}
