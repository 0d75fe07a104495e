import { Injectable } from '@nestjs/common';
import type { EventHandler, RecordedEvent, SqlExecutor } from '@fund/event-sourcing';
import { entryHash, GENESIS_HASH, type LedgerEntry } from './ledger.canonical';
import { isJournaled, journal, toLedgerEntry, type JournaledEvent, type JournalLookups, type LookupEvent } from './ledger.journal';
import { AUDIT_LEDGER, LEDGER_MIGRATIONS } from './ledger.migrations';

/** Serialises writers of the chain even outside the runner (a rebuild started by hand). */
const CHAIN_LOCK = 'audit-ledger:chain';
/** Rows per multi-row INSERT, well under PostgreSQL's 65535 parameters. */
const LINES_PER_INSERT = 1000;

interface StockItemFacts {
  readonly category: string;
  readonly unitValueCents: number;
}

/**
 * The lookups an entry needs, loaded once per batch for the requests and items the batch
 * touches, and extended as the batch itself submits requests and receives stock.
 */
class BatchLookups implements JournalLookups {
  private readonly categories = new Map<string, string>();
  private readonly items = new Map<string, StockItemFacts>();

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
  async learn(event: RecordedEvent): Promise<void> {
    if (event.type !== 'FundRequestSubmitted' && event.type !== 'StockReceived') return;
    const e = { type: event.type, data: event.data } as LookupEvent;
    if (e.type === 'FundRequestSubmitted') {
      const { requestId, category } = e.data;
      this.categories.set(requestId, this.categories.get(requestId) ?? category);
      await this.tx.query('INSERT INTO ledger_request_categories (request_id, category) VALUES ($1, $2) ON CONFLICT (request_id) DO NOTHING', [requestId, category]);
      return;
    }
    const { itemId, category, unitValueCents } = e.data;
    if (!this.items.has(itemId)) this.items.set(itemId, { category, unitValueCents });
    await this.tx.query(
      'INSERT INTO ledger_stock_items (item_id, category, unit_value_cents) VALUES ($1, $2, $3) ON CONFLICT (item_id) DO NOTHING',
      [itemId, category, unitValueCents],
    );
  }
}

const needsLedger = (type: string) => isJournaled(type) || type === 'FundRequestSubmitted';

/**
 * The audit ledger: one balanced, hash-chained journal entry per money or stock movement, in
 * global order. Idempotent under redelivery (an event already journaled is skipped, and its
 * entry is unique by event id); a batch that dies before its commit leaves nothing behind, since
 * entries, lookups and the checkpoint share the runner's transaction.
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
    const pendingLines: (readonly unknown[])[] = [];

    for (const event of events) {
      await lookups.learn(event);
      if (journaled.has(event.metadata.eventId)) continue;
      const posting = journal(event, lookups);
      if (!posting) continue;
      const entry = toLedgerEntry(event, posting);
      const hash = entryHash(prevHash, entry);
      const seq = await this.insertEntry(tx, entry, prevHash, hash);
      if (seq === null) continue;
      journaled.add(entry.eventId);
      prevHash = hash;
      entry.lines.forEach((l) => pendingLines.push([seq, l.line, l.account, l.debitCents, l.creditCents]));
    }
    await this.insertLines(tx, pendingLines);
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

  private async insertEntry(tx: SqlExecutor, entry: LedgerEntry, prevHash: string, hash: string): Promise<number | null> {
    const { rows } = await tx.query<{ seq: string | number }>(
      `INSERT INTO ledger_entries (entry_id, event_id, global_position, stream_id, event_type, occurred_at, actor_user_id, actor_role,
         actor_organization_id, protocol_version, fund_id, category, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (event_id) DO NOTHING
       RETURNING seq`,
      [
        entry.entryId,
        entry.eventId,
        entry.globalPosition,
        entry.streamId,
        entry.eventType,
        entry.occurredAt,
        entry.actorUserId,
        entry.actorRole,
        entry.actorOrganizationId,
        entry.protocolVersion,
        entry.fundId,
        entry.category,
        prevHash,
        hash,
      ],
    );
    const row = rows[0];
    return row ? Number(row.seq) : null;
  }

  private async insertLines(tx: SqlExecutor, rows: readonly (readonly unknown[])[]): Promise<void> {
    for (let start = 0; start < rows.length; start += LINES_PER_INSERT) {
      const chunk = rows.slice(start, start + LINES_PER_INSERT);
      const values = chunk.map((_, i) => `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}, $${i * 5 + 4}, $${i * 5 + 5})`).join(', ');
      await tx.query(
        `INSERT INTO ledger_lines (entry_seq, line_no, account, debit_cents, credit_cents) VALUES ${values}
         ON CONFLICT (entry_seq, line_no) DO NOTHING`,
        chunk.flat(),
      );
    }
  }
}
