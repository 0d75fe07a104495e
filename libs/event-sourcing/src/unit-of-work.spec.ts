import { followUp, type Decider } from './decider';
import { ConcurrencyError, DomainError } from './errors';
import type { CommandContext, DomainEvent } from './event';
import { openEventStore, type OpenedEventStore } from './open-event-store';
import { runUnitOfWork, toEventsToAppend, type UnitOfWork } from './unit-of-work';
import type { EventStore, ReadStreamOptions, StreamRead } from './event-store';
import { loadStreamState } from './stream-state-cache';
import { streamLocksOf } from './stream-locks';

type Moved = DomainEvent<'Moved', { by: number }>;
type Tally = { total: number };
type Move = { type: 'Move'; data: { by: number; max: number } };
const tally: Decider<Tally, Move, Moved> = {
  initialState: () => ({ total: 0 }),
  evolve: (s, e) => ({ total: s.total + e.data.by }),
  decide: ({ data }, s) => {
    if (s.total + data.by > data.max) throw new DomainError('TALLY.OVER_MAX', 'over max', { total: s.total });
    return [{ type: 'Moved', data: { by: data.by } }];
  },
};
const context: CommandContext = { actor: { userId: 'u1', role: 'coordinator', organizationId: 'coalition' }, correlationId: 'c-1', now: new Date('2026-11-02T10:00:00Z') };
const move = (by: number, max = 100): Move => ({ type: 'Move', data: { by, max } });

