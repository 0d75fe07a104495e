import { PostgresDatabase, SubscriptionRunner, type RecordedEvent, type SqlExecutor } from '@fund/event-sourcing';
import { createTestDatabase, describeWithPostgres, testPostgresUrl, type TestDatabase } from '@fund/event-sourcing/testing';
import { entryHash, GENESIS_HASH } from './ledger.canonical';
import { isJournaled, journal, toLedgerEntry, type JournalLookups, type LookupEvent } from './ledger.journal';
import { verifyLedger } from './ledger.verify';
import { appendScenario, openLedgerHarness, type LedgerHarness } from './testing/ledger-fixtures';

/**
 * The projection as it was before it became set-based, kept here as the reference: every event
 * on its own, one INSERT per lookup and per entry, seq from the column's default. The batched
 * projection must write exactly what this writes, hashes and seqs included.
 */
async function journalOneEventAtATime(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
  const categories = new Map<string, string>();
  const items = new Map<string, { category: string; unitValueCents: number }>();
  const lookups: JournalLookups = { requestCategory: (id) => categories.get(id), stockItem: (id) => items.get(id) };
  for (const event of events) {
    // What earlier calls stored is read back like the old batch preload did.
    categories.clear();
    items.clear();
    (await tx.query<{ request_id: string; category: string }>('SELECT request_id, category FROM ledger_request_categories')).rows.forEach((r) =>
      categories.set(r.request_id, r.category),
    );
    (await tx.query<{ item_id: string; category: string; unit_value_cents: string | number }>('SELECT * FROM ledger_stock_items')).rows.forEach((r) =>
      items.set(r.item_id, { category: r.category, unitValueCents: Number(r.unit_value_cents) }),
    );
    if (event.type === 'FundRequestSubmitted' || event.type === 'StockReceived') {
      const e = { type: event.type, data: event.data } as LookupEvent;
      if (e.type === 'FundRequestSubmitted') {
        categories.set(e.data.requestId, categories.get(e.data.requestId) ?? e.data.category);
        await tx.query('INSERT INTO ledger_request_categories VALUES ($1, $2) ON CONFLICT DO NOTHING', [e.data.requestId, e.data.category]);
      } else {
        if (!items.has(e.data.itemId)) items.set(e.data.itemId, { category: e.data.category, unitValueCents: e.data.unitValueCents });
        await tx.query('INSERT INTO ledger_stock_items VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [e.data.itemId, e.data.category, e.data.unitValueCents]);
      }
    }
    if (!isJournaled(event.type)) continue;
    const known = await tx.query('SELECT 1 FROM ledger_entries WHERE event_id = $1', [event.metadata.eventId]);
    if (known.rows.length > 0) continue;
    const posting = journal(event, lookups);
    if (!posting) continue;
    const entry = toLedgerEntry(event, posting);
    const last = await tx.query<{ hash: string }>('SELECT hash FROM ledger_entries ORDER BY seq DESC LIMIT 1');
    const prevHash = last.rows[0]?.hash ?? GENESIS_HASH;
    const { rows } = await tx.query<{ seq: string | number }>(
      `INSERT INTO ledger_entries (entry_id, event_id, global_position, stream_id, event_type, occurred_at, actor_user_id, actor_role,
         actor_organization_id, protocol_version, fund_id, category, prev_hash, hash, canonical_format, effective_date, effective_date_source,
         request_id, disbursement_id, donation_id, item_id, serials, payee_id, payment_reference_kind, payment_reference)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22::jsonb, $23, $24, $25) RETURNING seq`,
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
        entryHash(prevHash, entry),
        entry.canonicalFormat,
        entry.effectiveDate,
        entry.effectiveDateSource,
        entry.references.requestId,
        entry.references.disbursementId,
        entry.references.donationId,
        entry.references.itemId,
        entry.references.serials ? JSON.stringify(entry.references.serials) : null,
        entry.references.payeeId,
        entry.references.paymentReference?.kind ?? null,
        entry.references.paymentReference?.value ?? null,
      ],
    );
    for (const l of entry.lines) {
      await tx.query('INSERT INTO ledger_lines VALUES ($1, $2, $3, $4, $5)', [rows[0]!.seq, l.line, l.account, l.debitCents, l.creditCents]);
    }
  }
}

/** Every ledger row as text, in a fixed order: two ledgers are the same if these are equal. */
async function snapshot(db: SqlExecutor): Promise<Record<string, unknown[]>> {
  const all = async (sql: string) => (await db.query(sql)).rows;
  return {
    entries: await all(
      `SELECT seq::text, entry_id, event_id, global_position::text, stream_id, event_type, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS at,
         actor_user_id, actor_role, actor_organization_id, protocol_version, fund_id, category, prev_hash, hash, canonical_format,
         effective_date::text, effective_date_source, request_id, disbursement_id, donation_id, item_id, serials::text, payee_id,
         payment_reference_kind, payment_reference FROM ledger_entries ORDER BY seq`,
    ),
    lines: await all('SELECT entry_seq::text, line_no, account, debit_cents::text, credit_cents::text FROM ledger_lines ORDER BY entry_seq, line_no'),
    categories: await all('SELECT request_id, category FROM ledger_request_categories ORDER BY request_id'),
    items: await all('SELECT item_id, category, unit_value_cents::text FROM ledger_stock_items ORDER BY item_id'),
  };
}

