import * as crypto from 'node:crypto';
import { canonicalize } from 'json-canonicalize';

/** One side of a posting; exactly one of debit and credit is positive. */
export interface LedgerLine {
  /** 1-based position of the line within its entry. */
  readonly line: number;
  readonly account: string;
  readonly debitCents: number;
  readonly creditCents: number;
}

/**
 * The business records an entry belongs to, so an auditor can walk from a line to the request,
 * the payment, the donation or the card. Ids and codes only: never a survivor reference, never a
 * donor reference, never text a person typed. A key an event does not carry is null.
 */
export interface EntryReferences {
  readonly requestId: string | null;
  readonly disbursementId: string | null;
  readonly donationId: string | null;
  readonly itemId: string | null;
  /** Card serials handed over, received or written off (cards only). */
  readonly serials: readonly string[] | null;
  /** The registered business or agency a money payment went to. */
  readonly payeeId: string | null;
  /** How the payment is found: check number, ACH trace, card last four or vendor invoice. */
  readonly paymentReference: { readonly kind: string; readonly value: string } | null;
}

export const NO_REFERENCES: EntryReferences = {
  requestId: null,
  disbursementId: null,
  donationId: null,
  itemId: null,
  serials: null,
  payeeId: null,
  paymentReference: null,
};

/**
 * Where an entry's effective date comes from: `event` when the event states when money or goods
 * moved (a donation's `receivedOn`, a payment's `paidOn`), `recorded` when it does not and the
 * recorded day stands in for it (a reservation, or an event written before the date was asked).
 */
export const EFFECTIVE_DATE_SOURCES = ['event', 'recorded'] as const;
export type EffectiveDateSource = (typeof EFFECTIVE_DATE_SOURCES)[number];

/**
 * The canonical layouts an entry can be hashed under. 1: identity, actor, time, protocol, fund,
 * category and lines. 2: all of that, plus the references and the effective date. 3 (a period's
 * closing entry only, so no stored hash changes): all of format 2, plus the closed period and
 * the digest of its trial balance (`ledger.closing.ts`). An entry keeps
 * the format it was hashed under for ever, so entries written before format 2 still verify.
 */
export const CANONICAL_FORMATS = [1, 2, 3] as const;
export type CanonicalFormatVersion = (typeof CANONICAL_FORMATS)[number];
export const CURRENT_FORMAT: CanonicalFormatVersion = 2;

export interface ClosedPeriodRef {
  readonly kind: string;
  readonly period: string;
  /** First and last day, `YYYY-MM-DD`, both included. */
  readonly from: string;
  readonly to: string;
}

/** What a closing entry's hash covers beyond format 2: the period and the digest of its trial balance. */
export interface PeriodClosingSeal extends ClosedPeriodRef {
  readonly trialBalanceDigest: string;
}

/** Everything an entry says. No narrative, no survivor reference: ids and codes only. */
export interface LedgerEntry {
  readonly entryId: string;
  readonly eventId: string;
  readonly globalPosition: number;
  readonly streamId: string;
  readonly eventType: string;
  /** ISO instant with milliseconds, UTC (`Date#toISOString`). */
  readonly occurredAt: string;
  readonly actorUserId: string;
  readonly actorRole: string;
  readonly actorOrganizationId: string;
  readonly protocolVersion: string | null;
  readonly fundId: string | null;
  readonly category: string | null;
  /**
   * The layout the hash covers. Format 1 entries carry references and an effective date too
   * (upcast on read, or filled by a rebuild), but their hash does not cover them.
   */
  readonly canonicalFormat: CanonicalFormatVersion;
  readonly references: EntryReferences;
  /** `YYYY-MM-DD` (UTC): when the money or goods moved; see `effectiveDateSource`. */
  readonly effectiveDate: string;
  readonly effectiveDateSource: EffectiveDateSource;
  readonly lines: readonly LedgerLine[];
  /** A period's closing entry (format 3): the period and the digest of its trial balance; absent on every other entry. */
  readonly closing?: PeriodClosingSeal;
}

/** An entry as stored: its place in the journal and its link in the hash chain. */
export interface StoredLedgerEntry extends LedgerEntry {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** The previous hash of the very first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Names the canonical layout inside the hashed text, so a change of the form can be told apart
 * from tampering (an entry hashed under another format is verified under that format).
 */
export const canonicalFormatTag = (format: CanonicalFormatVersion) => `survivor-fund/ledger-entry/${format}`;
/** The tag of format 1, in every hash stored before format 2. */
export const CANONICAL_FORMAT = canonicalFormatTag(1);

function requireCents(value: number, field: string): number {
  // A float or a huge number would not survive a bigint column unchanged, so the hash would drift.
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`ledger: ${field} must be a non-negative whole number of cents`);
  return value;
}

