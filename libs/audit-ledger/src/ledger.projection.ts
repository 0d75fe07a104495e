import { Injectable } from '@nestjs/common';
import type { EventHandler, RecordedEvent, SqlExecutor } from '@fund/event-sourcing';
import { entryHash, GENESIS_HASH, type LedgerEntry } from './ledger.canonical';
import { isJournaled, journal, toLedgerEntry, type JournaledEvent, type JournalLookups, type LookupEvent } from './ledger.journal';
import { AUDIT_LEDGER, LEDGER_MIGRATIONS } from './ledger.migrations';

/** Serialises writers of the chain even outside the runner (a rebuild started by hand). */
const CHAIN_LOCK = 'audit-ledger:chain';

interface StockItemFacts {
  readonly category: string;
  readonly unitValueCents: number;
}

/** An entry with its link in the chain, computed in memory before the batch is written. */
interface ChainedEntry {
  readonly entry: LedgerEntry;
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * The lookups an entry needs, loaded once per batch for the requests and items the batch
 * touches, and extended as the batch itself submits requests and receives stock. What the batch
 * learns is written once at the end, one statement per table.
 */
class BatchLookups implements JournalLookups {
  private readonly categories = new Map<string, string>();
  private readonly items = new Map<string, StockItemFacts>();
  /** Learned in this batch, first fact per key (as the table keeps the first one it was given). */
  private readonly learnedCategories = new Map<string, string>();
  private readonly learnedItems = new Map<string, StockItemFacts>();

  constructor(private readonly tx: SqlExecutor) {}

  requestCategory(requestId: string): string | undefined {
    return this.categories.get(requestId);
  }

  stockItem(itemId: string): StockItemFacts | undefined {
    return this.items.get(itemId);
  }

  async preload(events: readonly RecordedEvent[]): Promise<void> {
    const requestIds = new Set<string>();
    const itemIds = new Set<string>();
    for (const event of events) {
      if (!isJournaled(event.type)) continue;
      const e = { type: event.type, data: event.data } as JournaledEvent;
      if ('requestId' in e.data) requestIds.add(e.data.requestId);
      if (e.type === 'StockAdjusted') itemIds.add(e.data.itemId);
    }
    if (requestIds.size > 0) {
      const { rows } = await this.tx.query<{ request_id: string; category: string }>(
        'SELECT request_id, category FROM ledger_request_categories WHERE request_id = ANY($1::text[])',
        [[...requestIds]],
      );
      rows.forEach((r) => this.categories.set(r.request_id, r.category));
    }
    if (itemIds.size > 0) {
      const { rows } = await this.tx.query<{ item_id: string; category: string; unit_value_cents: string | number }>(
        'SELECT item_id, category, unit_value_cents FROM ledger_stock_items WHERE item_id = ANY($1::text[])',
        [[...itemIds]],
      );
      rows.forEach((r) => this.items.set(r.item_id, { category: r.category, unitValueCents: Number(r.unit_value_cents) }));
    }
  }

  /**
   * Keeps only what the ledger needs from a submission: the request id and its category. The
   * survivor reference, demographics and the rest of the event are never read into the ledger.
   */
  learn(event: RecordedEvent): void {
    if (event.type !== 'FundRequestSubmitted' && event.type !== 'StockReceived') return;
    const e = { type: event.type, data: event.data } as LookupEvent;
    if (e.type === 'FundRequestSubmitted') {
      const { requestId, category } = e.data;
      if (!this.categories.has(requestId)) this.categories.set(requestId, category);
      if (!this.learnedCategories.has(requestId)) this.learnedCategories.set(requestId, category);
      return;
    }
    const { itemId, category, unitValueCents } = e.data;
    if (!this.items.has(itemId)) this.items.set(itemId, { category, unitValueCents });
    if (!this.learnedItems.has(itemId)) this.learnedItems.set(itemId, { category, unitValueCents });
  }

  /**
   * Writes what the batch learned. ON CONFLICT DO NOTHING keeps a fact already stored (a
   * redelivered batch, or the same request seen before), exactly as one insert per event did.
   */
  async save(): Promise<void> {
    if (this.learnedCategories.size > 0) {
      await this.tx.query(
        `INSERT INTO ledger_request_categories (request_id, category)
         SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (request_id) DO NOTHING`,
        [[...this.learnedCategories.keys()], [...this.learnedCategories.values()]],
      );
    }
    if (this.learnedItems.size > 0) {
      const items = [...this.learnedItems];
      await this.tx.query(
        `INSERT INTO ledger_stock_items (item_id, category, unit_value_cents)
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) ON CONFLICT (item_id) DO NOTHING`,
        [items.map(([id]) => id), items.map(([, i]) => i.category), items.map(([, i]) => i.unitValueCents)],
      );
    }
  }
}

const needsLedger = (type: string) => isJournaled(type) || type === 'FundRequestSubmitted';

/**
 * The audit ledger: one balanced, hash-chained journal entry per money or stock movement, in
 * global order. Idempotent under redelivery (an event already journaled is skipped, and its
 * entry is unique by event id); a batch that dies before its commit leaves nothing behind, since
 * entries, lookups and the checkpoint share the runner's transaction.
 *
 * Set-based: the batch's chain is computed in memory, then written with a fixed number of
 * statements whatever the batch size (arrays through `unnest`, so no parameter limit applies).
 */
@Injectable()
export class AuditLedgerProjection implements EventHandler {
  readonly name = AUDIT_LEDGER;
  readonly migrations = LEDGER_MIGRATIONS;

