import { eventStoreContract, createTestDatabase, describeWithPostgres, type HarnessOptions } from '../testing';
import { PgliteDatabase } from './pglite-database';
import { PostgresDatabase } from './pg-database';
import { SqlEventStore } from './sql-event-store';
import type { SqlDatabase } from './sql-database';

function harness(db: SqlDatabase, options: HarnessOptions, onClose: () => Promise<void>) {
  return SqlEventStore.create(db, options).then((store) => ({
    store,
    readDb: db,
    naiveVisiblePositions: async (streamIds: readonly string[]) =>
      (
        await db.query<{ global_position: string }>(
          `SELECT global_position FROM es_events WHERE stream_id IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY global_position`,
          [JSON.stringify(streamIds)],
        )
      ).rows.map((r) => Number(r.global_position)),
    close: onClose,
  }));
}

// One in-memory PGlite per harness: PGlite is a single connection, nothing to isolate.
eventStoreContract(
  'PGlite (embedded)',
  async (options) => {
    const db = await PgliteDatabase.open();
    return harness(db, options, () => db.close());
  },
  { concurrentTransactions: false },
);

describeWithPostgres('PostgreSQL adapter', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase('es_contract');
  });
  afterAll(async () => database?.drop());

  eventStoreContract(
    'PostgreSQL',
    async (options) => {
      const db = new PostgresDatabase({ connectionString: database.url, max: 12 });
      return harness(db, options, () => db.close());
    },
    { concurrentTransactions: true },
  );
});
