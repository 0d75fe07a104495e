import { randomUUID } from 'node:crypto';
import { ANY } from '@kurrent/kurrentdb-client';
import type { LogPosition, RecordedEvent } from '../event';
import { START, comparePositions } from '../event';
import { ConcurrencyError, DuplicateEventError, StreamNotFoundError } from '../errors';
import { PgliteDatabase } from '../sql/pglite-database';
import { SubscriptionRunner } from '../subscriptions/subscription-runner';
import { UpcasterRegistry } from '../upcasting';
import { anEvent, meta } from '../testing';
import { isKurrentDbUrl, redactKurrentDbUrl } from './connection-string';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { openKurrentDbEventStore } from './index';
import { KurrentDbPositionOutOfRangeError, MultiStreamAppendUnsupportedError } from './kurrentdb-errors';
import type { KurrentSubscription } from './kurrentdb-client-port';
import { prepareKurrentDbReadStore } from './read-store';
import { FakeKurrentDbClient, type FakeKurrentDbOptions } from './testing/fake-kurrentdb-client';

/**
 * The adapter's own logic (look-then-write appends, read-back positions, batching the
 * subscription) against an in-memory fake of the server. The fake encodes what the server's
 * source says it does; the real server is only exercised by kurrentdb-event-store.int-spec.ts.
 */
function setup(options: FakeKurrentDbOptions & { idempotencyWindow?: number; upcasters?: UpcasterRegistry } = {}) {
  const fake = new FakeKurrentDbClient(options);
  const store = new KurrentDbEventStore(fake, options);
  return { fake, store };
}

const stream = (label = 'thing') => `${label}-${randomUUID()}`;

async function collect(store: KurrentDbEventStore, after: LogPosition = START): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: out.at(-1)?.position ?? after, limit: 3 });
    if (page.length === 0) return out;
    out.push(...page);
  }
}

describe('KurrentDbEventStore: appending and reading a stream', () => {
  it('reads back every field; the answer carries the positions the events really got', async () => {
    const { fake, store } = setup();
    const id = stream();
    const first = anEvent('RequestSubmitted', { amountCents: 4500 });
    const second = { ...anEvent('RequestApproved'), metadata: meta({ causationId: first.metadata.eventId, protocolVersion: 'p-2026.1' }) };
    const result = await store.append({ streamId: id, expectedVersion: 'no_stream', events: [first, second] });
    const { version, events } = await store.readStream(id);

    expect(version).toBe(2);
    expect(events.map((e) => [e.type, e.streamVersion, e.data])).toEqual([
      ['RequestSubmitted', 1, { amountCents: 4500 }],
      ['RequestApproved', 2, { amountCents: 1250 }],
    ]);
    expect(events.map((e) => e.metadata)).toEqual([first.metadata, second.metadata]);
    // The server answers with one position for the write; the adapter reads the events back.
    expect(result).toEqual({
      streamId: id,
      version: 2,
      firstGlobalPosition: events[0]!.globalPosition,
      lastPosition: events[1]!.position,
      duplicate: false,
    });
    expect(fake.log.at(-2)!.position.prepare).toBe(BigInt(events[0]!.globalPosition));
  });

  it('reads forward from a version with a maximum count; the version is the whole stream’s; a missing stream is version 0', async () => {
    const { store } = setup();
    const id = stream();
    await store.append({ streamId: id, expectedVersion: 'no_stream', events: [1, 2, 3, 4, 5].map((n) => anEvent('N', { n })) });
    expect(await store.readStream(id, { fromVersion: 3, maxCount: 2 })).toMatchObject({ version: 5, events: [{ data: { n: 3 } }, { data: { n: 4 } }] });
    expect((await store.readStream(id, { fromVersion: 4 })).events.map((e) => e.streamVersion)).toEqual([4, 5]);
    expect(await store.readStream(id, { fromVersion: Number.MAX_SAFE_INTEGER })).toEqual({ version: 5, events: [] });
    expect(await store.readStream(id, { fromVersion: 9, maxCount: 3 })).toEqual({ version: 5, events: [] });
    expect(await store.readStream(stream('missing'))).toEqual({ version: 0, events: [] });
  });

  it('upcasts old shapes on read', async () => {
    const upcasters = new UpcasterRegistry([{ type: 'AmountRecorded', fromVersion: 1, upcast: (d) => ({ amountCents: (d.amountDollars as number) * 100 }) }]);
    const { store } = setup({ upcasters });
    const id = stream();
    await store.append({ streamId: id, expectedVersion: 'any', events: [{ type: 'AmountRecorded', data: { amountDollars: 3 }, metadata: meta() }] });
    const [event] = (await store.readStream(id)).events;
    expect([event!.metadata.schemaVersion, event!.data]).toEqual([2, { amountCents: 300 }]);
  });

  it('refuses what KurrentDB reserves or cannot store, before sending anything', async () => {
    const { fake, store } = setup();
    const bad = [
      { streamId: '$ce-fund', expectedVersion: 'any' as const, events: [anEvent()] },
      { streamId: stream(), expectedVersion: 'any' as const, events: [anEvent('$metadata')] },
      { streamId: stream(), expectedVersion: 'any' as const, events: [{ ...anEvent(), metadata: meta({ eventId: 'not-a-uuid' }) }] },
      { streamId: stream(), expectedVersion: 'any' as const, events: [] },
      { streamId: stream(), expectedVersion: -1, events: [anEvent()] },
    ];
    for (const request of bad) await expect(store.append(request)).rejects.toThrow();
    const twice = anEvent();
    await expect(store.append({ streamId: stream(), expectedVersion: 'any', events: [twice, twice] })).rejects.toThrow('appears twice');
    expect(fake.calls.appendToStream).toBe(0);
  });
});