/**
 * The canonical form of an entry: its fields and its lines in line order, as JSON canonicalized
 * by RFC 8785 (JCS: keys sorted, no whitespace, ECMAScript number and string forms), with
 * `json-canonicalize`. For these values (text, safe integers, null) that is the sorted-key JSON
 * every stored hash was made from; the specs hold it to that definition, byte for byte.
 * `seq` is left out on purpose: it is the database's counter, and a rebuild must produce the
 * same hashes even when a rolled-back batch left a gap in it.
 */
export function canonicalEntry(entry: LedgerEntry): string {
  return canonicalize(hashedFields(entry));
}

/**
 * Exactly the fields an entry's hash covers; a missing nullable field is null, never left out.
 * An entry without a format (built by code that predates format 2) is format 1.
 */
function hashedFields(entry: LedgerEntry) {
  const format = entry.canonicalFormat ?? 1;
  if (format === 1) return formatOneFields(entry);
  if (format === 3) return { ...formatTwoFields(entry), format: canonicalFormatTag(3), closing: closingFields(entry.closing) };
  if (format !== 2) throw new Error(`ledger: unknown canonical format ${String(format)}`);
  return formatTwoFields(entry);
}

function closingFields(closing: PeriodClosingSeal | null | undefined) {
  if (!closing) throw new Error('ledger: a format 3 entry is a closing entry and carries its closing');
  const { kind, period, from, to, trialBalanceDigest } = closing;
  if (!/^[0-9a-f]{64}$/.test(trialBalanceDigest)) throw new Error('ledger: trialBalanceDigest must be 64 hex digits');
  return { kind, period, from: requireDay(from), to: requireDay(to), trialBalanceDigest };
}

function formatTwoFields(entry: LedgerEntry) {
  const refs = entry.references ?? NO_REFERENCES;
  return {
    ...formatOneFields(entry),
    format: canonicalFormatTag(2),
    references: {
      requestId: refs.requestId ?? null,
      disbursementId: refs.disbursementId ?? null,
      donationId: refs.donationId ?? null,
      itemId: refs.itemId ?? null,
      serials: refs.serials ? [...refs.serials] : null,
      payeeId: refs.payeeId ?? null,
      paymentReference: refs.paymentReference ? { kind: refs.paymentReference.kind, value: refs.paymentReference.value } : null,
    },
    effectiveDate: requireDay(entry.effectiveDate),
    effectiveDateSource: requireSource(entry.effectiveDateSource),
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function requireDay(value: string): string {
  // The column is a date: anything else would come back different and break the hash.
  if (typeof value !== 'string' || !DAY.test(value)) throw new Error('ledger: effectiveDate must be a day written YYYY-MM-DD');
  return value;
}

function requireSource(value: EffectiveDateSource): EffectiveDateSource {
  if (!(EFFECTIVE_DATE_SOURCES as readonly string[]).includes(value)) throw new Error('ledger: effectiveDateSource must be event or recorded');
  return value;
}

function formatOneFields(entry: LedgerEntry) {
  const lines = entry.lines.every((l, i, all) => i === 0 || all[i - 1]!.line <= l.line) ? entry.lines : [...entry.lines].sort((a, b) => a.line - b.line);
  return {
    format: CANONICAL_FORMAT,
    entryId: entry.entryId,
    eventId: entry.eventId,
    globalPosition: entry.globalPosition,
    streamId: entry.streamId,
    eventType: entry.eventType,
    occurredAt: entry.occurredAt,
    actor: { userId: entry.actorUserId, role: entry.actorRole, organizationId: entry.actorOrganizationId },
    protocolVersion: entry.protocolVersion ?? null,
    fundId: entry.fundId ?? null,
    category: entry.category ?? null,
    lines: lines.map((l) => ({
      line: l.line,
      account: l.account,
      debitCents: requireCents(l.debitCents, 'debitCents'),
      creditCents: requireCents(l.creditCents, 'creditCents'),
    })),
  };
}

/** SHA-256 over the previous entry's hash and this entry's canonical form, hex. */
export function entryHash(prevHash: string, entry: LedgerEntry): string {
  return sha256Hex(`${prevHash}\n${canonicalEntry(entry)}`);
}

/** The one-shot `crypto.hash` (Node 20.12+) is about twice as fast on short text; the same digest either way. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'hex') : (text) => crypto.createHash('sha256').update(text).digest('hex');

export function entryTotals(entry: Pick<LedgerEntry, 'lines'>): { debitCents: number; creditCents: number } {
  return entry.lines.reduce(
    (sum, l) => ({ debitCents: sum.debitCents + l.debitCents, creditCents: sum.creditCents + l.creditCents }),
    { debitCents: 0, creditCents: 0 },
  );
}
