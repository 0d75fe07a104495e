import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrate, PgliteDatabase, SqlEventStore, SubscriptionRunner, type EventToAppend, type SqlDatabase } from '@fund/event-sourcing';
import { meta } from '@fund/event-sourcing/testing';
import type { StoredLedgerEntry } from './ledger.canonical';
import { AuditLedgerProjection } from './ledger.projection';
import { AUDIT_LEDGER_MIGRATIONS_COMPONENT, LEDGER_MIGRATIONS } from './ledger.migrations';
import { fetchEntries } from './ledger.rows';
import { verifyLedger } from './ledger.verify';
import { coordinator } from './testing/ledger-fixtures';

/**
 * A store exactly as the code before format 2 (commit 468fe1e) left it: its events, the
 * ledger's checkpoint and first migration, and the ledger rows and lookups it wrote, dumped from
 * that code running the fixture scenario. Nothing here is recomputed by the code under test.
 */
interface FormatOneStore {
  readonly es_events: readonly {
    global_position: number;
    event_id: string;
    stream_id: string;
    stream_version: number;
    type: string;
    schema_version: number;
    data: object;
    metadata: object;
    occurred_at: string;
    recorded_at: string;
  }[];
  readonly es_checkpoints: readonly { subscription_id: string; prepare_position: number }[];
  readonly ledger_entries: readonly Record<string, string | number | null>[];
  readonly ledger_lines: readonly { entry_seq: number; line_no: number; account: string; debit_cents: number; credit_cents: number }[];
  readonly ledger_request_categories: readonly { request_id: string; category: string }[];
  readonly ledger_stock_items: readonly { item_id: string; category: string; unit_value_cents: number }[];
}

const OLD: FormatOneStore = JSON.parse(readFileSync(join(__dirname, 'testing/fixtures/store-ledger-format-1.json'), 'utf8'));
const ENTRY_COLUMNS = [
  'seq',
  'entry_id',
  'event_id',
  'global_position',
  'stream_id',
  'event_type',
  'occurred_at',
  'actor_user_id',
  'actor_role',
  'actor_organization_id',
  'protocol_version',
  'fund_id',
  'category',
  'prev_hash',
  'hash',
] as const;