describe('KurrentDbEventStore: expected versions', () => {
  it('a wrong exact version is a ConcurrencyError naming both versions, and nothing is written', async () => {
    const { fake, store } = setup();
    const id = stream();
    await store.append({ streamId: id, expectedVersion: 'no_stream', events: [anEvent(), anEvent()] });
    const attempt = store.append({ streamId: id, expectedVersion: 1, events: [anEvent()] });
    await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(attempt).rejects.toMatchObject({ expected: '1', actual: 2 });
    expect(fake.log).toHaveLength(2);
  });

  it('no_stream fails on an existing stream, stream_exists on a missing one; any always appends', async () => {
    const { store } = setup();
    const id = stream();
    await store.append({ streamId: id, expectedVersion: 'no_stream', events: [anEvent()] });
    await expect(store.append({ streamId: id, expectedVersion: 'no_stream', events: [anEvent()] })).rejects.toMatchObject({ actual: 1 });
    await expect(store.append({ streamId: stream(), expectedVersion: 'stream_exists', events: [anEvent()] })).rejects.toBeInstanceOf(StreamNotFoundError);
    expect((await store.append({ streamId: id, expectedVersion: 'stream_exists', events: [anEvent()] })).version).toBe(2);
    expect((await store.append({ streamId: id, expectedVersion: 'any', events: [anEvent()] })).version).toBe(3);
    expect((await store.append({ streamId: id, expectedVersion: 3, events: [anEvent()] })).version).toBe(4);
  });

  it('two racing creators of one stream: exactly one wins, the other gets a ConcurrencyError', async () => {
    const { store } = setup();
    const id = stream();
    const results = await Promise.allSettled([
      store.append({ streamId: id, expectedVersion: 'no_stream', events: [anEvent('Created', { by: 'a' })] }),
      store.append({ streamId: id, expectedVersion: 'no_stream', events: [anEvent('Created', { by: 'b' })] }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [rejected] = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected!.reason).toBeInstanceOf(ConcurrencyError);
    expect(rejected!.reason).toMatchObject({ actual: 1 });
  });

  it('`any` writes again when another writer moved the stream between the look and the write', async () => {
    const { fake, store } = setup();
    const id = stream();
    await store.append({ streamId: id, expectedVersion: 'no_stream', events: [anEvent('Opened')] });
    let slipIn = true;
    fake.beforeAppend = async () => {
      if (!slipIn) return;
      slipIn = false;
      await store.append({ streamId: id, expectedVersion: 1, events: [anEvent('Other')] });
    };
    const result = await store.append({ streamId: id, expectedVersion: 'any', events: [anEvent('Mine')] });
    expect(result.version).toBe(3);
    expect((await store.readStream(id)).events.map((e) => e.type)).toEqual(['Opened', 'Other', 'Mine']);
  });

  it('an exact expectation does not: the writer that moved the stream wins, the error names the new version', async () => {
    const { fake, store } = setup();
    const id = stream();
    await store.append({ streamId: id, expectedVersion: 'no_stream', events: [anEvent('Opened')] });
    let slipIn = true;
    fake.beforeAppend = async () => {
      if (!slipIn) return;
      slipIn = false;
      await store.append({ streamId: id, expectedVersion: 1, events: [anEvent('Other'), anEvent('Other')] });
    };
    await expect(store.append({ streamId: id, expectedVersion: 1, events: [anEvent('Mine')] })).rejects.toMatchObject({
      code: 'EVENT_STORE.CONCURRENCY_CONFLICT',
      expected: '1',
      actual: 3,
    });
  });
});

describe('KurrentDbEventStore: retries with the same event ids', () => {
  it('answer duplicate: true with the original version and positions, and write nothing', async () => {
    const { fake, store } = setup();
    const id = stream();
    const events = [anEvent('A'), anEvent('B')];
    const first = await store.append({ streamId: id, expectedVersion: 'no_stream', events });
    await store.append({ streamId: id, expectedVersion: 2, events: [anEvent('C')] });
    for (const expectedVersion of ['no_stream', 'any', 'stream_exists', 0] as const) {
      const retry = await store.append({ streamId: id, expectedVersion, events });
      expect(retry).toEqual({ ...first, duplicate: true });
    }
    expect(fake.log).toHaveLength(3);
  });

  it('are recognised after a server restart, which forgets the ids an `any` append is checked against', async () => {
    const { fake, store } = setup();
    const id = stream();
    const events = [anEvent('A')];
    await store.append({ streamId: id, expectedVersion: 'any', events });
    fake.forgetRecentIds();
    expect((await store.append({ streamId: id, expectedVersion: 'any', events })).duplicate).toBe(true);
    expect(fake.log).toHaveLength(1);
    // Why the adapter looks first: the server alone would store the copy.
    await fake.appendToStream(id, [{ id: events[0]!.metadata.eventId, contentType: 'application/json', type: 'A', data: {}, metadata: undefined }], {
      streamState: ANY,
    });
    expect(fake.log).toHaveLength(2);
  });

  it('racing copies of one append are stored once, without errors, for exact and `any` expectations', async () => {
    const { fake, store } = setup();
    for (const expectedVersion of ['no_stream', 'any'] as const) {
      const id = stream();
      const batch = [anEvent('C'), anEvent('D')];
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => store.append({ streamId: id, expectedVersion, events: batch })));
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect((await store.readStream(id)).events).toHaveLength(2);
    }
    expect(fake.log).toHaveLength(4);
  });

  it('an exact expectation finds its events even when the stream has moved far past them', async () => {
    const { store } = setup({ idempotencyWindow: 2 });
    const id = stream();
    const events = [anEvent('A')];
    await store.append({ streamId: id, expectedVersion: 'no_stream', events });
    for (let v = 1; v <= 5; v++) await store.append({ streamId: id, expectedVersion: v, events: [anEvent('Later')] });
    expect(await store.append({ streamId: id, expectedVersion: 'no_stream', events })).toMatchObject({ version: 1, duplicate: true });
  });

  it('documented limit: an `any` retry older than the idempotency window is written again', async () => {
    const { store } = setup({ idempotencyWindow: 2 });
    const id = stream();
    const events = [anEvent('A')];
    await store.append({ streamId: id, expectedVersion: 'any', events });
    for (let i = 0; i < 3; i++) await store.append({ streamId: id, expectedVersion: 'any', events: [anEvent('Later')] });
    expect((await store.append({ streamId: id, expectedVersion: 'any', events })).duplicate).toBe(false);
  });

  it('refuses, whole, an append that reuses some stored ids', async () => {
    const { fake, store } = setup();
    const id = stream();
    const stored = anEvent('A');
    await store.append({ streamId: id, expectedVersion: 'no_stream', events: [stored] });
    await expect(store.append({ streamId: id, expectedVersion: 'any', events: [anEvent('B'), stored] })).rejects.toBeInstanceOf(DuplicateEventError);
    await expect(store.append({ streamId: id, expectedVersion: 1, events: [stored, anEvent('B')] })).rejects.toBeInstanceOf(DuplicateEventError);
    expect(fake.log).toHaveLength(1);
  });
});

