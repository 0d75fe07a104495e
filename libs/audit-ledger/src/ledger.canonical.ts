import * as crypto from 'node:crypto';

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

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

/** JSON with object keys sorted at every depth: the same value always gives the same text. */
function stableJson(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v: Json) => stableJson(v)).join(',')}]`;
  const object = value as { readonly [key: string]: Json };
  return `{${Object.keys(object)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${stableJson(object[key] ?? null)}`)
    .join(',')}}`;
}

function requireCents(value: number, field: string): number {
  // A float or a huge number would not survive a bigint column unchanged, so the hash would drift.
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`ledger: ${field} must be a non-negative whole number of cents`);
  return value;
}

/**
 * The canonical form of an entry: sorted-key JSON of its fields and of its lines in line order.
 * `seq` is left out on purpose: it is the database's counter, and a rebuild must produce the
 * same hashes even when a rolled-back batch left a gap in it.
 *
 * Written out by hand with the keys already in sorted order: it is exactly what `stableJson`
 * gives for the same object (a test holds the two together), without building and sorting an
 * object per entry, which made it most of the cost of hashing and of verifying the ledger.
 */
export function canonicalEntry(entry: LedgerEntry): string {
  const lines = entry.lines.every((l, i, all) => i === 0 || all[i - 1]!.line <= l.line) ? entry.lines : [...entry.lines].sort((a, b) => a.line - b.line);
  let text =
    `{"actor":{"organizationId":${json(entry.actorOrganizationId)},"role":${json(entry.actorRole)},"userId":${json(entry.actorUserId)}}` +
    `,"category":${json(entry.category)},"entryId":${json(entry.entryId)},"eventId":${json(entry.eventId)}` +
    `,"eventType":${json(entry.eventType)},"format":${FORMAT_JSON},"fundId":${json(entry.fundId)}` +
    `,"globalPosition":${json(entry.globalPosition)},"lines":[`;
  lines.forEach((l, i) => {
    const debitCents = requireCents(l.debitCents, 'debitCents');
    const creditCents = requireCents(l.creditCents, 'creditCents');
    text += `${i === 0 ? '' : ','}{"account":${json(l.account)},"creditCents":${creditCents},"debitCents":${debitCents},"line":${json(l.line)}}`;
  });
  return `${text}],"occurredAt":${json(entry.occurredAt)},"protocolVersion":${json(entry.protocolVersion)},"streamId":${json(entry.streamId)}}`;
}

const FORMAT_JSON = JSON.stringify(CANONICAL_FORMAT);

/**
 * Text JSON.stringify leaves as it is: no quote, backslash or control character to escape, and
 * no surrogate (a lone one would be escaped). Ids, codes and accounts always are.
 */
// eslint-disable-next-line no-control-regex -- the control characters are what JSON escapes
const PLAIN_TEXT = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** One field's value as `stableJson` writes it (a missing field is null). */
function json(value: unknown): string {
  if (typeof value === 'string' && PLAIN_TEXT.test(value)) return `"${value}"`;
  return value !== null && typeof value === 'object' ? stableJson(value as Json) : (JSON.stringify(value ?? null) as string);
}

/**
 * The canonical form by its definition: the entry as an object, serialised by `stableJson`.
 * Kept as the reference `canonicalEntry` must always equal.
 */
export function canonicalEntryByDefinition(entry: LedgerEntry): string {
  const lines = [...entry.lines]
    .sort((a, b) => a.line - b.line)
    .map((l) => ({
      line: l.line,
      account: l.account,
      debitCents: requireCents(l.debitCents, 'debitCents'),
      creditCents: requireCents(l.creditCents, 'creditCents'),
    }));
  return stableJson({
    format: CANONICAL_FORMAT,
    entryId: entry.entryId,
    eventId: entry.eventId,
    globalPosition: entry.globalPosition,
    streamId: entry.streamId,
    eventType: entry.eventType,
    occurredAt: entry.occurredAt,
    actor: { userId: entry.actorUserId, role: entry.actorRole, organizationId: entry.actorOrganizationId },
    protocolVersion: entry.protocolVersion,
    fundId: entry.fundId,
    category: entry.category,
    lines,
  });
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
