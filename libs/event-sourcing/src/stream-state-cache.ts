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
  const [loaded] = await loadStreamStates(store, [{ streamId, decider }]);
  return loaded as { state: S; version: number };
}

/** A stream to load and the decider that folds it. */
export interface StateRead {
  readonly streamId: string;
  readonly decider: Evolver<unknown, DomainEvent>;
}

/**
 * `loadStreamState` for several streams at once: one `readStreams` round trip where the store
 * has it (each stream from the version after the one this process last folded), one read per
 * stream side by side where it has not. Answers in the order asked.
 */
export async function loadStreamStates(store: EventStore, reads: readonly StateRead[]): Promise<{ state: unknown; version: number }[]> {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new Map()));
  const hits = reads.map(({ streamId, decider }) => {
    const hit = cache.get(streamId);
    return hit && hit.decider === decider ? hit : undefined;
  });
  const asked = reads.map(({ streamId }, i) => ({ streamId, fromVersion: hits[i] ? hits[i].version + 1 : 1 }));
  const slices =
    store.readStreams && asked.length > 1
      ? await store.readStreams(asked)
      : await Promise.all(asked.map(({ streamId, fromVersion }) => store.readStream(streamId, { fromVersion })));
  return Promise.all(
    reads.map(async ({ streamId, decider }, i) => {
      const { version, events } = slices[i]!;
      const cached = hits[i];
      let state: unknown;
      if (cached && version >= cached.version && (events.length === 0 || events[0]!.streamVersion === cached.version + 1)) {
        state = events.reduce((s, e) => decider.evolve(s, { type: e.type, data: e.data }), cached.state);
      } else if (cached) {
        // The stream is not what this process saw (a store emptied under a live process, in tests): fold it whole.
        cache.delete(streamId);
        return loadStreamState(store, streamId, decider);
      } else {
        state = events.reduce((s, e) => decider.evolve(s, { type: e.type, data: e.data }), decider.initialState());
      }
      keep(cache, streamId, { decider, state, version });
      return { state, version };
    }),
  );
}

function keep(cache: Map<string, Entry>, streamId: string, entry: Entry): void {
  const kept = cache.get(streamId);
  // A slower reader finishing late must not put back a state older than one already kept.
  if (kept && kept.decider === entry.decider && kept.version > entry.version) return;
  cache.delete(streamId);
  if (entry.version > 0) cache.set(streamId, entry);
  if (cache.size > MAX_STREAMS) cache.delete(cache.keys().next().value as string);
}

/**
 * The state a successful append of this process left the stream in: the events stored at the
 * versions after `version - n` are exactly the ones this state folded, so the next load reads
 * only what others appended since.
 */
export function rememberStreamState<S, E extends DomainEvent>(store: EventStore, streamId: string, decider: Evolver<S, E>, state: S, version: number): void {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new Map()));
  keep(cache, streamId, { decider, state, version });
}

/**
 * The last state this process knows of a stream, without reading the store: only for a command
 * that holds the stream's lock (`stream-locks.ts`), whose append's expected version then
 * refuses the decision if another process wrote the stream meanwhile.
 */
export function knownStreamState<S, E extends DomainEvent>(store: EventStore, streamId: string, decider: Evolver<S, E>): { state: S; version: number } | undefined {
  const hit = caches.get(store)?.get(streamId);
  return hit && hit.decider === decider ? { state: hit.state as S, version: hit.version } : undefined;
}

/** The latest version of the stream this process has read or written, whatever the decider. */
export function knownStreamVersion(store: EventStore, streamId: string): number | undefined {
  return caches.get(store)?.get(streamId)?.version;
}