describe('KurrentDbEventStore: several streams in one decision', () => {
  it('appends atomically with the multi-stream append; a failing expectation writes nothing', async () => {
    const { fake, store } = setup();
    const fund = stream('fund');
    const request = stream('request');
    await store.append({ streamId: fund, expectedVersion: 'no_stream', events: [anEvent('FundOpened')] });
    await store.append({ streamId: request, expectedVersion: 'no_stream', events: [anEvent('RequestSubmitted')] });
    const reserve = anEvent('MoneyReserved');
    const approve = anEvent('RequestApproved');
    const results = await store.appendMany([
      { streamId: fund, expectedVersion: 1, events: [reserve] },
      { streamId: request, expectedVersion: 1, events: [approve] },
    ]);
    expect(results.map((r) => [r.version, r.duplicate])).toEqual([
      [2, false],
      [2, false],
    ]);
    expect(fake.calls.multiStreamAppend).toBe(1);
    // Read back through the v1 API with the server's $schema.* keys: still our metadata.
    expect((await store.readStream(fund)).events[1]!.metadata).toEqual(reserve.metadata);

    await expect(
      store.appendMany([
        { streamId: fund, expectedVersion: 2, events: [anEvent('MoneyReserved')] },
        { streamId: request, expectedVersion: 1, events: [anEvent('RequestApproved')] },
      ]),
    ).rejects.toMatchObject({ streamId: request, expected: '1', actual: 2 });
    expect(fake.log).toHaveLength(4);

    const retry = await store.appendMany([
      { streamId: fund, expectedVersion: 1, events: [reserve] },
      { streamId: request, expectedVersion: 1, events: [approve] },
    ]);
    expect(retry).toEqual(results.map((r) => ({ ...r, duplicate: true })));
    await expect(
      store.appendMany([
        { streamId: fund, expectedVersion: 1, events: [reserve] },
        { streamId: stream('new'), expectedVersion: 'no_stream', events: [anEvent('Created')] },
      ]),
    ).rejects.toBeInstanceOf(DuplicateEventError);
    expect(fake.log).toHaveLength(4);
  });

  it('a racing writer between the look and the multi-stream write: looks again, then conflicts', async () => {
    const { fake, store } = setup();
    const fund = stream('fund');
    const request = stream('request');
    let slipIn = true;
    fake.beforeAppend = async () => {
      if (!slipIn) return;
      slipIn = false;
      await store.append({ streamId: request, expectedVersion: 'no_stream', events: [anEvent('Raced')] });
    };
    await expect(
      store.appendMany([
        { streamId: fund, expectedVersion: 'no_stream', events: [anEvent()] },
        { streamId: request, expectedVersion: 'no_stream', events: [anEvent()] },
      ]),
    ).rejects.toMatchObject({ streamId: request, actual: 1 });
    expect((await store.readStream(fund)).version).toBe(0);
  });

  it('on a server without multi-stream appends, refuses several streams (never one by one) but still appends one', async () => {
    const { fake, store } = setup({ multiStreamAppend: false });
    await expect(store.assertMultiStreamAppendSupported()).rejects.toBeInstanceOf(MultiStreamAppendUnsupportedError);
    await expect(
      store.appendMany([
        { streamId: stream('fund'), expectedVersion: 'no_stream', events: [anEvent()] },
        { streamId: stream('request'), expectedVersion: 'no_stream', events: [anEvent()] },
      ]),
    ).rejects.toMatchObject({ code: 'EVENT_STORE.MULTI_STREAM_APPEND_UNSUPPORTED', minimumVersion: '25.1' });
    expect(fake.log).toHaveLength(0);
    expect((await store.appendMany([{ streamId: stream(), expectedVersion: 'no_stream', events: [anEvent()] }]))[0]!.version).toBe(1);
    await expect(setup().store.assertMultiStreamAppendSupported()).resolves.toBeUndefined();
  });
});