// One store for the file: a new embedded database per test cost seconds each. Each test
// names its streams after itself (a1, b1, ...) so no test sees another's events.
describe('runUnitOfWork (embedded store, no mocks)', () => {
  let opened: OpenedEventStore;
  let test = 0;
  const a = () => `a${test}`;
  const b = () => `b${test}`;
  const c = () => `c${test}`;
  beforeAll(async () => {
    opened = await openEventStore({ kind: 'pglite' });
  });
  beforeEach(() => void test++);
  afterAll(async () => opened.store.close());

  it('follows a plan: each follow-up is decided by its decider and appended with the decision, atomically', async () => {
    const { appended } = await runUnitOfWork(opened.store, context, async (uow) => {
      await uow.decide(a(), tally, move(1));
      await uow.follow([followUp(b(), tally, move(2), { protocolVersion: 'p-1' }), followUp(c(), tally, move(3))]);
    });
    expect(appended.map((x) => [x.streamId, x.version])).toEqual([[a(), 1], [b(), 1], [c(), 1]]);
    expect((await opened.store.readStream(b())).events[0]!.metadata.protocolVersion).toBe('p-1');
    expect((await opened.store.readStream(c())).events[0]!.metadata.protocolVersion).toBeUndefined();
  });

  it('writes nothing when a follow-up refuses', async () => {
    await expect(
      runUnitOfWork(opened.store, context, async (uow) => {
        await uow.decide(a(), tally, move(1));
        await uow.follow([followUp(b(), tally, move(5, 4))]);
      }),
    ).rejects.toMatchObject({ code: 'TALLY.OVER_MAX' });
    expect((await opened.store.readStream(a())).version).toBe(0);
  });

  it('lets a later decision on the same stream see what this unit already decided on it', async () => {
    await expect(
      runUnitOfWork(opened.store, context, async (uow) => {
        await uow.decide(a(), tally, move(3, 5));
        await uow.follow([followUp(a(), tally, move(3, 5))]);
      }),
    ).rejects.toMatchObject({ code: 'TALLY.OVER_MAX', details: { total: 3 } });
  });

  it('checks If-Match when the named stream is read, before any rule speaks', async () => {
    await runUnitOfWork(opened.store, context, async (uow) => void (await uow.decide(a(), tally, move(1))));
    await expect(
      runUnitOfWork(opened.store, context, async (uow) => void (await uow.decide(a(), tally, move(500))), { expected: { streamId: a(), version: 0 } }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    const ok = await runUnitOfWork(opened.store, context, async (uow) => void (await uow.decide(a(), tally, move(1))), { expected: { streamId: a(), version: 1 } });
    expect(ok.versionOf(a())).toBe(2);
  });

  const moveOn = (streamId: string, by: number, max: number, maxRetries?: number) =>
    runUnitOfWork(opened.store, context, (uow) => uow.decide(streamId, tally, move(by, max)), maxRetries === undefined ? {} : { maxRetries });

  it('given many commands of this process on one stream at once, then each appends in turn without losing a race, even with no retries allowed', async () => {
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => moveOn(a(), 1, 1_000, 0)));
    expect(outcomes.map((o) => o.versionOf(a())).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await opened.store.readStream(a())).version).toBe(20);
  });

  it('given commands of this process overtaken on the stream they write, then deciding again under the lock reads nothing from the store', async () => {
    await moveOn(b(), 1, 100);
    let loads = 0;
    let tries = 0;
    const counted: CommandContext = { ...context, timing: { add: (phase) => void (phase === 'load' && loads++) } };
    await Promise.all(
      Array.from({ length: 10 }, () =>
        runUnitOfWork(opened.store, counted, async (uow) => {
          tries++;
          await uow.load(b(), tally);
          await uow.decide(a(), tally, move(1, 1_000));
        }),
      ),
    );
    // Every command read b and a once; the ones overtaken decided again on what they had.
    expect(tries).toBeGreaterThan(10);
    expect(loads).toBe(20);
    expect((await opened.store.readStream(a())).version).toBe(10);
  });

  it('given more commands than the rule admits, then exactly the admitted ones append and the rest are refused by the rule, not by a race', async () => {
    const outcomes = await Promise.allSettled(Array.from({ length: 25 }, () => moveOn(a(), 1, 20)));
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => (o.reason as DomainError).code);
    expect(refused).toEqual(Array(5).fill('TALLY.OVER_MAX'));
    const { events } = await opened.store.readStream<Moved>(a());
    expect(events.reduce((n, e) => n + e.data.by, 0)).toBe(20);
  });

  it('given another process appended after the state this process kept, then a decision on the kept state is refused by the append and taken again on the stored state', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let tries = 0;
    const seen: number[] = [];
    // X decides first but waits; meanwhile Y (this process) and another process each add 1.
    const x = runUnitOfWork(opened.store, context, async (uow) => {
      tries++;
      seen.push((await uow.load(a(), tally)).state.total);
      await uow.decide(a(), tally, move(1, 2));
      if (tries === 1) await gate;
    });
    await new Promise((resolve) => setImmediate(resolve));
    await moveOn(a(), 1, 2);
    await opened.store.append({ streamId: a(), expectedVersion: 1, events: toEventsToAppend([{ type: 'Moved', data: { by: 1 } }], context, 'elsewhere') });
    release();
    // On the kept state (total 1) X would fit under the max; on the stored state (total 2) it does not.
    await expect(x).rejects.toMatchObject({ code: 'TALLY.OVER_MAX', details: { total: 2 } });
    expect(seen).toEqual([0, 1, 2]);
    const { events } = await opened.store.readStream<Moved>(a());
    expect(events.reduce((n, e) => n + e.data.by, 0)).toBe(2);
  });

  it('given another process wins the race for a stream, then only the stream that moved is read again and the decision is taken on it', async () => {
    await moveOn(b(), 5, 100);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const loads: string[] = [];
    let tries = 0;
    const timed: CommandContext = { ...context, timing: { add: (phase) => void (phase === 'load' && loads.push(`try ${tries}`)) } };
    const outcome = runUnitOfWork(opened.store, timed, async (uow) => {
      tries++;
      const { state: limit } = await uow.load(b(), tally);
      await uow.decide(a(), tally, move(1, limit.total));
      await uow.decide(c(), tally, move(1));
      if (tries === 1) await gate;
    });
    await new Promise((resolve) => setImmediate(resolve));
    await opened.store.append({ streamId: a(), expectedVersion: 'no_stream', events: toEventsToAppend(Array(4).fill({ type: 'Moved', data: { by: 1 } }), context, 'elsewhere') });
    release();
    await outcome;
    // b (read) and c (written, unmoved) are reused; a is read again.
    expect(loads).toEqual(['try 1', 'try 1', 'try 1', 'try 2']);
    const { events } = await opened.store.readStream<Moved>(a());
    expect(events.reduce((n, e) => n + e.data.by, 0)).toBe(5);
  });

  it('given one command failing with an error of its own, then the commands queued behind it on the stream still append', async () => {
    const failing = runUnitOfWork(opened.store, context, async (uow) => {
      await uow.decide(a(), tally, move(1));
      throw new Error('disk full');
    });
    const outcomes = await Promise.allSettled([moveOn(a(), 1, 100), failing, moveOn(a(), 1, 100), moveOn(a(), 1, 100)]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((await opened.store.readStream(a())).version).toBe(3);
  });

  it('keeps no lock once the commands are done', () => {
    expect(streamLocksOf(opened.store).size).toBe(0);
  });
});

