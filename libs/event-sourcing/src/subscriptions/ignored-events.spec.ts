import { randomUUID } from 'node:crypto';
import type { EventToAppend, LogPosition, RecordedEvent } from '../event';
import { comparePositions } from '../event';
import { openEventStore, type OpenedEventStore } from '../open-event-store';
import type { SqlExecutor } from '../sql/sql-database';
import { CheckpointStore } from './checkpoint-store';
import { SubscriptionRunner, type EventHandler } from './subscription-runner';

/** Counts the events of `wanted-*` streams, and the transactions it was given. */
class Wanted implements EventHandler {
  readonly name = 'wanted-only';
  transactions = 0;
  seen: string[] = [];
  accepts(e: RecordedEvent): boolean {
    return e.streamId.startsWith('wanted-');
  }
  async handle(events: readonly RecordedEvent[], _tx: SqlExecutor): Promise<void> {
    this.transactions++;
    this.seen.push(...events.filter((e) => this.accepts(e)).map((e) => e.metadata.eventId));
  }
}

const event = (): EventToAppend => ({
  type: 'Happened',
  data: {},
  metadata: { eventId: randomUUID(), schemaVersion: 1, occurredAt: new Date().toISOString(), correlationId: randomUUID(), causationId: null, actor: { userId: 'u', role: 'system', organizationId: 'coalition' } },
});

describe('a handler that ignores most events', () => {
  let opened: OpenedEventStore;
  const stored = (): Promise<LogPosition> => new CheckpointStore().load(opened.db, 'wanted-only');
  beforeEach(async () => (opened = await openEventStore({ kind: 'pglite' })));
  afterEach(async () => opened?.store.close());

  it('gets no transaction for batches it ignores, sees every event it wants once, and its checkpoint still reaches the head', async () => {
    const handler = new Wanted();
    const runner = new SubscriptionRunner(opened.store, opened.db, handler, { batchSize: 5 });
    const wanted: string[] = [];
    for (let i = 0; i < 30; i++) {
      const e = event();
      const streamId = i % 10 === 9 ? `wanted-${i}` : `other-${i}`;
      if (streamId.startsWith('wanted-')) wanted.push(e.metadata.eventId);
      await opened.store.append({ streamId, expectedVersion: 'any', events: [e] });
    }
    await runner.catchUp();
    expect(handler.seen).toEqual(wanted);
    expect(handler.transactions).toBe(3);
    expect(comparePositions(await stored(), await opened.store.headPosition())).toBe(0);
    expect(await runner.lag()).toBe(0);
  });

  it('running live, saves a checkpoint moved only by ignored events within a second, and on stop', async () => {
    const handler = new Wanted();
    const runner = new SubscriptionRunner(opened.store, opened.db, handler, { pollIntervalMs: 20 });
    runner.start();
    try {
      for (let i = 0; i < 5; i++) await opened.store.append({ streamId: `other-${i}`, expectedVersion: 'any', events: [event()] });
      const head = await opened.store.headPosition();
      const deadline = Date.now() + 5_000;
      while (comparePositions(await stored(), head) < 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(comparePositions(await stored(), head)).toBe(0);
      expect(handler.transactions).toBe(0);
      await opened.store.append({ streamId: 'other-last', expectedVersion: 'any', events: [event()] });
      while (runner.status().handled < 6) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await runner.stop();
    }
    expect(comparePositions(await stored(), await opened.store.headPosition())).toBe(0);
  });
});
