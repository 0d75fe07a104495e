import { randomUUID } from 'node:crypto';
import type { DomainEvent, EventToAppend } from './event';
import type { Decider } from './decider';
import { openEventStore, type OpenedEventStore } from './open-event-store';
import { knownStreamState, loadStreamState, rememberStreamState } from './stream-state-cache';

type Added = DomainEvent<'Added', { amount: number }>;

/** Keeps every amount in order, and counts the events it folds. */
function countingDecider(): Decider<number[], never, Added> & { folded: number } {
  const decider = {
    folded: 0,
    initialState: () => [] as number[],
    evolve: (state: number[], e: Added) => {
      decider.folded++;
      return [...state, e.data.amount];
    },
    decide: () => [],
  };
  return decider;
}

const added = (amount: number): EventToAppend => ({
  type: 'Added',
  data: { amount },
  metadata: { eventId: randomUUID(), schemaVersion: 1, occurredAt: new Date().toISOString(), correlationId: randomUUID(), causationId: null, actor: { userId: 'u', role: 'system', organizationId: 'coalition' } },
});

describe('loading a stream state folds only what this process has not folded yet', () => {
  let opened: OpenedEventStore;
  beforeAll(async () => (opened = await openEventStore({ kind: 'pglite' })));
  afterAll(async () => opened?.store.close());

  it('equals a fold of the whole stream, reading only the events appended since the last load', async () => {
    const decider = countingDecider();
    await opened.store.append({ streamId: 'acc-1', expectedVersion: 'no_stream', events: [1, 2, 3].map(added) });
    expect(await loadStreamState(opened.store, 'acc-1', decider)).toEqual({ state: [1, 2, 3], version: 3 });
    expect(decider.folded).toBe(3);

    await opened.store.append({ streamId: 'acc-1', expectedVersion: 3, events: [4, 5].map(added) });
    expect(await loadStreamState(opened.store, 'acc-1', decider)).toEqual({ state: [1, 2, 3, 4, 5], version: 5 });
    expect(decider.folded).toBe(5);

    expect(await loadStreamState(opened.store, 'acc-1', decider)).toEqual({ state: [1, 2, 3, 4, 5], version: 5 });
    expect(decider.folded).toBe(5);
  });

  it('never hands one decider the state another one folded, and a missing stream is its initial state', async () => {
    const other = countingDecider();
    expect(await loadStreamState(opened.store, 'acc-1', other)).toEqual({ state: [1, 2, 3, 4, 5], version: 5 });
    expect(other.folded).toBe(5);
    expect(await loadStreamState(opened.store, 'acc-missing', other)).toEqual({ state: [], version: 0 });
  });

  it('starts the next load from the state an append of this process left, and never goes back to an older one', async () => {
    const decider = countingDecider();
    await opened.store.append({ streamId: 'acc-2', expectedVersion: 'no_stream', events: [1, 2].map(added) });
    rememberStreamState(opened.store, 'acc-2', decider, [1, 2], 2);
    expect(await loadStreamState(opened.store, 'acc-2', decider)).toEqual({ state: [1, 2], version: 2 });
    expect(decider.folded).toBe(0);
    // A read of version 1 that finished late leaves the newer state in place.
    rememberStreamState(opened.store, 'acc-2', decider, [1], 1);
    expect(knownStreamState(opened.store, 'acc-2', decider)).toEqual({ state: [1, 2], version: 2 });
    expect(knownStreamState(opened.store, 'acc-2', countingDecider())).toBeUndefined();
  });

  it('keeps no state across stores: another store with the same stream names folds its own events', async () => {
    const decider = countingDecider();
    await loadStreamState(opened.store, 'acc-1', decider);
    const second = await openEventStore({ kind: 'pglite' });
    try {
      await second.store.append({ streamId: 'acc-1', expectedVersion: 'no_stream', events: [9].map(added) });
      expect(await loadStreamState(second.store, 'acc-1', decider)).toEqual({ state: [9], version: 1 });
    } finally {
      await second.store.close();
    }
  });
});