describe('a unit of work reads the streams asked for together in one round (embedded store)', () => {
  let opened: OpenedEventStore;
  beforeAll(async () => {
    opened = await openEventStore({ kind: 'pglite' });
    await opened.store.append({ streamId: 'r-a', expectedVersion: 'no_stream', events: toEventsToAppend(Array(2).fill({ type: 'Moved', data: { by: 2 } }), context, 'setup-a') });
    await opened.store.append({ streamId: 'r-b', expectedVersion: 'no_stream', events: toEventsToAppend([{ type: 'Moved', data: { by: 5 } }], context, 'setup-b') });
  });
  afterAll(async () => opened.store.close());

  /** The store seen through a counter of its reads; a new view has its own state cache, so it starts cold. */
  function counting(withReadStreams = true) {
    const calls: string[][] = [];
    const store = opened.store;
    const view: EventStore = Object.assign(Object.create(store) as EventStore, {
      readStream: (streamId: string, options?: ReadStreamOptions) => {
        calls.push([streamId]);
        return store.readStream(streamId, options);
      },
      readStreams: withReadStreams
        ? (reads: readonly StreamRead[]) => {
            calls.push(reads.map((r) => `${r.streamId}@${r.fromVersion ?? 1}`));
            return store.readStreams!(reads);
          }
        : undefined,
    });
    return { view, calls };
  }

  const readAll = (uow: UnitOfWork) =>
    Promise.all([
      uow.load('r-a', tally),
      uow.load('r-b', tally),
      uow.load('r-empty', tally),
      // An async helper that loads after a resolved await still joins the round.
      (async () => {
        await Promise.resolve();
        return uow.load('r-b2', tally);
      })(),
    ]);

  it('given loads started together, then one readStreams call answers them with the states one read per stream gives, and the next unit reads only what is new', async () => {
    const { view, calls } = counting();
    const first = await runUnitOfWork(view, context, readAll);
    expect(calls).toEqual([['r-a@1', 'r-b@1', 'r-empty@1', 'r-b2@1']]);
    const oneByOne = await Promise.all(['r-a', 'r-b', 'r-empty', 'r-b2'].map((id) => loadStreamState(opened.store, id, tally)));
    expect(first.result).toEqual(oneByOne);
    expect(first.result.map((l) => [l.state.total, l.version])).toEqual([[4, 2], [5, 1], [0, 0], [0, 0]]);

    await opened.store.append({ streamId: 'r-a', expectedVersion: 2, events: toEventsToAppend([{ type: 'Moved', data: { by: 1 } }], context, 'later-a') });
    calls.length = 0;
    const second = await runUnitOfWork(view, context, readAll);
    // Cached streams are read from the version after the one kept; empty streams are not kept.
    expect(calls).toEqual([['r-a@3', 'r-b@2', 'r-empty@1', 'r-b2@1']]);
    expect(second.result.map((l) => [l.state.total, l.version])).toEqual([[5, 3], [5, 1], [0, 0], [0, 0]]);
  });

  it('given a store without readStreams, then each stream is read alone, with the same states', async () => {
    const { view, calls } = counting(false);
    const { result } = await runUnitOfWork(view, context, readAll);
    expect(calls.sort()).toEqual([['r-a'], ['r-b'], ['r-b2'], ['r-empty']]);
    expect(result.map((l) => [l.state.total, l.version])).toEqual([[5, 3], [5, 1], [0, 0], [0, 0]]);
  });

  it('given the same stream asked twice in one round, then it is read once and both loads get its state', async () => {
    const { view, calls } = counting();
    const { result } = await runUnitOfWork(view, context, (uow) => Promise.all([uow.load('r-a', tally), uow.load('r-a', tally), uow.load('r-b', tally)]));
    expect(calls).toEqual([['r-a@1', 'r-b@1']]);
    expect(result.map((l) => l.version)).toEqual([3, 3, 1]);
  });

  it('given the round fails, then every load in it fails with the error and nothing is appended', async () => {
    const { view } = counting();
    const failing: EventStore = Object.assign(Object.create(view) as EventStore, { readStreams: () => Promise.reject(new Error('connection lost')) });
    await expect(runUnitOfWork(failing, context, async (uow) => {
      await Promise.all([uow.load('r-a', tally), uow.decide('r-new', tally, move(1))]);
    })).rejects.toThrow('connection lost');
    expect((await opened.store.readStream('r-new')).version).toBe(0);
  });
});
