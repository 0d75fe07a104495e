import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACCOUNT_TYPES, type AccountType } from './ledger.accounts';
import { CANONICAL_FORMATS, EFFECTIVE_DATE_SOURCES, type CanonicalFormatVersion, type EffectiveDateSource, type EntryReferences, type LedgerLine, type StoredLedgerEntry } from './ledger.canonical';
import { accountLabel, entryLabel } from './ledger.labels';
import type { AccountBalance, LedgerPage, TrialBalance } from './ledger.reader';
import { BREAK_REASONS, type BreakReason, type BrokenEntry, type LedgerVerification } from './ledger.verify';

export class LedgerLineView implements LedgerLine {
  @ApiProperty({ type: 'integer', description: '1-based position of the line within its entry' }) readonly line!: number;
  @ApiProperty({ example: 'cash:general' }) readonly account!: string;
  @ApiProperty({ type: 'integer' }) readonly debitCents!: number;
  @ApiProperty({ type: 'integer' }) readonly creditCents!: number;
  @ApiProperty({ example: 'Cash held (fund general)', description: 'the account in words (not hashed; the code is the account)' }) readonly accountLabel!: string;
}

export class PaymentReferenceView {
  @ApiProperty({ example: 'check_number', description: 'check_number, ach_trace, card_last_four or vendor_invoice' }) readonly kind!: string;
  @ApiProperty({ example: '10452' }) readonly value!: string;
}

/** The business records an entry belongs to: ids only, never a survivor or donor reference. */
export class EntryReferencesView implements EntryReferences {
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'the fund request' }) readonly requestId!: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'the payment (money) or hand-over (stock) on the request' }) readonly disbursementId!: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'the donation (money or in kind)' }) readonly donationId!: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: 'bus-pass-monthly', description: 'the stock item' }) readonly itemId!: string | null;
  @ApiProperty({ type: [String], nullable: true, description: 'card serials received, handed over or written off' }) readonly serials!: string[] | null;
  @ApiProperty({ type: 'string', nullable: true, example: 'maine-motel-llc', description: 'the registered business or agency a money payment went to' })
  readonly payeeId!: string | null;
  @ApiProperty({ type: PaymentReferenceView, nullable: true, description: 'how the payment is found in the bank\'s or the vendor\'s records' })
  readonly paymentReference!: PaymentReferenceView | null;
}

/** What a period's closing entry (format 3) seals: the period and the digest of its trial balance. */
export class PeriodClosingSealView {
  @ApiProperty({ enum: ['month', 'fiscal_year'] }) readonly kind!: string;
  @ApiProperty({ example: '2026-11' }) readonly period!: string;
  @ApiProperty({ type: 'string', format: 'date' }) readonly from!: string;
  @ApiProperty({ type: 'string', format: 'date' }) readonly to!: string;
  @ApiProperty({ description: 'SHA-256 of the canonical trial balance (GET /ledger/periods has its lines)' }) readonly trialBalanceDigest!: string;
}

/** One journal entry, as hashed into the chain: ids and codes only, no narrative, no survivor reference. */
export class LedgerEntryView implements StoredLedgerEntry {
  @ApiProperty({ type: 'integer', description: 'position in the chain' }) readonly seq!: number;
  @ApiProperty({ example: 'Money paid out', description: 'what happened, in words (not hashed; eventType is the code)' }) readonly label!: string;
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
  @ApiProperty({ type: EntryReferencesView }) readonly references!: EntryReferencesView;
  @ApiProperty({ type: 'string', format: 'date', description: 'when the money or goods moved (UTC day); see effectiveDateSource' }) readonly effectiveDate!: string;
  @ApiProperty({
    enum: EFFECTIVE_DATE_SOURCES,
    description: 'event: the date the event states (a donation\'s receivedOn, a payment\'s paidOn); recorded: the event states none, so the day it was recorded stands in',
  })
  readonly effectiveDateSource!: EffectiveDateSource;
  @ApiProperty({
    enum: CANONICAL_FORMATS,
    description: 'the layout the hash covers: 2 covers references and effective date; 1 (entries journaled before format 2) does not, though they are shown; 3 is a period\'s closing entry: format 2 plus the period and its trial balance digest',
  })
  readonly canonicalFormat!: CanonicalFormatVersion;
  @ApiProperty({ type: [LedgerLineView] }) readonly lines!: readonly LedgerLineView[];
  @ApiPropertyOptional({ type: PeriodClosingSealView, description: 'only on a period\'s closing entry (format 3, no lines)' }) readonly closing?: PeriodClosingSealView;
  @ApiProperty({ description: 'hash of the entry before (64 hex digits; zeros for the first)' }) readonly prevHash!: string;
  @ApiProperty({ description: 'SHA-256 of this entry and prevHash' }) readonly hash!: string;
}

/** An entry with its labels, as the api shows it. */
export function toEntryView(entry: StoredLedgerEntry): LedgerEntryView {
  return {
    ...entry,
    label: entryLabel(entry.eventType),
    references: {
      ...entry.references,
      serials: entry.references.serials ? [...entry.references.serials] : null,
      paymentReference: entry.references.paymentReference ? { ...entry.references.paymentReference } : null,
    },
    lines: entry.lines.map((l) => ({ ...l, accountLabel: accountLabel(l.account) })),
  };
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