describe('KurrentDbEventStore: the global log', () => {
  it('reads $all in order without system events; paging by position neither skips nor repeats', async () => {
    const { fake, store } = setup();
    expect(await store.headPosition()).toEqual(START);
    const written: string[] = [];
    for (let i = 0; i < 7; i++) {
      const events = [anEvent('P', { i }), anEvent('P', { i })];
      written.push(...events.map((e) => e.metadata.eventId));
      await store.append({ streamId: `page-${i % 3}`, expectedVersion: 'any', events });
      if (i % 2 === 0) fake.appendSystemEvent();
    }
    const seen = await collect(store);
    expect(seen.map((e) => e.metadata.eventId)).toEqual(written);
    for (let i = 1; i < seen.length; i++) expect(comparePositions(seen[i - 1]!.position, seen[i]!.position)).toBeLessThan(0);
    expect(await store.headPosition()).toEqual(seen.at(-1)!.position);
    expect(await store.countAfter(START)).toBe(14);
    expect(await store.countAfter(seen[9]!.position)).toBe(4);
    expect(await store.countAfter(START, 5)).toBe(5);
    expect(await store.readAll({ after: seen.at(-1)!.position, limit: 10 })).toEqual([]);
    expect(await store.readAll({ limit: 0 })).toEqual([]);
  });

  it('refuses a position beyond 2^53 instead of rounding it', async () => {
    const { store } = setup({ firstPosition: BigInt(Number.MAX_SAFE_INTEGER) - 50n });
    await expect(store.append({ streamId: stream(), expectedVersion: 'any', events: [anEvent()] })).resolves.toBeDefined();
    await expect(store.append({ streamId: stream(), expectedVersion: 'any', events: [anEvent()] })).rejects.toBeInstanceOf(
      KurrentDbPositionOutOfRangeError,
    );
    await expect(store.readAll({ limit: 10 })).rejects.toBeInstanceOf(KurrentDbPositionOutOfRangeError);
  });
});

