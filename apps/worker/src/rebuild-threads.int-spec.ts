import { join } from 'node:path';
import { openEventStore, type EventHandler, type OpenedEventStore, type SqlDatabase } from '@fund/event-sourcing';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '@fund/event-sourcing/testing';
import { SubscriptionsHost, type RebuildThreadsOptions } from '@fund/platform';
import { generateHistory } from '../../../bench/lib/fund-history';
import { EVENT_HANDLER_CLASSES } from './event-handlers';

/** The thread entry the worker uses when run from its sources. */
const ENTRY = join(__dirname, 'rebuild-thread.ts');
const WEIGHTS = { 'request-views': 4.3, reporting: 2.4, 'audit-ledger': 2.2, balances: 1.1, 'protocol-versions': 0.1 };

const handlers = (): EventHandler[] => EVENT_HANDLER_CLASSES.map((Handler) => new (Handler as new () => EventHandler)()).filter((h) => !h.rebuildOnlyByName);

/**
 * Every read-model table as sorted rows, checkpoints included. The ledger's seq is a surrogate
 * key (the hashes do not cover it), so lines are keyed by their entry's event id; prev_hash and
 * hash are compared as they are.
 */
async function dump(db: SqlDatabase): Promise<Record<string, string[]>> {
  const { rows } = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND (table_name LIKE 'rv\\_%' OR table_name LIKE 'ledger\\_%' OR table_name LIKE 'reporting\\_%') ORDER BY table_name`,
  );
  const out: Record<string, string[]> = {};
  for (const { table_name } of rows) {
    const data =
      table_name === 'ledger_lines'
        ? await db.query(`SELECT e.event_id, l.* FROM ledger_lines l JOIN ledger_entries e ON e.seq = l.entry_seq`)
        : await db.query(`SELECT * FROM ${table_name}`);
    out[table_name] = data.rows.map(({ seq: _seq, entry_seq: _entrySeq, ...rest }) => JSON.stringify(rest)).sort();
  }
  const checkpoints = await db.query(`SELECT subscription_id, commit_position, prepare_position FROM es_checkpoints ORDER BY subscription_id`);
  out.es_checkpoints = checkpoints.rows.map((r) => JSON.stringify(r));
  return out;
}

async function rebuiltBy(opened: OpenedEventStore, threads?: RebuildThreadsOptions): Promise<Record<string, string[]>> {
  const host = new SubscriptionsHost(opened.store, opened.db, handlers(), threads);
  const results = await host.rebuild();
  expect(results.map((r) => r.name).sort()).toEqual(['audit-ledger', 'balances', 'protocol-versions', 'reporting', 'request-views']);
  return dump(opened.db);
}

describeWithPostgres('rebuilding every read model with the projections spread over worker threads (PostgreSQL)', () => {
  let database: TestDatabase;
  let opened: OpenedEventStore;
  let onePass: Record<string, string[]>;

  beforeAll(async () => {
    database = await createTestDatabase('rebuild_threads');
    opened = await openEventStore({ kind: 'postgres', connectionString: database.url, poolSize: 4 });
    await generateHistory(opened.store, { events: 2_000, days: 120, concurrency: 4 });
    onePass = await rebuiltBy(opened);
  }, 300_000);

  afterAll(async () => {
    await opened?.store.close();
    await database?.drop();
  });

  it('the one-pass rebuild fills every read model from a generated history', () => {
    expect(onePass.rv_requests!.length).toBeGreaterThan(100);
    expect(onePass.ledger_entries!.length).toBeGreaterThan(100);
    expect(onePass.reporting_requests!.length).toBe(onePass.rv_requests!.length);
    expect(onePass.es_checkpoints).toHaveLength(5);
  });

  // Each thread loads the projections through swc when it starts (seconds per thread, more on a
  // loaded machine), so this file starts threads that work once only.
  it('with the projections over two threads, gives exactly the rows, ledger hashes and checkpoints of the one-pass rebuild', async () => {
    // Junk the rebuild must empty first, so equality cannot come from rows left in place.
    await opened.db.query(`UPDATE rv_requests SET status = 'junk'`);
    await opened.db.query(`DELETE FROM reporting_requests WHERE request_key IN (SELECT request_key FROM reporting_requests LIMIT 10)`);
    const rebuilt = await rebuiltBy(opened, { entry: ENTRY, threads: 2, weights: WEIGHTS });
    expect(Object.keys(rebuilt)).toEqual(Object.keys(onePass));
    for (const table of Object.keys(onePass)) expect({ table, rows: rebuilt[table] }).toEqual({ table, rows: onePass[table] });
  }, 300_000);

  it('a thread that fails stops the rebuild with its reason, and the next rebuild is whole again', async () => {
    const broken = new SubscriptionsHost(opened.store, opened.db, handlers(), { entry: join(__dirname, 'no-such-thread-entry.ts'), threads: 2 });
    await expect(broken.rebuild()).rejects.toThrow(/rebuild thread \(.+\) failed: Cannot find module/);
    expect(await rebuiltBy(opened)).toEqual(onePass);
  }, 300_000);
});

describe('rebuilding with threads configured on the embedded store', () => {
  it('rebuilds in one pass on this thread (PGlite is one connection in this process) and gives the rows of a rebuild without threads', async () => {
    const opened = await openEventStore({ kind: 'pglite' });
    try {
      await generateHistory(opened.store, { events: 300, days: 30, concurrency: 2 });
      const without = await rebuiltBy(opened);
      expect(without.rv_requests!.length).toBeGreaterThan(5);
      expect(await rebuiltBy(opened, { entry: ENTRY, threads: 2, weights: WEIGHTS })).toEqual(without);
    } finally {
      await opened.store.close();
    }
  }, 300_000);
});