/** Writes the old store's rows as they were, under the ledger's first migration only. */
async function restoreFormatOneStore(db: SqlDatabase): Promise<SqlEventStore> {
  const store = await SqlEventStore.create(db);
  await migrate(db, AUDIT_LEDGER_MIGRATIONS_COMPONENT, LEDGER_MIGRATIONS.filter((m) => m.version === 1));
  await db.transaction(async (tx) => {
    for (const e of OLD.es_events) {
      await tx.query(
        `INSERT INTO es_events (global_position, event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at, recorded_at)
         OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [e.global_position, e.event_id, e.stream_id, e.stream_version, e.type, e.schema_version, JSON.stringify(e.data), JSON.stringify(e.metadata), e.occurred_at, e.recorded_at],
      );
    }
    await tx.query(`SELECT setval(pg_get_serial_sequence('es_events', 'global_position'), $1)`, [OLD.es_events.length]);
    // The old worker had handled every event: its checkpoint is the last one's position.
    const [checkpoint] = OLD.es_checkpoints;
    await tx.query(
      `INSERT INTO es_checkpoints (subscription_id, commit_position, prepare_position) VALUES ($1, pg_current_xact_id()::text::bigint, $2)`,
      [checkpoint!.subscription_id, checkpoint!.prepare_position],
    );
    for (const row of OLD.ledger_entries) {
      await tx.query(
        `INSERT INTO ledger_entries (${ENTRY_COLUMNS.join(', ')}) VALUES (${ENTRY_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
        ENTRY_COLUMNS.map((c) => row[c]),
      );
    }
    await tx.query(`SELECT setval(pg_get_serial_sequence('ledger_entries', 'seq'), $1)`, [OLD.ledger_entries.length]);
    for (const l of OLD.ledger_lines) await tx.query('INSERT INTO ledger_lines VALUES ($1, $2, $3, $4, $5)', [l.entry_seq, l.line_no, l.account, l.debit_cents, l.credit_cents]);
    for (const c of OLD.ledger_request_categories) await tx.query('INSERT INTO ledger_request_categories VALUES ($1, $2)', [c.request_id, c.category]);
    for (const i of OLD.ledger_stock_items) await tx.query('INSERT INTO ledger_stock_items VALUES ($1, $2, $3)', [i.item_id, i.category, i.unit_value_cents]);
  });
  return store;
}

const OLD_HASHES = OLD.ledger_entries.map((e) => e.hash);
const OLD_HEAD = OLD_HASHES.at(-1)!;
const requestId = OLD.ledger_request_categories[0]!.request_id;
const all = (db: SqlDatabase) => fetchEntries(db, { limit: 1_000 });
const ev = (type: string, data: object, at: string): EventToAppend => ({
  type,
  data,
  metadata: meta({ actor: coordinator, occurredAt: at, protocolVersion: '2026-1' }),
});

describe('a ledger written before format 2, read and continued by this version', () => {
  let db: SqlDatabase;
  let store: SqlEventStore;
  let runner: SubscriptionRunner;
  let continued: StoredLedgerEntry[];

  beforeAll(async () => {
    db = await PgliteDatabase.open();
    store = await restoreFormatOneStore(db);
    runner = new SubscriptionRunner(store, db, new AuditLedgerProjection(), { batchSize: 2 });
    // What a deploy does: the new code starts, migrates the ledger, and goes on from its checkpoint.
    await runner.prepare();
  });
  afterAll(async () => store.close());

  it('was a real format 1 ledger (the fixture is not empty, and its chain verified under the old code)', () => {
    expect(OLD.ledger_entries).toHaveLength(10);
    expect(OLD.ledger_entries[0]!.prev_hash).toBe('0'.repeat(64));
    expect(OLD.ledger_entries.slice(1).every((e, i) => e.prev_hash === OLD_HASHES[i])).toBe(true);
  });

  it('still verifies after the migration, every old entry under format 1, shown with no references and its recorded day flagged as such', async () => {
    const verified = await verifyLedger(db);
    expect(verified).toMatchObject({ ok: true, entries: 10, firstBroken: null, lastHash: OLD_HEAD });
    const entries = await all(db);
    expect(entries.map((e) => e.hash)).toEqual(OLD_HASHES);
    for (const e of entries) {
      expect(e).toMatchObject({
        canonicalFormat: 1,
        references: { requestId: null, disbursementId: null, donationId: null, itemId: null, serials: null },
        effectiveDate: e.occurredAt.slice(0, 10),
        effectiveDateSource: 'recorded',
      });
    }
  });

  it('chains new entries onto the old head under format 2, with their references and effective dates', async () => {
    await store.append({
      streamId: 'fund-general',
      expectedVersion: 'any',
      events: [
        ev('MoneyReserved', { requestId, amountCents: 5_000 }, '2026-11-02T10:00:00.000Z'),
        ev('MoneyDisbursed', { requestId, disbursementId: 'm-3', amountCents: 5_000, paidOn: '2026-11-01' }, '2026-11-02T10:01:00.000Z'),
      ],
    });
    await runner.catchUp();
    const entries = await all(db);
    continued = entries.slice(10);
    expect(continued.map((e) => [e.eventType, e.canonicalFormat, e.references.requestId, e.references.disbursementId, e.effectiveDate, e.effectiveDateSource])).toEqual([
      ['MoneyReserved', 2, requestId, null, '2026-11-02', 'recorded'],
      ['MoneyDisbursed', 2, requestId, 'm-3', '2026-11-01', 'event'],
    ]);
    expect(continued[0]!.prevHash).toBe(OLD_HEAD);
    expect(await verifyLedger(db)).toMatchObject({ ok: true, entries: 12, firstBroken: null, lastHash: continued[1]!.hash });
  });

  it('is reproduced hash for hash by a rebuild, which fills in the old entries\' references without touching their hashes', async () => {
    await runner.rebuild();
    const entries = await all(db);
    expect(entries.map((e) => e.hash)).toEqual([...OLD_HASHES, ...continued.map((e) => e.hash)]);
    expect(entries.map((e) => e.canonicalFormat)).toEqual([...Array(10).fill(1), 2, 2]);
    const oldDisbursements = entries.slice(0, 10).filter((e) => e.eventType === 'MoneyDisbursed');
    expect(oldDisbursements.map((e) => [e.references.requestId, e.references.disbursementId])).toEqual([
      [requestId, 'm-1'],
      [requestId, 'm-2'],
    ]);
    expect(entries[0]).toMatchObject({ eventType: 'MonetaryDonationRecorded', effectiveDate: '2026-10-01', effectiveDateSource: 'event' });
    expect(await verifyLedger(db)).toMatchObject({ ok: true, entries: 12, lastHash: continued[1]!.hash });
  });

  it('detects a changed reference or effective date on a format 2 entry', async () => {
    for (const tamper of [
      `UPDATE ledger_entries SET request_id = '00000000-0000-4000-8000-000000000000' WHERE seq = 12`,
      `UPDATE ledger_entries SET effective_date = '2026-12-31' WHERE seq = 12`,
      `UPDATE ledger_entries SET effective_date_source = 'recorded' WHERE seq = 12`,
      `UPDATE ledger_entries SET canonical_format = 1 WHERE seq = 12`,
    ]) {
      await db.transaction(async (tx) => {
        await tx.query(tamper);
        expect(await verifyLedger(tx as SqlDatabase)).toMatchObject({ ok: false, firstBroken: { seq: 12, reason: 'hash_mismatch' } });
        throw new Error('roll back');
      }).catch((error: Error) => expect(error.message).toBe('roll back'));
    }
    expect(await verifyLedger(db)).toMatchObject({ ok: true });
  });
});