describe('KurrentDbEventStore: subscribing to $all', () => {
  it('catches up, then delivers live appends, in order, in batches of at most `limit`, after the start position', async () => {
    const { fake, store } = setup();
    const before = [1, 2, 3, 4, 5].map((n) => anEvent('S', { n }));
    for (const e of before) await store.append({ streamId: stream(), expectedVersion: 'no_stream', events: [e] });
    fake.appendSystemEvent();
    const [skipped] = await store.readAll({ limit: 1 });
    const controller = new AbortController();
    const batches: RecordedEvent[][] = [];
    const done = (async () => {
      for await (const batch of store.subscribeToAll({ after: skipped!.position, limit: 2, signal: controller.signal })) {
        batches.push(batch);
        if (batches.flat().length === 5) controller.abort();
      }
    })();
    await new Promise((r) => setTimeout(r, 20));
    await store.append({ streamId: stream(), expectedVersion: 'no_stream', events: [anEvent('S', { n: 6 })] });
    await done;
    expect(batches.flat().map((e) => (e.data as { n: number }).n)).toEqual([2, 3, 4, 5, 6]);
    expect(batches.every((b) => b.length >= 1 && b.length <= 2)).toBe(true);
    expect(fake.liveSubscriptions).toBe(0);
  });

  it('pauses the server while the consumer is behind, and resumes it', async () => {
    const { fake, store } = setup();
    for (let n = 0; n < 40; n++) await store.append({ streamId: stream(), expectedVersion: 'any', events: [anEvent('S', { n })] });
    const calls = { pause: 0, resume: 0 };
    const subscribe = fake.subscribeToAll.bind(fake);
    jest.spyOn(fake, 'subscribeToAll').mockImplementation((options) => {
      const subscription: KurrentSubscription = subscribe(options);
      const { pause, resume } = subscription;
      subscription.pause = () => {
        calls.pause++;
        return pause.call(subscription);
      };
      subscription.resume = () => {
        calls.resume++;
        return resume.call(subscription);
      };
      return subscription;
    });
    const controller = new AbortController();
    const seen: number[] = [];
    for await (const batch of store.subscribeToAll({ limit: 3, signal: controller.signal })) {
      await new Promise((r) => setTimeout(r, 2)); // a slow projection
      seen.push(...batch.map((e) => (e.data as { n: number }).n));
      if (seen.length === 40) controller.abort();
    }
    expect(seen).toEqual(Array.from({ length: 40 }, (_, n) => n));
    expect(calls.pause).toBeGreaterThan(0);
    expect(calls.resume).toBeGreaterThan(0);
  });

  it('a dropped subscription ends the iteration with the error (the runner restarts from its checkpoint)', async () => {
    const { fake, store } = setup();
    await store.append({ streamId: stream(), expectedVersion: 'any', events: [anEvent()] });
    const controller = new AbortController();
    const consume = (async () => {
      for await (const _batch of store.subscribeToAll({ signal: controller.signal })) fake.failSubscriptions(new Error('connection reset'));
    })();
    await expect(consume).rejects.toThrow('connection reset');
    expect(fake.liveSubscriptions).toBe(0);
  });

  it('close() ends running subscriptions and disposes the client', async () => {
    const { fake, store } = setup();
    const controller = new AbortController();
    const consume = (async () => {
      for await (const _batch of store.subscribeToAll({ signal: controller.signal })) void _batch;
      return 'ended';
    })();
    await new Promise((r) => setTimeout(r, 10));
    await store.close();
    await expect(consume).resolves.toBe('ended');
    expect(fake.disposed).toBe(true);
    controller.abort();
  });

  it('an aborted signal yields nothing', async () => {
    const { store } = setup();
    const controller = new AbortController();
    controller.abort();
    for await (const _batch of store.subscribeToAll({ signal: controller.signal })) throw new Error('delivered after abort');
  });
});

