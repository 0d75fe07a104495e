import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventToAppend, LogPosition, RecordedEvent } from '../event';
import { START, comparePositions } from '../event';
import type { EventStore } from '../event-store';
import { ConcurrencyError, DuplicateEventError, StreamNotFoundError } from '../errors';
import type { SqlDatabase } from '../sql/sql-database';
import { SubscriptionRunner } from '../subscriptions/subscription-runner';
import { UpcasterRegistry } from '../upcasting';

export interface ContractHarness {
  readonly store: EventStore;
  /** Where subscriptions keep checkpoints and read models. */
  readonly readDb: SqlDatabase;
  /**
   * SQL adapters only: the global positions of these streams' events that a naive reader
   * (sequence order, no transaction fence) sees now. Shows the race the store must survive.
   */
  naiveVisiblePositions?(streamIds: readonly string[]): Promise<number[]>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly upcasters?: UpcasterRegistry;
  /** Called inside each append transaction before commit (adapters that have one). */
  readonly beforeCommit?: () => Promise<void>;
}

export interface ContractCapabilities {
  /** Several append transactions can be open at once (PostgreSQL yes, PGlite no). */
  readonly concurrentTransactions: boolean;
  /** Event ids are unique across all streams (SQL stores); KurrentDB checks them per stream. */
  readonly globalEventIdUniqueness?: boolean;
  /** The store can run a hook inside an append before it commits (SQL transactions). */
  readonly beforeCommitSeam?: boolean;
}

export type HarnessFactory = (options: HarnessOptions) => Promise<ContractHarness>;

const actor = { userId: 'user-1', role: 'coordinator', organizationId: 'org-coalition' } as const;

export function meta(overrides: Partial<EventMetadata> = {}): EventMetadata {
  return {
    eventId: randomUUID(),
    schemaVersion: 1,
    occurredAt: '2026-10-01T12:00:00.000Z',
    actor,
    correlationId: randomUUID(),
    causationId: null,
    ...overrides,
  };
}

export function anEvent(type = 'ThingHappened', data: Record<string, unknown> = { amountCents: 1250 }): EventToAppend {
  return { type, data, metadata: meta() };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function settle<T>(promises: Promise<T>[]): Promise<{ ok: T[]; errors: unknown[] }> {
  const results = await Promise.allSettled(promises);
  return {
    ok: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
    errors: results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : [])),
  };
}

/**
 * Readers see an append only once every older transaction in the database cluster has ended
 * (ADR 0002); other test files share the cluster, so wait for that before reading the log.
 */
export async function waitUntilReadable(store: EventStore, position: LogPosition, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (comparePositions(await store.headPosition(), position) < 0) {
    if (Date.now() > deadline) throw new Error('appended events did not become readable');
    await sleep(20);
  }
}

function expectGlobalOrder(events: readonly RecordedEvent[]): void {
  for (let i = 1; i < events.length; i++) {
    expect(comparePositions(events[i - 1]!.position, events[i]!.position)).toBeLessThan(0);
  }
}

/**
 * The guarantees every event store adapter must prove (docs/adr/0002, architecture.md).
 * Run it from an adapter's *.int-spec.ts with a factory for that adapter.
 */
