import { deserialize, serialize } from 'node:v8';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import {
  AFTER_REBUILD,
  PostgresDatabase,
  REBUILD_BATCH,
  RebuildWriter,
  START,
  type EventHandler,
  type EventStore,
  type RebuildProgress,
  type RecordedEvent,
  type SqlDatabase,
} from '@fund/event-sourcing';

/**
 * Rebuilds read models with their handlers spread over worker threads: the log is read once, here,
 * and every batch is handed (serialized once) to each thread, which writes its read models over
 * connections of its own, each in its own transaction with its own checkpoint, as the one-pass
 * rebuild does. On one thread the handlers' own CPU (folding, hashing, building statements) is
 * the limit of a rebuild; threads let it run beside the read and beside each other.
 */

/** Marks a worker thread started to write a rebuild (workerData.role). */
const ROLE = 'survivor-fund:rebuild-thread';

/** Batches handed to a thread and not yet written; bounds memory when a thread is slower than the read. */
const IN_FLIGHT = 2;

export interface RebuildThreadsOptions {
  /**
   * The file a thread runs: a module that calls `serveRebuildThread` when loaded in such a thread.
   * A `.ts` file is loaded through @swc-node/register (development, benchmarks, tests).
   */
  readonly entry: string;
  /** Threads to spread the handlers over (at most one per handler). */
  readonly threads: number;
  /** Relative cost of each handler's rebuild, to balance the threads; unknown names cost 1. */
  readonly weights?: Readonly<Record<string, number>>;
  /** V8 old-generation limit of each thread (MB): the threads' heaps add to the process's memory. */
  readonly threadHeapMb?: number;
}

interface ThreadData {
  readonly role: typeof ROLE;
  readonly connection: ConnectionSettings;
  readonly handlers: readonly string[];
}

/** What a thread needs to open its own connections: the cloneable part of the pool's settings. */
type ConnectionSettings = Readonly<Record<string, string | number | boolean | null>>;

type ToThread = { readonly kind: 'batch'; readonly events: Uint8Array } | { readonly kind: 'end' };
type FromThread = { readonly kind: 'ready' } | { readonly kind: 'written'; readonly events: number } | { readonly kind: 'finished' } | { readonly kind: 'failed'; readonly message: string };

/**
 * Call at the top of a thread entry: when this module runs in a rebuild thread, serves it (writes
 * every batch it is sent into the named handlers' read models) and returns true; otherwise
 * returns false at once.
 */
export function serveRebuildThread(handlerClasses: readonly (new (...args: never[]) => EventHandler)[]): boolean {
  const data = workerData as ThreadData | undefined;
  if (isMainThread || !parentPort || data?.role !== ROLE) return false;
  const port = parentPort;
  const post = (message: FromThread): void => port.postMessage(message);
  // Projections take no constructor arguments (they are built the same way by the benchmarks).
  const handlers = handlerClasses.map((Handler) => new (Handler as new () => EventHandler)()).filter((h) => data.handlers.includes(h.name));
  const db = new PostgresDatabase({ ...data.connection, max: Math.max(1, handlers.length) });
  const writer = new RebuildWriter(db, handlers);
  // One message at a time, in order: batches must reach each read model in log order.
  let chain: Promise<void> = Promise.resolve();
  port.on('message', (message: ToThread) => {
    chain = chain.then(async () => {
      if (message.kind === 'batch') {
        const events = deserialize(message.events) as RecordedEvent[];
        await writer.apply(events);
        post({ kind: 'written', events: events.length });
      } else {
        await writer.finish();
        await db.close();
        post({ kind: 'finished' });
        port.close();
      }
    });
    chain.catch((error: unknown) => {
      post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      void db.close().catch(() => undefined);
    });
  });
  if (handlers.length !== data.handlers.length) {
    post({ kind: 'failed', message: `this thread does not know ${data.handlers.filter((n) => !handlers.some((h) => h.name === n)).join(', ')}` });
  } else {
    post({ kind: 'ready' });
  }
  return true;
}

/** Whether `db` can be written from other threads (its connection settings can be handed over). */
export function canRebuildInThreads(db: SqlDatabase): db is PostgresDatabase {
  return db instanceof PostgresDatabase;
}

/** Spreads handler names over at most `threads` groups, heaviest first onto the lightest group. */
export function groupForThreads(names: readonly string[], threads: number, weights: Readonly<Record<string, number>> = {}): string[][] {
  const count = Math.max(1, Math.min(threads, names.length));
  const groups = Array.from({ length: count }, () => ({ names: [] as string[], weight: 0 }));
  const weight = (n: string): number => weights[n] ?? 1;
  for (const name of [...names].sort((a, b) => weight(b) - weight(a))) {
    const lightest = groups.reduce((min, g) => (g.weight < min.weight ? g : min));
    lightest.names.push(name);
    lightest.weight += weight(name);
  }
  return groups.map((g) => g.names).filter((g) => g.length > 0);
}

/**
 * Replays the whole log into the handlers named in `groups`, one thread per group. The read
 * models and checkpoints must have been emptied first (`SubscriptionRunner.emptyForRebuild`);
 * ends with VACUUM (ANALYZE). A failing thread stops the rebuild (the others are stopped, their
 * committed batches and checkpoints stay, so a catch-up resumes each where it stopped).
 * `onProgress` is called per group, with the events that group has written.
 */