describe('KurrentDbEventStore with checkpoints in SQL (the read store)', () => {
  it('a restarted runner resumes exactly after its checkpoint', async () => {
    const { store } = setup();
    const readDb = await PgliteDatabase.open();
    try {
      await prepareKurrentDbReadStore(readDb);
      await prepareKurrentDbReadStore(readDb); // idempotent at every start
      await readDb.query('CREATE TABLE seen (event_id text PRIMARY KEY, n int NOT NULL)');
      const handler = {
        name: 'contract-seen',
        handle: async (events: readonly RecordedEvent[], tx: { query: PgliteDatabase['query'] }) => {
          for (const e of events) await tx.query('INSERT INTO seen (event_id, n) VALUES ($1, $2)', [e.metadata.eventId, (e.data as { n: number }).n]);
        },
      };
      for (let n = 0; n < 5; n++) await store.append({ streamId: `sub-${n % 2}`, expectedVersion: 'any', events: [anEvent('S', { n })] });
      await new SubscriptionRunner(store, readDb, handler, { batchSize: 2 }).catchUp();
      for (let n = 5; n < 8; n++) await store.append({ streamId: `sub-${n % 2}`, expectedVersion: 'any', events: [anEvent('S', { n })] });
      const restarted = new SubscriptionRunner(store, readDb, handler, { batchSize: 2 });
      await restarted.catchUp();
      expect((await readDb.query<{ n: number }>('SELECT n FROM seen ORDER BY n')).rows.map((r) => r.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(await restarted.lag()).toBe(0);
    } finally {
      await readDb.close();
    }
  });
});

describe('openKurrentDbEventStore (the real client, no server)', () => {
  it('refuses a connection string the client would not understand', async () => {
    await expect(openKurrentDbEventStore('postgres://localhost/events')).rejects.toThrow('kurrentdb://host:2113?tls=false');
    expect(isKurrentDbUrl('kurrentdb+discover://node1:2113,node2:2113?tls=true')).toBe(true);
    expect(isKurrentDbUrl('esdb://localhost:2113')).toBe(true);
  });

  it('an unreachable server is a clear error at open, naming the host but never the password', async () => {
    const attempt = openKurrentDbEventStore('kurrentdb://admin:changeit@127.0.0.1:1?tls=false');
    await expect(attempt).rejects.toThrow(/KurrentDB at kurrentdb:\/\/\*\*\*@127\.0\.0\.1:1\?tls=false did not answer/);
    await expect(attempt).rejects.not.toThrow(/changeit/);
    expect(redactKurrentDbUrl('kurrentdb://127.0.0.1:2113')).toBe('kurrentdb://127.0.0.1:2113');
  });
});