export function eventStoreContract(name: string, factory: HarnessFactory, caps: ContractCapabilities): void {
  describe(`event store contract: ${name}`, () => {
    let h: ContractHarness;
    let store: EventStore;
    const stream = (label = 'thing') => `${label}-${randomUUID()}`;

    beforeAll(async () => {
      h = await factory({});
      store = h.store;
    });
    afterAll(async () => h.close());

    it('appends and reads back a stream with every metadata field', async () => {
      const id = stream();
      const first = anEvent('RequestSubmitted', { amountCents: 4500, category: 'groceries' });
      const second = { ...anEvent('RequestApproved'), metadata: meta({ causationId: first.metadata.eventId, protocolVersion: 'p-2026.1' }) };
      const result = await store.append({ streamId: id, expectedVersion: 'no_stream', events: [first, second] });
      expect(result).toMatchObject({ streamId: id, version: 2, duplicate: false });

      const { version, events } = await store.readStream(id);
      expect(version).toBe(2);
      expect(events.map((e) => [e.type, e.streamVersion])).toEqual([
        ['RequestSubmitted', 1],
        ['RequestApproved', 2],
      ]);
      expect(events[0]!.data).toEqual({ amountCents: 4500, category: 'groceries' });
      expect(events[0]!.metadata).toEqual(first.metadata);
      expect(events[1]!.metadata).toEqual(second.metadata);
      expect(events[1]!.globalPosition).toBeGreaterThan(events[0]!.globalPosition);
      expect(events[1]!.position).toEqual(result.lastPosition);
    });

    it('reads a stream forward from a version, with a maximum count; a missing stream is version 0', async () => {
      const id = stream();
      await store.append({ streamId: id, expectedVersion: 'no_stream', events: [1, 2, 3, 4, 5].map((n) => anEvent('N', { n })) });
      const slice = await store.readStream(id, { fromVersion: 3, maxCount: 2 });
      expect(slice.version).toBe(5);
      expect(slice.events.map((e) => e.data)).toEqual([{ n: 3 }, { n: 4 }]);
      expect(await store.readStream(stream('missing'))).toEqual({ version: 0, events: [] });
    });

    it('refuses a wrong expected version with a concurrency error naming both versions, and writes nothing', async () => {
      const id = stream();
      await store.append({ streamId: id, expectedVersion: 'no_stream', events: [anEvent(), anEvent()] });
      const attempt = store.append({ streamId: id, expectedVersion: 1, events: [anEvent()] });
      await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(attempt).rejects.toMatchObject({ code: 'EVENT_STORE.CONCURRENCY_CONFLICT', expected: '1', actual: 2 });
      expect((await store.readStream(id)).version).toBe(2);
    });

    it('no_stream fails on an existing stream, stream_exists fails on a missing one, any always appends', async () => {
      const id = stream();
      await store.append({ streamId: id, expectedVersion: 'no_stream', events: [anEvent()] });
      await expect(store.append({ streamId: id, expectedVersion: 'no_stream', events: [anEvent()] })).rejects.toMatchObject({
        code: 'EVENT_STORE.CONCURRENCY_CONFLICT',
        actual: 1,
      });
      const missing = stream('missing');
      await expect(store.append({ streamId: missing, expectedVersion: 'stream_exists', events: [anEvent()] })).rejects.toBeInstanceOf(
        StreamNotFoundError,
      );
      expect((await store.readStream(missing)).version).toBe(0);
      expect((await store.append({ streamId: id, expectedVersion: 'stream_exists', events: [anEvent()] })).version).toBe(2);
      expect((await store.append({ streamId: id, expectedVersion: 'any', events: [anEvent()] })).version).toBe(3);
      expect((await store.append({ streamId: stream(), expectedVersion: 'any', events: [anEvent()] })).version).toBe(1);
    });

    it('two concurrent creators of one stream: exactly one wins, the other gets a concurrency error', async () => {
      for (let round = 0; round < 10; round++) {
        const id = stream();
        const { ok, errors } = await settle([
          store.append({ streamId: id, expectedVersion: 'no_stream', events: [anEvent('Created', { by: 'a' })] }),
          store.append({ streamId: id, expectedVersion: 'no_stream', events: [anEvent('Created', { by: 'b' })] }),
        ]);
        expect(ok).toHaveLength(1);
        expect(errors).toHaveLength(1);
        expect(errors[0]).toBeInstanceOf(ConcurrencyError);
        const { events } = await store.readStream(id);
        expect(events).toHaveLength(1);
      }
    });

    it('20 concurrent writers with exact expected versions: contiguous versions, nothing lost or doubled; losers get concurrency errors', async () => {
      const id = stream();
      await store.append({ streamId: id, expectedVersion: 'no_stream', events: [anEvent('Opened')] });

      // Round 1: everyone decided on version 1, so exactly one may win.
      const round = await settle(Array.from({ length: 20 }, () => store.append({ streamId: id, expectedVersion: 1, events: [anEvent()] })));
      expect(round.ok).toHaveLength(1);
      expect(round.errors).toHaveLength(19);
      round.errors.forEach((e) => expect(e).toBeInstanceOf(ConcurrencyError));

      // Round 2: each writer re-reads and retries until its event is in.
      let conflicts = 0;
      const appended: string[] = [];
      await Promise.all(
        Array.from({ length: 20 }, async (_, writer) => {
          const event = anEvent('Written', { writer });
          for (;;) {
            const { version } = await store.readStream(id);
            try {
              await store.append({ streamId: id, expectedVersion: version, events: [event] });
              appended.push(event.metadata.eventId);
              return;
            } catch (error) {
              if (!(error instanceof ConcurrencyError)) throw error;
              conflicts++;
            }
          }
        }),
      );
      const { version, events } = await store.readStream(id);
      expect(version).toBe(22);
      expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
      const ids = events.map((e) => e.metadata.eventId);
      expect(new Set(ids).size).toBe(22);
      appended.forEach((eventId) => expect(ids).toContain(eventId));
      if (caps.concurrentTransactions) expect(conflicts).toBeGreaterThan(0);
    });

    it('retrying an append with the same event ids stores nothing twice', async () => {
      const id = stream();
      const events = [anEvent('A'), anEvent('B')];
      const first = await store.append({ streamId: id, expectedVersion: 'no_stream', events });
      const retry = await store.append({ streamId: id, expectedVersion: 'no_stream', events });
      expect(retry).toMatchObject({ streamId: id, version: 2, duplicate: true, lastPosition: first.lastPosition });
      const retryAny = await store.append({ streamId: id, expectedVersion: 'any', events });
      expect(retryAny.duplicate).toBe(true);
      // Concurrent retries of one append: still stored once.
      const other = stream();
      const batch = [anEvent('C')];
      const racing = await settle(Array.from({ length: 5 }, () => store.append({ streamId: other, expectedVersion: 'no_stream', events: batch })));
      expect(racing.errors).toEqual([]);
      expect((await store.readStream(id)).events).toHaveLength(2);
      expect((await store.readStream(other)).events).toHaveLength(1);
    });

    it('refuses, whole, an append that reuses some stored event ids', async () => {
      const id = stream();
      const stored = anEvent('A');
      await store.append({ streamId: id, expectedVersion: 'no_stream', events: [stored] });
      const fresh = anEvent('B');
      await expect(store.append({ streamId: id, expectedVersion: 'any', events: [fresh, stored] })).rejects.toBeInstanceOf(DuplicateEventError);
      if (caps.globalEventIdUniqueness !== false) {
        await expect(store.append({ streamId: stream(), expectedVersion: 'any', events: [stored] })).rejects.toBeInstanceOf(DuplicateEventError);
      }
      expect((await store.readStream(id)).events.map((e) => e.type)).toEqual(['A']);
    });

    it('appends to several streams atomically: all or none', async () => {
      const fund = stream('fund');
      const request = stream('request');
      await store.append({ streamId: fund, expectedVersion: 'no_stream', events: [anEvent('FundOpened')] });
      const opened = await store.append({ streamId: request, expectedVersion: 'no_stream', events: [anEvent('RequestSubmitted')] });
      await waitUntilReadable(store, opened.lastPosition);

      const before = await store.headPosition();
      const [fundResult, requestResult] = await store.appendMany([
        { streamId: fund, expectedVersion: 1, events: [anEvent('MoneyReserved')] },
        { streamId: request, expectedVersion: 1, events: [anEvent('RequestApproved')] },
      ]);
      expect(fundResult!.version).toBe(2);
      expect(requestResult!.version).toBe(2);
      await waitUntilReadable(store, requestResult!.lastPosition);
      // One decision, adjacent in the global log: nothing can be read between its two halves.
      const logged = await store.readAll({ after: before, limit: 1000 });
      const mine = logged.flatMap((e, i) => (e.streamId === fund || e.streamId === request ? [i] : []));
      expect(mine).toHaveLength(2);
      expect(mine[1]! - mine[0]!).toBe(1);

      // The second stream's expectation fails: the first stream's events must not stay.
      await expect(
        store.appendMany([
          { streamId: fund, expectedVersion: 2, events: [anEvent('MoneyReserved')] },
          { streamId: request, expectedVersion: 1, events: [anEvent('RequestApproved')] },
        ]),
      ).rejects.toBeInstanceOf(ConcurrencyError);
      expect((await store.readStream(fund)).version).toBe(2);
      expect((await store.readStream(request)).version).toBe(2);

      const retried = await store.appendMany([
        { streamId: fund, expectedVersion: 2, events: [anEvent('MoneyReserved')] },
        { streamId: stream('new'), expectedVersion: 'no_stream', events: [anEvent('Created')] },
      ]);
      expect(retried.map((r) => r.version)).toEqual([3, 1]);
    });

    it('reads all events in global order; paging by position neither skips nor repeats', async () => {
      const start = await store.headPosition();
      const prefix = stream('page');
      const written: string[] = [];
      let last: LogPosition = start;
      for (let i = 0; i < 7; i++) {
        const events = [anEvent('P', { i }), anEvent('P', { i })];
        written.push(...events.map((e) => e.metadata.eventId));
        last = (await store.append({ streamId: `${prefix}-${i % 3}`, expectedVersion: 'any', events })).lastPosition;
      }
      await waitUntilReadable(store, last);
      const seen: RecordedEvent[] = [];
      let after: LogPosition = start;
      for (;;) {
        const page = await store.readAll({ after, limit: 3 });
        if (page.length === 0) break;
        seen.push(...page);
        after = page.at(-1)!.position;
      }
      expectGlobalOrder(seen);
      expect(seen.filter((e) => e.streamId.startsWith(prefix)).map((e) => e.metadata.eventId)).toEqual(written);
      expect(await store.countAfter(start)).toBe(seen.length);
      expect(await store.headPosition()).toEqual(seen.at(-1)!.position);
    });

    it('subscription restart from a checkpoint resumes exactly after the last handled event', async () => {
      const table = `seen_${randomUUID().replace(/-/g, '')}`;
      await h.readDb.query(`CREATE TABLE ${table} (event_id text PRIMARY KEY, n int NOT NULL)`);
      const prefix = stream('sub');
      const handler = {
        name: `contract-${table}`,
        handle: async (events: readonly RecordedEvent[], tx: { query: SqlDatabase['query'] }) => {
          for (const e of events.filter((x) => x.streamId.startsWith(prefix))) {
            await tx.query(`INSERT INTO ${table} (event_id, n) VALUES ($1, $2)`, [e.metadata.eventId, (e.data as { n: number }).n]);
          }
        },
      };
      const appendSome = async (from: number, to: number) => {
        let last: LogPosition = START;
        for (let n = from; n < to; n++) last = (await store.append({ streamId: `${prefix}-${n % 2}`, expectedVersion: 'any', events: [anEvent('S', { n })] })).lastPosition;
        await waitUntilReadable(store, last);
      };
      await appendSome(0, 10);
      await new SubscriptionRunner(store, h.readDb, handler, { batchSize: 4 }).catchUp();
      const runner1 = (await h.readDb.query<{ n: number }>(`SELECT n FROM ${table} ORDER BY n`)).rows.map((r) => r.n);
      expect(runner1).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

      await appendSome(10, 15);
      // A new runner is a restarted process: it must start from the stored checkpoint. A
      // redelivered event would hit the primary key and fail the batch.
      const restarted = new SubscriptionRunner(store, h.readDb, handler, { batchSize: 4 });
      await restarted.catchUp();
      const all = (await h.readDb.query<{ n: number }>(`SELECT n FROM ${table} ORDER BY n`)).rows.map((r) => r.n);
      expect(all).toEqual(Array.from({ length: 15 }, (_, i) => i));
      expect(await restarted.lag()).toBe(0);
    });

    it('a failing handler commits neither its writes nor its checkpoint; the batch is redelivered', async () => {
      const table = `fail_${randomUUID().replace(/-/g, '')}`;
      await h.readDb.query(`CREATE TABLE ${table} (event_id text PRIMARY KEY)`);
      const id = stream('fail');
      await waitUntilReadable(store, (await store.append({ streamId: id, expectedVersion: 'no_stream', events: [anEvent('X'), anEvent('Y')] })).lastPosition);
      let failOnce = true;
      const handler = {
        name: `contract-${table}`,
        handle: async (events: readonly RecordedEvent[], tx: { query: SqlDatabase['query'] }) => {
          for (const e of events.filter((x) => x.streamId === id)) {
            await tx.query(`INSERT INTO ${table} (event_id) VALUES ($1)`, [e.metadata.eventId]);
            if (failOnce && e.type === 'Y') {
              failOnce = false;
              throw new Error('projection crashed mid-batch');
            }
          }
        },
      };
      const runner = new SubscriptionRunner(store, h.readDb, handler);
      await expect(runner.catchUp()).rejects.toThrow('projection crashed mid-batch');
      expect((await h.readDb.query(`SELECT * FROM ${table}`)).rows).toHaveLength(0);
      await runner.catchUp();
      expect((await h.readDb.query(`SELECT * FROM ${table}`)).rows).toHaveLength(2);
    });

    it('upcasts old event shapes on read', async () => {
      const upcasters = new UpcasterRegistry([
        { type: 'AmountRecorded', fromVersion: 1, upcast: (d) => ({ amountCents: Math.round((d.amountDollars as number) * 100) }) },
        { type: 'AmountRecorded', fromVersion: 2, upcast: (d) => ({ ...d, currency: 'USD' }) },
      ]);
      const upcasting = await factory({ upcasters });
      try {
        const id = stream();
        await upcasting.store.append({
          streamId: id,
          expectedVersion: 'no_stream',
          events: [
            { type: 'AmountRecorded', data: { amountDollars: 12.5 }, metadata: meta({ schemaVersion: 1 }) },
            { type: 'AmountRecorded', data: { amountCents: 99, currency: 'USD' }, metadata: meta({ schemaVersion: 3 }) },
          ],
        });
        const { events } = await upcasting.store.readStream(id);
        expect(events.map((e) => [e.metadata.schemaVersion, e.data])).toEqual([
          [3, { amountCents: 1250, currency: 'USD' }],
          [3, { amountCents: 99, currency: 'USD' }],
        ]);
      } finally {
        await upcasting.close();
      }
    });

    if (caps.concurrentTransactions && caps.beforeCommitSeam !== false) {
      it('does not return an event while an append positioned before it is still uncommitted (the sequence-gap race)', async () => {
        let holdNext = false;
        let reached!: () => void;
        let release!: () => void;
        const atCommit = new Promise<void>((r) => (reached = r));
        const gate = new Promise<void>((r) => (release = r));
        const gated = await factory({
          beforeCommit: async () => {
            if (!holdNext) return;
            holdNext = false;
            reached();
            await gate;
          },
        });
        try {
          const head = await gated.store.headPosition();
          const slowId = stream('slow');
          const fastId = stream('fast');
          holdNext = true;
          const slow = gated.store.append({ streamId: slowId, expectedVersion: 'no_stream', events: [anEvent('Slow')] });
          await atCommit; // the slow append holds its position, uncommitted
          const fast = await gated.store.append({ streamId: fastId, expectedVersion: 'no_stream', events: [anEvent('Fast')] });

          // Only this test's streams: `head` is itself fenced, so while some other session in the
          // cluster held a transaction open it may lag behind events earlier tests committed.
          const ours = (events: readonly RecordedEvent[]) => events.filter((e) => e.streamId === slowId || e.streamId === fastId);
          expect(ours(await gated.store.readAll({ after: head, limit: 10_000 }))).toEqual([]);
          const naive = await gated.naiveVisiblePositions?.([slowId, fastId]);
          release();
          const slowResult = await slow;
          // The slow event took the lower position but commits last.
          expect(slowResult.firstGlobalPosition).toBeLessThan(fast.firstGlobalPosition);
          if (naive) {
            // A sequence-order reader saw only the later event while the earlier one was in
            // flight: its checkpoint would pass the slow event, which it then never reads.
            expect(naive).toEqual([fast.firstGlobalPosition]);
          }
          await waitUntilReadable(gated.store, comparePositions(fast.lastPosition, slowResult.lastPosition) > 0 ? fast.lastPosition : slowResult.lastPosition);
          expect(ours(await gated.store.readAll({ after: head, limit: 10_000 })).map((e) => e.type)).toEqual(['Slow', 'Fast']);
        } finally {
          release();
          await gated.close();
        }
      });
    }

    it('no skipped events: a subscriber running throughout sees every event exactly once, in global order', async () => {
      // Some appends hold their transaction open a while before committing, so later
      // positions commit before earlier ones.
      const holding = await factory({
        beforeCommit: async () => {
          if (Math.random() < 0.3) await sleep(Math.random() * 25);
        },
      });
      const prefix = stream('race');
      const controller = new AbortController();
      const seen: RecordedEvent[] = [];
      try {
        const from = await holding.store.headPosition();
        const subscriber = (async () => {
          for await (const batch of holding.store.subscribeToAll({ after: from, limit: 50, pollIntervalMs: 5, signal: controller.signal })) {
            seen.push(...batch.filter((e) => e.streamId.startsWith(prefix)));
          }
        })();

        const writers = 8;
        const appendsPerWriter = 40;
        const written: string[] = [];
        await Promise.all(
          Array.from({ length: writers }, async (_, w) => {
            for (let i = 0; i < appendsPerWriter; i++) {
              const events = Array.from({ length: 1 + (i % 3) }, () => anEvent('Raced', { w, i }));
              await holding.store.append({ streamId: `${prefix}-${w}-${i % 4}`, expectedVersion: 'any', events });
              written.push(...events.map((e) => e.metadata.eventId));
            }
          }),
        );
        const deadline = Date.now() + 30_000;
        while (seen.length < written.length && Date.now() < deadline) await sleep(20);
        await sleep(100); // anything extra (a duplicate) would arrive now
        controller.abort();
        await subscriber;

        const ids = seen.map((e) => e.metadata.eventId);
        expect(ids).toHaveLength(written.length);
        expect(new Set(ids)).toEqual(new Set(written));
        expectGlobalOrder(seen);
        const lastVersion = new Map<string, number>();
        for (const e of seen) {
          expect(e.streamVersion).toBe((lastVersion.get(e.streamId) ?? 0) + 1);
          lastVersion.set(e.streamId, e.streamVersion);
        }
      } finally {
        controller.abort();
        await holding.close();
      }
    });
  });
}
