import { DomainError } from './errors';
import type { Decider } from './decider';
import type { CommandContext, DomainEvent } from './event';
import { handleCommand } from './handle-command';
import { openEventStore, type OpenedEventStore } from './open-event-store';
import { ConcurrencyError } from './errors';

type CounterEvent = DomainEvent<'Incremented', { by: number }>;
type Counter = { total: number };
const counter: Decider<Counter, { by: number; max: number }, CounterEvent> = {
  initialState: () => ({ total: 0 }),
  evolve: (s, e) => ({ total: s.total + e.data.by }),
  decide: (c, s) => {
    if (s.total + c.by > c.max) throw new DomainError('COUNTER.OVER_MAX', 'over max', { available: c.max - s.total });
    return [{ type: 'Incremented', data: { by: c.by } }];
  },
};

const context = (idempotencyKey?: string): CommandContext => ({
  actor: { userId: 'u1', role: 'coordinator', organizationId: 'coalition' },
  correlationId: 'corr-1',
  now: new Date('2026-11-02T10:00:00Z'),
  ...(idempotencyKey ? { idempotencyKey } : {}),
});

// One store for the file (each test has its own streams): a new embedded database per test cost seconds each.
describe('handleCommand (embedded store, no mocks)', () => {
  let opened: OpenedEventStore;
  beforeAll(async () => {
    opened = await openEventStore({ kind: 'pglite' });
  });
  afterAll(async () => opened.store.close());

  it('folds the stream, decides, appends with the version it read and records the actor', async () => {
    await handleCommand(opened.store, 'counter-1', counter, { by: 2, max: 10 }, { context: context(), protocolVersion: 'p-1' });
    const result = await handleCommand(opened.store, 'counter-1', counter, { by: 3, max: 10 }, { context: context() });
    expect(result.version).toBe(2);
    expect(result.newState).toEqual({ total: 5 });
    const { events } = await opened.store.readStream('counter-1');
    expect(events[0]!.metadata).toMatchObject({
      actor: { userId: 'u1', role: 'coordinator', organizationId: 'coalition' },
      correlationId: 'corr-1',
      occurredAt: '2026-11-02T10:00:00.000Z',
      protocolVersion: 'p-1',
    });
  });

  it('lets a refused command write nothing', async () => {
    await expect(handleCommand(opened.store, 'counter-2', counter, { by: 11, max: 10 }, { context: context() })).rejects.toMatchObject({
      code: 'COUNTER.OVER_MAX',
      details: { available: 10 },
    });
    expect((await opened.store.readStream('counter-2')).version).toBe(0);
  });

  it('decides again on fresh state when a concurrent command wins the race, so a cap still holds', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => handleCommand(opened.store, 'counter-3', counter, { by: 2, max: 10 }, { context: context() })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    const { events } = await opened.store.readStream<CounterEvent>('counter-3');
    expect(events.reduce((t, e) => t + e.data.by, 0)).toBe(10);
  });

  it('honours an If-Match version without retrying', async () => {
    await handleCommand(opened.store, 'counter-4', counter, { by: 1, max: 10 }, { context: context() });
    await expect(
      handleCommand(opened.store, 'counter-4', counter, { by: 1, max: 10 }, { context: context(), expectedVersion: 0 }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await opened.store.readStream('counter-4')).version).toBe(1);
  });

  it('derives the same event ids from the same idempotency key', async () => {
    await handleCommand(opened.store, 'counter-5', counter, { by: 1, max: 10 }, { context: context('key-1') });
    const again = await opened.store.readStream('counter-5');
    await expect(
      opened.store.append({
        streamId: 'counter-5',
        expectedVersion: 'no_stream',
        events: again.events.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata })),
      }),
    ).resolves.toMatchObject({ duplicate: true });
  });
});