/**
 * Every appended event, once readable: on a shared PostgreSQL server the store only shows events
 * older than every transaction still running anywhere, which another client may hold for a while.
 */
async function allVisible(h: LedgerHarness): Promise<RecordedEvent[]> {
  const { rows } = await h.db.query<{ n: string | number }>('SELECT count(*) AS n FROM es_events');
  const appended = Number(rows[0]!.n);
  for (let waited = 0; ; waited += 100) {
    const events = await h.store.readAll({ limit: 10_000 });
    if (events.length === appended || waited > 30_000) return events;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function batchingSuite(open: () => Promise<{ harness: LedgerHarness; cleanup?: () => Promise<void> }>): void {
  let h: LedgerHarness;
  let cleanup: (() => Promise<void>) | undefined;
  let events: RecordedEvent[];
  let reference: Record<string, unknown[]>;
  const reset = () => h.db.transaction((tx) => h.projection.reset!(tx));
  const inOneTransaction = (batch: readonly RecordedEvent[]) => h.db.transaction((tx) => h.projection.handle(batch, tx));

  beforeAll(async () => {
    ({ harness: h, cleanup } = await open());
    // Three lives of the fund: requests on both sides of every batch cut, the same stock item
    // received again (its first facts must stay), lookups learned and used in one batch.
    for (let i = 0; i < 3; i += 1) await appendScenario(h.store);
    events = await allVisible(h);
    await reset();
    for (const event of events) await h.db.transaction((tx) => journalOneEventAtATime([event], tx));
    reference = await snapshot(h.db);
  });
  afterAll(async () => {
    await h.close();
    await cleanup?.();
  });

  it('the reference journaled every money and stock movement (the comparison is not vacuous)', () => {
    expect(reference.entries).toHaveLength(30);
    expect(reference.lines).toHaveLength(78);
    expect(reference.categories).toHaveLength(3);
    expect(reference.items).toHaveLength(1);
  });

  it('writes the same rows and the same hash chain in one batch as one event at a time', async () => {
    await reset();
    await inOneTransaction(events);
    expect(await snapshot(h.db)).toEqual(reference);
    expect(await verifyLedger(h.db)).toMatchObject({ ok: true, entries: 30 });
    // And verification, which reads lines and times its own way, still sees a change.
    const { rows } = await h.db.query<{ seq: string | number; event_id: string }>('SELECT seq, event_id FROM ledger_entries ORDER BY seq OFFSET 17 LIMIT 1');
    await h.db.query('UPDATE ledger_lines SET credit_cents = credit_cents + 1 WHERE entry_seq = $1 AND line_no = 2', [rows[0]!.seq]);
    expect(await verifyLedger(h.db, { pageSize: 7 })).toMatchObject({ ok: false, firstBroken: { seq: Number(rows[0]!.seq), eventId: rows[0]!.event_id, reason: 'hash_mismatch' } });
  });

  it('writes the same rows whatever the batch size, through the runner', async () => {
    for (const batchSize of [1, 7, 500]) {
      await h.db.query("DELETE FROM es_checkpoints WHERE subscription_id = 'audit-ledger'");
      await reset();
      await new SubscriptionRunner(h.store, h.db, h.projection, { batchSize }).catchUp();
      expect(await snapshot(h.db)).toEqual(reference);
    }
  });

  it('writes the same rows when overlapping batches are delivered again, skipping what is journaled', async () => {
    await reset();
    await inOneTransaction(events.slice(0, 25));
    await inOneTransaction(events.slice(10, 60));
    await inOneTransaction(events);
    await inOneTransaction(events.slice(40));
    expect(await snapshot(h.db)).toEqual(reference);
  });

  it('writes the chain once when two writers take the same events at the same time (the second waits for the chain lock)', async () => {
    await reset();
    await Promise.all([inOneTransaction(events), inOneTransaction(events)]);
    expect(await snapshot(h.db)).toEqual(reference);
  });

  it('writes nothing when a batch fails part-way (a write-off for an item never received)', async () => {
    await reset();
    const adjustment = events.findIndex((e) => e.type === 'StockAdjusted');
    const received = events.findIndex((e) => e.type === 'StockReceived');
    const withoutReceipt = events.filter((_, i) => i !== received).slice(0, adjustment);
    await expect(inOneTransaction(withoutReceipt)).rejects.toThrow(/before any StockReceived/);
    expect(await snapshot(h.db)).toEqual({ entries: [], lines: [], categories: [], items: [] });
  });
}

describe('audit ledger batching on the embedded store (PGlite)', () => {
  batchingSuite(async () => ({ harness: await openLedgerHarness() }));
});

describeWithPostgres('audit ledger batching on PostgreSQL', () => {
  batchingSuite(async () => {
    const database: TestDatabase = await createTestDatabase('ledger_batching');
    const harness = await openLedgerHarness(new PostgresDatabase({ connectionString: database.url, max: 2 }));
    return { harness, cleanup: () => database.drop() };
  });
  it('has a server to run on', () => expect(testPostgresUrl()).toBeDefined());
});
