import type { SqlExecutor } from '@fund/event-sourcing';
import { entryHash, GENESIS_HASH, type StoredLedgerEntry } from './ledger.canonical';
import { endOfDay, fetchChain, startOfDay } from './ledger.rows';

export const BREAK_REASONS = ['chain_broken', 'hash_mismatch', 'unbalanced_entry'] as const;
/**
 * `chain_broken`: the entry does not point at the hash of the entry stored before it (an entry
 * was deleted, inserted or reordered). `hash_mismatch`: the entry's stored content no longer
 * gives its stored hash (a field or a line was changed, added or removed). `unbalanced_entry`:
 * its debits and credits differ although its hash holds (the chain itself was rewritten).
 */
export type BreakReason = (typeof BREAK_REASONS)[number];

export interface BrokenEntry {
  readonly seq: number;
  readonly eventId: string;
  readonly reason: BreakReason;
}

export interface VerifyOptions {
  /** Inclusive UTC days; the check covers the stretch of the chain from the period's first entry to its last. */
  readonly from?: string;
  readonly to?: string;
  readonly pageSize?: number;
  /** Called after each page with the number of entries checked so far. */
  readonly onProgress?: (checked: number) => void;
}

export interface LedgerVerification {
  readonly ok: boolean;
  /** Entries checked (up to and including the first broken one). */
  readonly entries: number;
  readonly totalDebitCents: number;
  readonly totalCreditCents: number;
  readonly firstBroken: BrokenEntry | null;
  readonly checkedAt: string;
  readonly from: string | null;
  readonly to: string | null;
  /**
   * The last entry checked and its hash. Recording the head hash somewhere else (an audit
   * working paper) is what detects entries cut off the end, which a chain alone cannot.
   */
  readonly lastSeq: number | null;
  readonly lastHash: string | null;
}

/** Large pages: fewer round trips; memory stays bounded (two pages of entries at a time). */
const DEFAULT_PAGE_SIZE = 5000;

async function seqBound(db: SqlExecutor, sql: string, params: readonly unknown[]): Promise<number | null> {
  const { rows } = await db.query<{ bound: string | number | null }>(sql, params);
  const bound = rows[0]?.bound;
  return bound === null || bound === undefined ? null : Number(bound);
}

/** A stored value the canonical form refuses (a negative or fractional amount) is tampering too. */
function recomputedHash(entry: StoredLedgerEntry): string | null {
  try {
    return entryHash(entry.prevHash, entry);
  } catch {
    return null;
  }
}

/**
 * Recomputes the hash chain and the trial balance, streaming the journal page by page in seq
 * order (keyset, so memory stays flat at any size), and stops at the first broken entry.
 */
export async function verifyLedger(db: SqlExecutor, options: VerifyOptions = {}): Promise<LedgerVerification> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const minSeq = options.from
    ? await seqBound(db, 'SELECT min(seq) AS bound FROM ledger_entries WHERE occurred_at >= $1::timestamptz', [startOfDay(options.from)])
    : 0;
  const maxSeq = options.to
    ? await seqBound(db, 'SELECT max(seq) AS bound FROM ledger_entries WHERE occurred_at < $1::timestamptz', [endOfDay(options.to)])
    : undefined;

  let entries = 0;
  let totalDebitCents = 0;
  let totalCreditCents = 0;
  let lastSeq: number | null = null;
  let lastHash: string | null = null;
  const result = (firstBroken: BrokenEntry | null): LedgerVerification => ({
    ok: firstBroken === null && totalDebitCents === totalCreditCents,
    entries,
    totalDebitCents,
    totalCreditCents,
    firstBroken,
    checkedAt: new Date().toISOString(),
    from: options.from ?? null,
    to: options.to ?? null,
    lastSeq,
    lastHash,
  });
  if (minSeq === null || maxSeq === null) return result(null);

  // A period starts mid-chain: its first entry must point at the stored hash of the one before.
  const anchor = await db.query<{ hash: string }>('SELECT hash FROM ledger_entries WHERE seq < $1 ORDER BY seq DESC LIMIT 1', [minSeq]);
  let expectedPrev = anchor.rows[0]?.hash ?? GENESIS_HASH;
  const pageAfter = (afterSeq: number) => fetchChain(db, { afterSeq, ...(maxSeq === undefined ? {} : { maxSeq }), limit: pageSize });

  // The next page is read while this one is hashed, so the database and the hashing overlap.
  let next = pageAfter(minSeq - 1);
  for (;;) {
    const page = await next;
    const last = page.at(-1);
    if (!last) return result(null);
    // A short page is the end of the chain as this read saw it.
    next = page.length < pageSize ? Promise.resolve([]) : pageAfter(last.seq);
    for (const entry of page) {
      entries += 1;
      let debitCents = 0;
      let creditCents = 0;
      for (const l of entry.lines) {
        debitCents += l.debitCents;
        creditCents += l.creditCents;
      }
      totalDebitCents += debitCents;
      totalCreditCents += creditCents;
      lastSeq = entry.seq;
      lastHash = entry.hash;
      const reason: BreakReason | null =
        entry.prevHash !== expectedPrev
          ? 'chain_broken'
          : recomputedHash(entry) !== entry.hash
            ? 'hash_mismatch'
            : debitCents !== creditCents
              ? 'unbalanced_entry'
              : null;
      if (reason) {
        // Nobody waits for the page read ahead any more; its failure must not go unhandled.
        next.catch(() => undefined);
        return result({ seq: entry.seq, eventId: entry.eventId, reason });
      }
      expectedPrev = entry.hash;
    }
    options.onProgress?.(entries);
  }
}
