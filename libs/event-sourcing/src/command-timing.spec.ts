import type { Decider } from './decider';
import { DomainError } from './errors';
import type { CommandContext, CommandTiming, DomainEvent } from './event';
import { openEventStore, type OpenedEventStore } from './open-event-store';
import { runUnitOfWork } from './unit-of-work';

type Moved = DomainEvent<'Moved', { by: number }>;
type Move = { type: 'Move'; data: { by: number } };
const tally: Decider<{ total: number }, Move, Moved> = {
  initialState: () => ({ total: 0 }),
  evolve: (s, e) => ({ total: s.total + e.data.by }),
  decide: ({ data }) => {
    if (data.by < 0) throw new DomainError('TALLY.NEGATIVE', 'negative', {});
    return [{ type: 'Moved', data: { by: data.by } }];
  },
};

class Phases implements CommandTiming {
  readonly seen: [string, number][] = [];
  add(phase: 'load' | 'decide' | 'append', ms: number): void {
    this.seen.push([phase, ms]);
  }
}

const contextWith = (timing: CommandTiming): CommandContext => ({
  actor: { userId: 'u1', role: 'coordinator', organizationId: 'coalition' },
  correlationId: 'c-1',
  now: new Date('2026-11-02T10:00:00Z'),
  timing,
});

describe('command timing (embedded store)', () => {
  let opened: OpenedEventStore;
  beforeAll(async () => {
    opened = await openEventStore({ kind: 'pglite' });
  });
  afterAll(async () => opened.store.close());

  it('reports each stream read, each decision and the one append of a unit of work', async () => {
    const timing = new Phases();
    await runUnitOfWork(opened.store, contextWith(timing), async (uow) => {
      await uow.decide('timed-a', tally, { type: 'Move', data: { by: 1 } });
      await uow.decide('timed-b', tally, { type: 'Move', data: { by: 2 } });
      // A second read of a stream in the same unit is not a load.
      await uow.load('timed-a', tally);
    });
    expect(timing.seen.map(([phase]) => phase)).toEqual(['load', 'decide', 'load', 'decide', 'append']);
    expect(timing.seen.every(([, ms]) => ms >= 0 && Number.isFinite(ms))).toBe(true);
  });

  it('keeps the timing sink out of what is stored', async () => {
    await runUnitOfWork(opened.store, contextWith(new Phases()), (uow) => uow.decide('timed-c', tally, { type: 'Move', data: { by: 1 } }));
    const { events } = await opened.store.readStream('timed-c');
    expect(Object.keys(events[0]!.metadata)).not.toContain('timing');
  });

  it('reports no append for a refused command', async () => {
    const timing = new Phases();
    await expect(runUnitOfWork(opened.store, contextWith(timing), (uow) => uow.decide('timed-d', tally, { type: 'Move', data: { by: -1 } }))).rejects.toThrow('negative');
    expect(timing.seen.map(([phase]) => phase)).not.toContain('append');
  });
});