export async function rebuildInThreads(
  store: EventStore,
  db: PostgresDatabase,
  groups: readonly (readonly string[])[],
  options: RebuildThreadsOptions & { readonly batchSize?: number; readonly onProgress?: (group: readonly string[], progress: RebuildProgress) => void },
): Promise<number> {
  const limit = options.batchSize ?? REBUILD_BATCH;
  const total = options.onProgress ? await store.countAfter(START, Number.MAX_SAFE_INTEGER) : 0;
  const started = Date.now();
  const threads = groups.map((handlers) => new RebuildThread(options, { role: ROLE, connection: connectionSettings(db), handlers }));
  try {
    await Promise.all(threads.map((t) => t.ready));
    let handled = 0;
    let next = store.readAll({ after: START, limit });
    for (;;) {
      const batch = await next;
      const last = batch.at(-1);
      if (!last) break;
      next = store.readAll({ after: last.position, limit });
      // Observed later by the loop; this only keeps a failure meanwhile from being "unhandled".
      next.catch(() => undefined);
      const events = serialize(batch);
      await Promise.all(threads.map((t) => t.send(events)));
      handled += batch.length;
      if (options.onProgress) {
        const seconds = Math.max((Date.now() - started) / 1000, 0.001);
        threads.forEach((t, i) => options.onProgress!(groups[i]!, { handled: t.written, total: Math.max(total, handled), eventsPerSecond: t.written / seconds }));
      }
    }
    await Promise.all(threads.map((t) => t.finish()));
    if (options.onProgress) {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      groups.forEach((g) => options.onProgress!(g, { handled, total: Math.max(total, handled), eventsPerSecond: handled / seconds }));
    }
    await db.query(AFTER_REBUILD);
    return handled;
  } finally {
    await Promise.all(threads.map((t) => t.stop()));
  }
}

/** The settings a thread opens its own pool with: plain values only (no functions, no sockets). */
function connectionSettings(db: PostgresDatabase): ConnectionSettings {
  const settings: Record<string, string | number | boolean | null> = {};
  for (const key of ['connectionString', 'host', 'port', 'user', 'password', 'database', 'ssl', 'application_name', 'statement_timeout'] as const) {
    const value: unknown = (db.pool.options as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') settings[key] = value;
  }
  return settings;
}

/** One writing thread, seen from the reading side. */
class RebuildThread {
  readonly ready: Promise<void>;
  /** Events the thread has written (its checkpoints are there). */
  written = 0;
  private readonly worker: Worker;
  private inFlight = 0;
  private failure: Error | undefined;
  private exited = false;
  /** Woken whenever the thread answers, fails or exits. */
  private wake: (() => void) | undefined;
  private finished = false;

  constructor(options: RebuildThreadsOptions, data: ThreadData) {
    const resourceLimits = options.threadHeapMb ? { maxOldGenerationSizeMb: options.threadHeapMb } : undefined;
    this.worker = options.entry.endsWith('.ts')
      ? new Worker(`require('@swc-node/register'); require(${JSON.stringify(options.entry)});`, { eval: true, workerData: data, resourceLimits })
      : new Worker(options.entry, { workerData: data, resourceLimits });
    let resolveReady: () => void = () => undefined;
    let rejectReady: (error: Error) => void = () => undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    this.ready.catch(() => undefined);
    this.worker.on('message', (message: FromThread) => {
      if (message.kind === 'ready') resolveReady();
      else if (message.kind === 'written') {
        this.inFlight -= 1;
        this.written += message.events;
      } else if (message.kind === 'finished') this.finished = true;
      else this.fail(new Error(`rebuild thread (${data.handlers.join(', ')}) failed: ${message.message}`), rejectReady);
      this.wake?.();
    });
    this.worker.on('error', (error) => this.fail(new Error(`rebuild thread (${data.handlers.join(', ')}) failed: ${error.message}`), rejectReady));
    this.worker.on('exit', (code) => {
      this.exited = true;
      if (!this.finished) this.fail(new Error(`rebuild thread (${data.handlers.join(', ')}) exited with ${code} before it finished`), rejectReady);
      this.wake?.();
    });
  }

  /** Hands over a batch; waits first while the thread has IN_FLIGHT batches unwritten. */
  async send(events: Uint8Array): Promise<void> {
    await this.until(() => this.inFlight < IN_FLIGHT);
    this.inFlight += 1;
    this.worker.postMessage({ kind: 'batch', events } satisfies ToThread);
  }

  /** Waits for every batch to be written and the last checkpoints saved. */
  async finish(): Promise<void> {
    this.worker.postMessage({ kind: 'end' } satisfies ToThread);
    await this.until(() => this.finished);
  }

  async stop(): Promise<void> {
    if (!this.exited) await this.worker.terminate();
  }

  private fail(error: Error, rejectReady: (error: Error) => void): void {
    this.failure ??= error;
    rejectReady(error);
  }

  private async until(condition: () => boolean): Promise<void> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (condition()) return;
      if (this.exited) throw new Error('rebuild thread exited');
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}
