import type { DomainEvent } from './event';
import type { EventStore } from './event-store';
import type { Decider } from './decider';

type Evolver<S, E extends DomainEvent> = Pick<Decider<S, never, E>, 'initialState' | 'evolve'>;

interface Entry {
  readonly decider: unknown;
  readonly state: unknown;
  readonly version: number;
}

/** Streams whose folded state is kept per store; the least recently used go first. */
const MAX_STREAMS = 5_000;

const caches = new WeakMap<EventStore, Map<string, Entry>>();

/**
 * Reads a stream's state, folding only the events appended since this process last folded it.
 * A fund's or an organization's stream grows with every payment, so folding it whole on every
 * command made each decision cost more than the one before. Safe because events are immutable
 * and versions only grow, and deciders' `evolve` returns new states without changing the old
 * (so a cached state can be shared by concurrent commands); the append's expected version still
 * guards every decision against writers in other processes.
 */
export async function loadStreamState<S, E extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Evolver<S, E>,
): Promise<{ state: S; version: number }> {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new Map()));
  const hit = cache.get(streamId);
  const cached = hit && hit.decider === decider ? hit : undefined;
  const { version, events } = await store.readStream<E>(streamId, { fromVersion: cached ? cached.version + 1 : 1 });
  let state: S;
  if (cached && version >= cached.version && (events.length === 0 || events[0]!.streamVersion === cached.version + 1)) {
    state = events.reduce((s, e) => decider.evolve(s, { type: e.type, data: e.data } as E), cached.state as S);
  } else if (cached) {
    // The stream is not what this process saw (a store emptied under a live process, in tests): fold it whole.
    cache.delete(streamId);
    return loadStreamState(store, streamId, decider);
  } else {
    state = events.reduce((s, e) => decider.evolve(s, { type: e.type, data: e.data } as E), decider.initialState());
  }
  cache.delete(streamId);
  if (version > 0) cache.set(streamId, { decider, state, version });
  if (cache.size > MAX_STREAMS) cache.delete(cache.keys().next().value as string);
  return { state, version };
}