  async handle(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    if (!events.some((e) => needsLedger(e.type))) return;
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [CHAIN_LOCK]);
    const lookups = new BatchLookups(tx);
    await lookups.preload(events);
    const journaled = await this.alreadyJournaled(tx, events);
    let prevHash = await this.lastHash(tx);
    const chained: ChainedEntry[] = [];

    for (const event of events) {
      lookups.learn(event);
      if (journaled.has(event.metadata.eventId)) continue;
      const posting = journal(event, lookups);
      if (!posting) continue;
      const entry = toLedgerEntry(event, posting);
      const hash = entryHash(prevHash, entry);
      chained.push({ entry, prevHash, hash });
      journaled.add(entry.eventId);
      prevHash = hash;
    }
    await lookups.save();
    if (chained.length === 0) return;
    const seqs = await this.nextSeqs(tx, chained.length);
    await this.insertEntries(tx, chained, seqs);
    await this.insertLines(tx, chained, seqs);
  }

  async reset(tx: SqlExecutor): Promise<void> {
    // RESTART IDENTITY: a rebuilt journal numbers its entries from 1 again.
    await tx.query('TRUNCATE ledger_lines, ledger_entries, ledger_request_categories, ledger_stock_items RESTART IDENTITY');
  }

  private async alreadyJournaled(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<Set<string>> {
    const ids = events.filter((e) => isJournaled(e.type)).map((e) => e.metadata.eventId);
    if (ids.length === 0) return new Set();
    const { rows } = await tx.query<{ event_id: string }>('SELECT event_id FROM ledger_entries WHERE event_id = ANY($1::text[])', [ids]);
    return new Set(rows.map((r) => r.event_id));
  }

  private async lastHash(tx: SqlExecutor): Promise<string> {
    const { rows } = await tx.query<{ hash: string }>('SELECT hash FROM ledger_entries ORDER BY seq DESC LIMIT 1');
    return rows[0]?.hash ?? GENESIS_HASH;
  }

  /**
   * `count` values of the entries' own sequence, ascending. Verification reads the chain in seq
   * order, so seq must follow the chain; taking the numbers first and handing them out in chain
   * order guarantees that, instead of relying on the order in which INSERT ... SELECT evaluates
   * its defaults. A session's nextval only ever increases, so sorting gives the order they were
   * drawn in, and the batch's entries stay consecutive as they were one insert at a time.
   */
  private async nextSeqs(tx: SqlExecutor, count: number): Promise<number[]> {
    const { rows } = await tx.query<{ seq: string | number }>(
      `SELECT nextval(pg_get_serial_sequence('ledger_entries', 'seq')) AS seq FROM generate_series(1, $1::int)`,
      [count],
    );
    if (rows.length !== count) throw new Error(`audit-ledger: asked for ${count} sequence numbers, got ${rows.length}`);
    return rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
  }

  private async insertEntries(tx: SqlExecutor, chained: readonly ChainedEntry[], seqs: readonly number[]): Promise<void> {
    const column = <T>(pick: (c: ChainedEntry) => T) => chained.map(pick);
    const { rows } = await tx.query<{ event_id: string }>(
      `INSERT INTO ledger_entries (seq, entry_id, event_id, global_position, stream_id, event_type, occurred_at, actor_user_id, actor_role,
         actor_organization_id, protocol_version, fund_id, category, prev_hash, hash)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::timestamptz[], $8::text[],
         $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id`,
      [
        seqs,
        column((c) => c.entry.entryId),
        column((c) => c.entry.eventId),
        column((c) => c.entry.globalPosition),
        column((c) => c.entry.streamId),
        column((c) => c.entry.eventType),
        column((c) => c.entry.occurredAt),
        column((c) => c.entry.actorUserId),
        column((c) => c.entry.actorRole),
        column((c) => c.entry.actorOrganizationId),
        column((c) => c.entry.protocolVersion),
        column((c) => c.entry.fundId),
        column((c) => c.entry.category),
        column((c) => c.prevHash),
        column((c) => c.hash),
      ],
    );
    // Each entry's prev_hash is the hash of the one computed before it: an entry skipped here
    // would leave the next one pointing at nothing. Under the chain lock, and with the batch's
    // journaled ids read inside it, that cannot happen; if it ever does, fail the batch.
    if (rows.length !== chained.length) {
      throw new Error(`audit-ledger: ${chained.length - rows.length} of ${chained.length} entries were already journaled by another writer`);
    }
  }

  private async insertLines(tx: SqlExecutor, chained: readonly ChainedEntry[], seqs: readonly number[]): Promise<void> {
    const entrySeq: number[] = [];
    const lineNo: number[] = [];
    const account: string[] = [];
    const debit: number[] = [];
    const credit: number[] = [];
    chained.forEach(({ entry }, i) => {
      for (const l of entry.lines) {
        entrySeq.push(seqs[i]!);
        lineNo.push(l.line);
        account.push(l.account);
        debit.push(l.debitCents);
        credit.push(l.creditCents);
      }
    });
    // No ON CONFLICT: the seqs were drawn for this batch, so no line can exist for them yet.
    await tx.query(
      `INSERT INTO ledger_lines (entry_seq, line_no, account, debit_cents, credit_cents)
       SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::bigint[], $5::bigint[])`,
      [entrySeq, lineNo, account, debit, credit],
    );
  }
}
