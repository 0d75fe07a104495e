import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { comparePositions, type RecordedEvent } from '../event';
import type { AppendRequest, AppendResult } from '../event-store';
import { ConcurrencyError, StreamNotFoundError } from '../errors';
import { anEvent, createTestDatabase, describeWithPostgres } from '../testing';
import { PgliteDatabase } from './pglite-database';
import { PostgresDatabase } from './pg-database';
import { SqlEventStore, type SqlEventStoreOptions } from './sql-event-store';
import type { SqlDatabase } from './sql-database';

/**
 * Group commit (ADR 0025): appends that wait while others run go out as one statement. The
 * contract suite proves the store's guarantees with whatever grouping happens to occur; these
 * tests force groups and check that one caller's refusal never touches another's append.
 */
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function groupCommitSuite(name: string, open: () => Promise<{ db: SqlDatabase; close: () => Promise<void> }>): void {
  describe(`group commit: ${name}`, () => {
    let db: SqlDatabase;
    let closeDb: () => Promise<void>;
    beforeAll(async () => {
      ({ db, close: closeDb } = await open());
      await SqlEventStore.create(db); // migrations once; the stores below share the database
    });
    afterAll(async () => closeDb());

    // The store must not close the shared database: each test's store is dropped, not closed.
    const storeOn = (options: SqlEventStoreOptions) => new SqlEventStore(db, options);

    it('a group in one statement: wrong expectations fail, alone and atomically per caller, the others go in', async () => {
      // One statement at a time, the first held open: everything sent meanwhile forms one group.
      let hold = false;
      let reached!: () => void;
      let release!: () => void;
      const atCommit = new Promise<void>((r) => (reached = r));
      const gate = new Promise<void>((r) => (release = r));
      const store = storeOn({
        groupCommit: { maxInFlight: 1 },
        beforeCommit: async () => {
          if (!hold) return;
          hold = false;
          reached();
          await gate;
        },
      });
      const s = (label: string) => `${label}-${randomUUID()}`;
      const [existing, other, fund] = [s('existing'), s('other'), s('fund')];
      await store.append({ streamId: existing, expectedVersion: 'no_stream', events: [anEvent(), anEvent()] });
      await store.append({ streamId: fund, expectedVersion: 'no_stream', events: [anEvent('FundOpened')] });
      const retried = [anEvent('Once')];
      await store.append({ streamId: other, expectedVersion: 'no_stream', events: retried });

      hold = true;
      const first = store.append({ streamId: s('first'), expectedVersion: 'no_stream', events: [anEvent()] });
      await atCommit;
      const before = { ...store.groupCommitStats };
      const fresh = s('fresh');
      const request = s('request');
      const missing = s('missing');
      const sent = {
        wrongExact: store.append({ streamId: existing, expectedVersion: 1, events: [anEvent()] }),
        fresh: store.append({ streamId: fresh, expectedVersion: 'no_stream', events: [anEvent(), anEvent(), anEvent()] }),
        notThere: store.append({ streamId: missing, expectedVersion: 'stream_exists', events: [anEvent()] }),
        // A decision on two streams where the fund's expectation is stale: neither half may land.
        halfWrong: store.appendMany([
          { streamId: request, expectedVersion: 'no_stream', events: [anEvent('RequestApproved')] },
          { streamId: fund, expectedVersion: 7, events: [anEvent('MoneyReserved')] },
        ]),
        retry: store.append({ streamId: other, expectedVersion: 'no_stream', events: retried }),
        any: store.append({ streamId: existing + '-any', expectedVersion: 'any', events: [anEvent()] }),
        // Same stream as `wrongExact`: waits for the next statement rather than join this one.
        rightExact: store.append({ streamId: existing, expectedVersion: 2, events: [anEvent()] }),
      };
      release();
      await first;
      const settled = Object.fromEntries(
        await Promise.all(Object.entries(sent).map(async ([k, p]) => [k, await p.then((v) => ({ ok: v as AppendResult }), (e: unknown) => ({ error: e }))] as const)),
      ) as Record<keyof typeof sent, { ok?: AppendResult; error?: unknown }>;

      expect(settled.wrongExact.error).toBeInstanceOf(ConcurrencyError);
      expect(settled.wrongExact.error).toMatchObject({ expected: '1', actual: 2 });
      expect(settled.notThere.error).toBeInstanceOf(StreamNotFoundError);
      expect(settled.halfWrong.error).toMatchObject({ streamId: fund, expected: '7', actual: 1 });
      expect(settled.fresh.ok).toMatchObject({ streamId: fresh, version: 3, duplicate: false });
      expect(settled.retry.ok).toMatchObject({ streamId: other, version: 1, duplicate: true });
      expect(settled.any.ok).toMatchObject({ version: 1, duplicate: false });
      expect(settled.rightExact.ok).toMatchObject({ streamId: existing, version: 3 });
      // The six went out together; the seventh (same stream as one of them) alone afterwards.
      expect(store.groupCommitStats.groups - before.groups).toBe(1);
      expect(store.groupCommitStats.groupedAppends - before.groupedAppends).toBe(6);

      expect((await store.readStream(request)).version).toBe(0);
      expect((await store.readStream(fund)).version).toBe(1);
      expect((await store.readStream(missing)).version).toBe(0);
      expect((await store.readStream(other)).events).toHaveLength(1);
      const freshRead = await store.readStream(fresh);
      expect(freshRead.events.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
      expect(freshRead.events.at(-1)!.position).toEqual(settled.fresh.ok!.lastPosition);
      expect((await store.readStream(existing)).events.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
    });

    type Op = 'right' | 'stale' | 'ahead' | 'recreate' | 'pairRight' | 'pairStale' | 'hot';
    const op = fc.constantFrom<Op>('right', 'right', 'right', 'stale', 'ahead', 'recreate', 'pairRight', 'pairStale', 'hot', 'hot');

    it('property: many concurrent appenders, some wrong; exactly the wrong ones fail and a subscriber sees every acknowledged event once, in order', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(op, { minLength: 4, maxLength: 10 }), { minLength: 8, maxLength: 14 }),
          fc.boolean(),
          async (plans, holdSome) => {
            // Some runs hold a third of the transactions open a moment, so later positions
            // commit before earlier ones (the sequence-gap race, ADR 0002).
            const store = storeOn({
              pollIntervalMs: 5,
              ...(holdSome ? { beforeCommit: async () => (Math.random() < 0.3 ? sleep(Math.random() * 8) : undefined) } : {}),
            });
            const prefix = `prop-${randomUUID()}`;
            const hot = [0, 1, 2].map((i) => `${prefix}-hot-${i}`);
            const controller = new AbortController();
            const seen: RecordedEvent[] = [];
            const from = await store.headPosition();
            const subscriber = (async () => {
              for await (const batch of store.subscribeToAll({ after: from, limit: 200, pollIntervalMs: 5, signal: controller.signal })) {
                seen.push(...batch.filter((e) => e.streamId.startsWith(prefix)));
              }
            })();
            const acknowledged = new Map<string, AppendResult>(); // event id -> result of its stream
            const groupsBefore = store.groupCommitStats.groups;
            try {
              await Promise.all(
                plans.map(async (plan, w) => {
                  // Each writer owns two streams, so it knows their versions; hot streams are shared ('any').
                  const own = [`${prefix}-w${w}-a`, `${prefix}-w${w}-b`];
                  const version = [0, 0];
                  for (const [i, kind] of plan.entries()) {
                    const k = i % 2;
                    const req = (stream: number, expected: AppendRequest['expectedVersion']): AppendRequest => ({
                      streamId: own[stream]!,
                      expectedVersion: expected,
                      events: Array.from({ length: 1 + ((w + i) % 3) }, () => anEvent('Raced', { w, i })),
                    });
                    const exact = (stream: number) => (version[stream] === 0 ? 'no_stream' : version[stream]!);
                    let requests: AppendRequest[];
                    let mustFail: boolean;
                    switch (kind) {
                      case 'right':
                        [requests, mustFail] = [[req(k, exact(k))], false];
                        break;
                      case 'stale':
                        [requests, mustFail] = [[req(k, Math.max(0, version[k]! - 1))], version[k]! > 0];
                        break;
                      case 'ahead':
                        [requests, mustFail] = [[req(k, version[k]! + 1)], true];
                        break;
                      case 'recreate':
                        [requests, mustFail] = [[req(k, 'no_stream')], version[k]! > 0];
                        break;
                      case 'pairRight':
                        [requests, mustFail] = [[req(0, exact(0)), req(1, exact(1)), { streamId: hot[i % 3]!, expectedVersion: 'any', events: [anEvent('Hot')] }], false];
                        break;
                      case 'pairStale':
                        [requests, mustFail] = [[req(0, exact(0)), req(1, version[1]! + 2)], true];
                        break;
                      case 'hot':
                        [requests, mustFail] = [[{ streamId: hot[(w + i) % 3]!, expectedVersion: 'any', events: [anEvent('Hot')] }], false];
                        break;
                    }
                    let results: AppendResult[];
                    try {
                      results = await store.appendMany(requests);
                    } catch (error) {
                      if (!(error instanceof ConcurrencyError)) throw error;
                      if (!mustFail) throw new Error(`writer ${w} op ${i} (${kind}) failed: ${String(error)}`);
                      continue;
                    }
                    if (mustFail) throw new Error(`writer ${w} op ${i} (${kind}) should have been refused`);
                    results.forEach((result, r) => {
                      const ownIndex = own.indexOf(result.streamId);
                      if (ownIndex >= 0) {
                        expect(result.version).toBe(version[ownIndex]! + requests[r]!.events.length);
                        version[ownIndex] = result.version;
                      }
                      requests[r]!.events.forEach((e) => acknowledged.set(e.metadata.eventId, result));
                    });
                  }
                }),
              );
              const deadline = Date.now() + 30_000;
              while (seen.length < acknowledged.size && Date.now() < deadline) await sleep(10);
              await sleep(30); // a duplicate delivery would arrive now
            } finally {
              controller.abort();
              await subscriber;
            }
            const ids = seen.map((e) => e.metadata.eventId);
            expect(ids).toHaveLength(acknowledged.size);
            expect(new Set(ids)).toEqual(new Set(acknowledged.keys()));
            for (let i = 1; i < seen.length; i++) expect(comparePositions(seen[i - 1]!.position, seen[i]!.position)).toBeLessThan(0);
            const last = new Map<string, number>();
            for (const e of seen) {
              expect(e.streamVersion).toBe((last.get(e.streamId) ?? 0) + 1);
              last.set(e.streamId, e.streamVersion);
              // Each event lies inside the positions its append was told.
              const result = acknowledged.get(e.metadata.eventId)!;
              expect(e.globalPosition).toBeGreaterThanOrEqual(result.firstGlobalPosition);
              expect(comparePositions(e.position, result.lastPosition)).toBeLessThanOrEqual(0);
            }
            // Grouping did happen, or this proved nothing about it.
            expect(store.groupCommitStats.groups).toBeGreaterThan(groupsBefore);
          },
        ),
        { numRuns: 3 },
      );
    });
  });
}

groupCommitSuite('PGlite (embedded)', async () => {
  const db = await PgliteDatabase.open();
  return { db, close: () => db.close() };
});

describeWithPostgres('group commit on PostgreSQL', () => {
  groupCommitSuite('PostgreSQL', async () => {
    const database = await createTestDatabase('es_group');
    const db = new PostgresDatabase({ connectionString: database.url, max: 12 });
    return {
      db,
      close: async () => {
        await db.close();
        await database.drop();
      },
    };
  });
});
