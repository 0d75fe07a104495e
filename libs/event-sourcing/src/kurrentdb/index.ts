/**
 * The KurrentDB adapter (docs/adr/0004). The client (with its native read bridge) takes about
 * half a second to load, so it is only loaded when a KurrentDB store is opened: services and
 * tests on the SQL stores never pay for it.
 */
import type { KurrentDbEventStore, OpenKurrentDbOptions } from './kurrentdb-event-store';

export type { KurrentDbEventStore, KurrentDbEventStoreOptions, OpenKurrentDbOptions } from './kurrentdb-event-store';
export type { KurrentDbClientPort, KurrentSubscription } from './kurrentdb-client-port';
export { KURRENTDB_URL_PATTERN, isKurrentDbUrl, redactKurrentDbUrl } from './connection-string';
export { KurrentDbEventFormatError, KurrentDbPositionOutOfRangeError, MultiStreamAppendUnsupportedError } from './kurrentdb-errors';
export { KURRENTDB_READ_STORE_MIGRATIONS, prepareKurrentDbReadStore } from './read-store';
export * from './migrate-events';

/**
 * Opens the KurrentDB event store: checks the server answers and (by default) supports atomic
 * multi-stream appends. Read models and checkpoints stay in SQL: run
 * `prepareKurrentDbReadStore(readDb)` on the database subscriptions write to.
 */
export async function openKurrentDbEventStore(url: string, options: OpenKurrentDbOptions = {}): Promise<KurrentDbEventStore> {
  const adapter = await import('./kurrentdb-event-store');
  return adapter.openKurrentDbEventStore(url, options);
}
