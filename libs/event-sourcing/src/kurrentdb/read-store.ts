import { migrate, type Migration } from '../sql/migrations';
import type { SqlDatabase } from '../sql/sql-database';

/**
 * With KurrentDB holding the events, read models and subscription checkpoints stay in
 * PostgreSQL (or PGlite), so a projection's rows and its checkpoint still commit in one
 * transaction. The SQL event store creates `es_checkpoints` with its own tables; here it is
 * created on its own, with the same columns, and `IF NOT EXISTS` so a database that once held
 * the SQL event store (the migration path in docs/adr/0004) keeps its checkpoints.
 */
export const KURRENTDB_READ_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'subscription checkpoints',
    sql: `
CREATE TABLE IF NOT EXISTS es_checkpoints (
  subscription_id text PRIMARY KEY,
  commit_position bigint NOT NULL,
  prepare_position bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
  {
    version: 2,
    name: 'checkpoint translations from the SQL event store',
    // Written by the migration to KurrentDB (migrate-events.ts): which checkpoints were moved
    // from SQL positions to KurrentDB positions, and from where, so a re-run never moves one
    // twice and the old values can be restored.
    sql: `
CREATE TABLE IF NOT EXISTS es_checkpoint_translations (
  subscription_id text PRIMARY KEY,
  sql_commit_position bigint NOT NULL,
  sql_prepare_position bigint NOT NULL,
  kurrentdb_commit_position bigint NOT NULL,
  kurrentdb_prepare_position bigint NOT NULL,
  translated_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
];

/** Run once at start before any subscription, like `SqlEventStore.create` does for SQL stores. */
export async function prepareKurrentDbReadStore(db: SqlDatabase): Promise<void> {
  await migrate(db, 'kurrentdb-read-store', KURRENTDB_READ_STORE_MIGRATIONS);
}
