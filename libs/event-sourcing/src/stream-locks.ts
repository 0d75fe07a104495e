/**
 * First-come first-served locks on stream ids, for the commands of one process.
 *
 * Decisive approvals all reserve from one fund, so they all append to that fund's stream: run
 * side by side, every one but the first lost the race at the append and decided again, and a
 * burst exhausted its retries (a 409 for the client). A command holds the locks of the streams
 * it writes from the moment it knows them until its append is done, so the commands of a
 * process take a hot stream one after another instead of racing for it. The append's expected
 * version still settles races with other processes (replicas): a lock only keeps this process
 * from racing itself.
 *
 * Streams are always locked in sorted order, and a holder that needs more releases what it has
 * and takes the whole set again in order, so two commands never wait on each other. An entry
 * lives only while its stream is held or awaited: an idle process keeps no entries.
 */
interface Entry {
  /** Resolvers of the commands waiting for this stream, first come first served. */
  readonly waiters: (() => void)[];
}

export interface HeldLocks {
  readonly streams: ReadonlySet<string>;
  /** Hands each stream to its next waiter (or forgets it); a second call does nothing. */
  release(): void;
}

export class StreamLocks {
  private readonly entries = new Map<string, Entry>();

  /** Waits for every stream named, in sorted order, and holds them until `release`. */
  async acquire(streamIds: Iterable<string>): Promise<HeldLocks> {
    const streams = [...new Set(streamIds)].sort();
    for (const streamId of streams) await this.take(streamId);
    let released = false;
    return {
      streams: new Set(streams),
      release: () => {
        if (released) return;
        released = true;
        for (const streamId of streams) this.give(streamId);
      },
    };
  }

  /** Streams held or awaited: the entries kept (none when the process is idle). */
  get size(): number {
    return this.entries.size;
  }

  private take(streamId: string): Promise<void> {
    const entry = this.entries.get(streamId);
    if (!entry) {
      this.entries.set(streamId, { waiters: [] });
      return Promise.resolve();
    }
    return new Promise((resolve) => entry.waiters.push(resolve));
  }

  private give(streamId: string): void {
    const entry = this.entries.get(streamId);
    if (!entry) return;
    const next = entry.waiters.shift();
    // The stream passes straight to the next waiter, so nobody arriving meanwhile can cut in.
    if (next) next();
    else this.entries.delete(streamId);
  }
}

const byStore = new WeakMap<object, StreamLocks>();

/** The locks of one store in this process (two stores on one database are two replicas). */
export function streamLocksOf(store: object): StreamLocks {
  let locks = byStore.get(store);
  if (!locks) byStore.set(store, (locks = new StreamLocks()));
  return locks;
}
