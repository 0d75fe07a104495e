import { randomUUID } from 'node:crypto';
import type { EventToAppend } from '../event';
import { openEventStore, type OpenedEventStore } from '../open-event-store';
import type { SqlExecutor } from '../sql/sql-database';
import type { RecordedEvent } from '../event';
import { SubscriptionRunner, type EventHandler, type RebuildProgress } from './subscription-runner';

/** Sums amounts per stream: order-sensitive enough (a running total per row) to catch a skipped or doubled event. */
class Totals implements EventHandler {
  failAfter = Number.POSITIVE_INFINITY;
  private seen = 0;
  readonly migrations;

  constructor(readonly name: string) {
    this.migrations = [{ version: 1, name: 'totals', sql: `CREATE TABLE ${name} (stream_id text PRIMARY KEY, total bigint NOT NULL, events text NOT NULL)` }];
  }

  async handle(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    for (const e of events) {
      if (++this.seen > this.failAfter) throw new Error(`${this.name} fails on purpose`);
      await tx.query(
        `INSERT INTO ${this.name} (stream_id, total, events) VALUES ($1, $2, $3)
         ON CONFLICT (stream_id) DO UPDATE SET total = ${this.name}.total + EXCLUDED.total, events = ${this.name}.events || ',' || EXCLUDED.events`,
        [e.streamId, (e.data as { amount: number }).amount, String(e.streamVersion)],
      );
    }
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query(`TRUNCATE ${this.name}`);
  }
}

const event = (amount: number): EventToAppend => ({
  type: 'Counted',
  data: { amount },
  metadata: { eventId: randomUUID(), schemaVersion: 1, occurredAt: new Date().toISOString(), correlationId: randomUUID(), causationId: null, actor: { userId: 'u', role: 'system', organizationId: 'coalition' } },
});

describe('rebuilding several read models in one pass over the log (embedded store)', () => {
  let opened: OpenedEventStore;
  const dump = async (table: string) => (await opened.db.query(`SELECT * FROM ${table} ORDER BY stream_id`)).rows;

  beforeAll(async () => {
    opened = await openEventStore({ kind: 'pglite' });
    for (let i = 0; i < 60; i++) await opened.store.append({ streamId: `s-${i % 7}`, expectedVersion: 'any', events: [event(i), event(1000 + i)] });
  });
  afterAll(async () => opened?.store.close());

  it('leaves every read model as a one-by-one replay does, with its checkpoint at the head', async () => {
    const [a, b] = [new Totals('totals_a'), new Totals('totals_b')];
    const runners = [a, b].map((h) => new SubscriptionRunner(opened.store, opened.db, h, { batchSize: 7 }));
    for (const r of runners) await r.rebuild();
    const expected = [await dump('totals_a'), await dump('totals_b')];
    expect(expected[0]).toHaveLength(7);

    // Junk that a rebuild must empty first.
    await opened.db.query(`INSERT INTO totals_a VALUES ('junk', 1, '1')`);
    const progress: RebuildProgress[] = [];
    const handled = await SubscriptionRunner.rebuildTogether(runners, { batchSize: 11, onProgress: (p) => progress.push(p) });

    expect(handled).toBe(120);
    expect([await dump('totals_a'), await dump('totals_b')]).toEqual(expected);
    expect(progress.at(-1)).toMatchObject({ handled: 120, total: 120 });
    expect(progress).toHaveLength(Math.ceil(120 / 11));
    for (const r of runners) expect(await r.lag()).toBe(0);
  });

  it('a read model that fails midway keeps the batches it committed; catching up finishes it, the others are done', async () => {
    const [a, b] = [new Totals('totals_c'), new Totals('totals_d')];
    const runners = [a, b].map((h) => new SubscriptionRunner(opened.store, opened.db, h));
    b.failAfter = 50;
    await expect(SubscriptionRunner.rebuildTogether(runners, { batchSize: 20 })).rejects.toThrow('totals_d fails on purpose');
    const [ra, rb] = runners as [SubscriptionRunner, SubscriptionRunner];
    expect(await rb.lag()).toBeGreaterThan(0);
    b.failAfter = Number.POSITIVE_INFINITY;
    await rb.catchUp();
    expect(await rb.lag()).toBe(0);
    await ra.catchUp();
    expect(await dump('totals_d')).toEqual(await dump('totals_c'));
    const totals = (await dump('totals_c')).reduce((sum, r) => sum + Number((r as { total: string }).total), 0);
    expect(totals).toBe(Array.from({ length: 60 }, (_, i) => 1000 + 2 * i).reduce((x, y) => x + y, 0));
  });
});
