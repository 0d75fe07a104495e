import { mkdirSync } from 'node:fs';
import type { EventStore } from './event-store';
import { PgliteDatabase } from './sql/pglite-database';
import { PostgresDatabase } from './sql/pg-database';
import type { SqlDatabase } from './sql/sql-database';
import { SqlEventStore, type SqlEventStoreOptions } from './sql/sql-event-store';
import { openKurrentDbEventStore, prepareKurrentDbReadStore } from './kurrentdb';

export type EventStoreConfig =
  | { readonly kind: 'pglite'; /** undefined: in memory */ readonly dataDir?: string }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly poolSize?: number }
  /** Events in KurrentDB; read models and checkpoints stay in PostgreSQL. */
  | { readonly kind: 'kurrentdb'; readonly url: string; readonly readModelsConnectionString: string; readonly poolSize?: number };

export interface OpenedEventStore {
  readonly store: EventStore;
  /** Where read models and checkpoints live: the same database as the events on SQL stores. */
  readonly db: SqlDatabase;
}

export async function openEventStore(config: EventStoreConfig, options: SqlEventStoreOptions = {}): Promise<OpenedEventStore> {
  let db: SqlDatabase;
  if (config.kind === 'kurrentdb') {
    db = new PostgresDatabase({ connectionString: config.readModelsConnectionString, max: config.poolSize ?? 10 });
    await prepareKurrentDbReadStore(db);
    const kurrent = await openKurrentDbEventStore(config.url, { ...(options.upcasters ? { upcasters: options.upcasters } : {}) });
    // The KurrentDB store does not own the read database: close both together.
    const close = kurrent.close.bind(kurrent);
    const store: EventStore = Object.assign(Object.create(kurrent) as EventStore, { close: async () => { await close(); await db.close(); } });
    return { store, db };
  }
  if (config.kind === 'pglite') {
    if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
    db = await PgliteDatabase.open(config.dataDir);
  } else {
    db = new PostgresDatabase({ connectionString: config.connectionString, max: config.poolSize ?? 10 });
  }
  const store = await SqlEventStore.create(db, options);
  return { store, db };
}
