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

/** Everything an entry says, as hashed. No narrative, no survivor reference: ids and codes only. */
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
  readonly lines: readonly LedgerLine[];
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
 * Names the canonical layout, so a future change of the form can be told apart from tampering
 * (an entry hashed under another format is verified under that format).
 */
export const CANONICAL_FORMAT = 'survivor-fund/ledger-entry/1';

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

/** Exactly the fields an entry's hash covers; a missing nullable field is null, never left out. */
function hashedFields(entry: LedgerEntry) {
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
