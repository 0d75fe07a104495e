import { Client } from 'pg';
import type { RecordedEvent } from '../event';
import { openEventStore, type OpenedEventStore } from '../open-event-store';
import { anEvent, createTestDatabase, describeWithPostgres, type TestDatabase } from '../testing';
import type { SqlExecutor } from '../sql/sql-database';
import { SubscriptionRunner, type EventHandler } from './subscription-runner';

class Counting implements EventHandler {
  readonly name = 'counting';
  seen = 0;
  async handle(events: readonly RecordedEvent[], _tx: SqlExecutor): Promise<void> {
    this.seen += events.length;
  }
}

/**
 * A catch-up after writing must reach what was written. On a PostgreSQL server the store hides
 * events newer than the oldest transaction still running anywhere on it (the gap-free fence), so
 * another client's open transaction makes a plain catch-up return early with nothing done: the
 * reports attacker test read empty reports that way while benchmarks ran on the same server.
 */
describeWithPostgres('catching up to a written position behind another client’s open transaction', () => {
  let database: TestDatabase;
  let opened: OpenedEventStore;
  let other: Client;
  beforeAll(async () => {
    database = await createTestDatabase('catch_up');
    opened = await openEventStore({ kind: 'postgres', connectionString: database.url });
    other = new Client({ connectionString: database.url });
    await other.connect();
  });
  afterAll(async () => {
    await other?.end();
    await opened?.store.close();
    await database?.drop();
  });

  it('a plain catch-up stops at the fence; with the written position it waits until that is visible and handled', async () => {
    // Another client holds a transaction id, as a long report or a benchmark does.
    await other.query('BEGIN');
    await other.query('SELECT txid_current()');
    const written = await opened.store.append({ streamId: 'fence-1', expectedVersion: 'no_stream', events: [anEvent(), anEvent()] });

    const plain = new Counting();
    expect(await new SubscriptionRunner(opened.store, opened.db, plain).catchUp()).toBe(0);

    const until = new Counting();
    const caughtUp = new SubscriptionRunner(opened.store, opened.db, until).catchUp(undefined, written.lastPosition);
    await new Promise((r) => setTimeout(r, 300));
    expect(until.seen).toBe(0);
    await other.query('COMMIT');
    expect(await caughtUp).toBe(2);
    expect(until.seen).toBe(2);
  });
});
