import { followUp, type Decider } from './decider';
import { ConcurrencyError, DomainError } from './errors';
import type { CommandContext, DomainEvent } from './event';
import { openEventStore, type OpenedEventStore } from './open-event-store';
import { runUnitOfWork } from './unit-of-work';

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
});
