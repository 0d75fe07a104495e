import { mkdirSync } from 'node:fs';
import type { EventStore } from './event-store';
import { PgliteDatabase } from './sql/pglite-database';
import { PostgresDatabase } from './sql/pg-database';
import type { SqlDatabase } from './sql/sql-database';
import { SqlEventStore, type SqlEventStoreOptions } from './sql/sql-event-store';

export type EventStoreConfig =
  | { readonly kind: 'pglite'; /** undefined: in memory */ readonly dataDir?: string }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly poolSize?: number };

export interface OpenedEventStore {
  readonly store: EventStore;
  /** Where read models and checkpoints live: the same database as the events on SQL stores. */
  readonly db: SqlDatabase;
}

export async function openEventStore(config: EventStoreConfig, options: SqlEventStoreOptions = {}): Promise<OpenedEventStore> {
  let db: SqlDatabase;
  if (config.kind === 'pglite') {
    if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
    db = await PgliteDatabase.open(config.dataDir);
  } else {
    db = new PostgresDatabase({ connectionString: config.connectionString, max: config.poolSize ?? 10 });
  }
  const store = await SqlEventStore.create(db, options);
  return { store, db };
}
