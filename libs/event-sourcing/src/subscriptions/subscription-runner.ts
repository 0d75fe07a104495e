import type { LogPosition, RecordedEvent } from '../event';
import { START, comparePositions } from '../event';
import type { EventStore } from '../event-store';
import type { SqlDatabase, SqlExecutor } from '../sql/sql-database';
import { migrate, type Migration } from '../sql/migrations';
import { CheckpointStore } from './checkpoint-store';

/**
 * A read-side consumer of the global log. `handle` gets a batch in global order and the
 * transaction its checkpoint will be saved in; it must be idempotent (a batch is redelivered
 * when the process dies before the commit).
 */
export interface EventHandler {
  /** Also the checkpoint's name: never rename a running projection without a rebuild. */
  readonly name: string;
  /** Tables the handler writes, created before it first runs (and by query modules). */
  readonly migrations?: readonly Migration[];
  handle(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void>;
  /**
   * The events the handler does something with. A batch with none of them opens no transaction:
   * its checkpoint is saved with the next batch that matters, or within CHECKPOINT_FLUSH_MS (a
   * crash meanwhile replays events the handler ignores anyway).
   */
  accepts?(event: RecordedEvent): boolean;
  /** Empties the handler's read model so it can be rebuilt from position 0. */
  reset?(tx: SqlExecutor): Promise<void>;
  /** Left out of "rebuild everything": replaying it has effects outside the database (a publisher). */
  readonly rebuildOnlyByName?: boolean;
}

/** Events per batch when replaying from position 0: large batches mean few statements per event. */
export const REBUILD_BATCH = 5_000;

/**
 * Run once a rebuild is done: refilled tables have no planner statistics until autovacuum gets
 * to them (never, where it is off), and their upserts left dead rows behind.
 */
export const AFTER_REBUILD = 'VACUUM (ANALYZE)';

/**
 * Longest a checkpoint moved only by ignored events stays unsaved. Short, because a reader in
 * another process waits on the stored checkpoint to read its own write (X-Min-Position); the
 * flush is a no-op when nothing moved, and at most one small transaction per interval when it did.
 */
export const CHECKPOINT_FLUSH_MS = 100;

export interface RebuildProgress {
  readonly handled: number;
  readonly total: number;
  readonly eventsPerSecond: number;
}

export interface SubscriptionStatus {
  readonly name: string;
  readonly running: boolean;
  readonly checkpoint: LogPosition;
  readonly handled: number;
  readonly lastError: string | null;
}

export interface RunnerOptions {
  readonly batchSize?: number;
  /** Batch size of a rebuild from position 0 (default REBUILD_BATCH). */
  readonly rebuildBatchSize?: number;
  readonly pollIntervalMs?: number;
  /** Back-off after a failing batch, doubled up to `maxRetryDelayMs`. */
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  readonly onError?: (handler: string, error: unknown) => void;
}

/** How long `catchUp(…, until)` waits for a written position to become visible. */
const CATCH_UP_UNTIL_MS = 120_000;

export class SubscriptionRunner {
  private readonly checkpoints = new CheckpointStore();
  private controller = new AbortController();
  private loop: Promise<void> | undefined;
  private checkpoint: LogPosition = START;
  private handled = 0;
  private lastError: string | null = null;
  /**
   * Set while rebuilding from position 0: a batch's commit does not wait for its WAL flush. A
   * crash can then lose the last batches, rows and checkpoint together, which are replayed.
   */
  private rebuilding = false;
  /** The checkpoint moved past ignored events only, and is not saved yet. */
  private unsaved = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly advanceListeners = new Set<(position: LogPosition) => void>();

  constructor(
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    private readonly handler: EventHandler,
    private readonly options: RunnerOptions = {},
  ) {}

  get name(): string {
    return this.handler.name;
  }

  get rebuildOnlyByName(): boolean {
    return this.handler.rebuildOnlyByName === true;
  }

  /** Called whenever the checkpoint moves (saved or not yet); returns the unsubscribe. */
  onAdvance(listener: (position: LogPosition) => void): () => void {
    this.advanceListeners.add(listener);
    return () => this.advanceListeners.delete(listener);
  }

  private advanced(position: LogPosition): void {
    this.checkpoint = position;
    this.advanceListeners.forEach((listener) => listener(position));
  }

  get running(): boolean {
    return this.loop !== undefined;
  }

  start(): void {
    if (this.loop) return;
    this.controller = new AbortController();
    this.loop = this.run(this.controller.signal);
    this.flushTimer = setInterval(() => void this.flush().catch(() => undefined), CHECKPOINT_FLUSH_MS);
    this.flushTimer.unref();
  }

  /** Finishes the batch in hand (its checkpoint included), then stops. */
  async stop(): Promise<void> {
    this.controller.abort();
    await this.loop;
    this.loop = undefined;
    clearInterval(this.flushTimer);
    await this.flush().catch(() => undefined);
  }

  status(): SubscriptionStatus {
    return {
      name: this.handler.name,
      running: this.loop !== undefined,
      checkpoint: this.checkpoint,
      handled: this.handled,
      lastError: this.lastError,
    };
  }

  async lag(): Promise<number> {
    const stored = await this.checkpoints.load(this.db, this.handler.name);
    return this.store.countAfter(comparePositions(this.checkpoint, stored) > 0 ? this.checkpoint : stored);
  }

  /** Creates the handler's tables if needed (idempotent, safe with several processes). */
  async prepare(): Promise<void> {
    if (this.handler.migrations?.length) await migrate(this.db, `read-model:${this.handler.name}`, this.handler.migrations);
  }

  /**
   * Processes everything visible now and returns; used by rebuilds, CLIs and tests. With `until`
   * (a position the caller wrote), it first waits until that position is visible and processed.
   */
  async catchUp(onProgress?: (progress: RebuildProgress) => void, until?: LogPosition): Promise<number> {
    let after = await this.checkpoints.load(this.db, this.handler.name);
    const total = onProgress ? await this.store.countAfter(after, Number.MAX_SAFE_INTEGER) : 0;
    const started = Date.now();
    let handled = 0;
    for (;;) {
      const batch = await this.store.readAll({ after, limit: this.options.batchSize ?? 500 });
      const last = batch.at(-1);
      if (!last && until && comparePositions(after, until) < 0) {
        // Written but not yet visible: the store's fence hides events newer than the oldest
        // transaction still running on the server (anyone's), so an empty read is not the end.
        if (Date.now() - started > CATCH_UP_UNTIL_MS) throw new Error(`catch-up did not reach position ${until.commit}/${until.prepare} within ${CATCH_UP_UNTIL_MS} ms (at ${after.commit}/${after.prepare})`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      if (!last) {
        await this.flush();
        return handled;
      }
      await this.apply(batch);
      after = last.position;
      handled += batch.length;
      onProgress?.({ handled, total: Math.max(total, handled), eventsPerSecond: handled / Math.max((Date.now() - started) / 1000, 0.001) });
    }
  }

  /** Empties the read model and replays the whole log into it. Stop the runner first. */
  async rebuild(onProgress?: (progress: RebuildProgress) => void): Promise<number> {
    return SubscriptionRunner.rebuildTogether([this], { onProgress });
  }

  /**
   * Rebuilds several read models in one pass over the log: each batch is read once (the next
   * one is read while this one is applied) and handed to every handler at the same time, each
   * in its own transaction with its own checkpoint, so a crash midway resumes each where it
   * stopped. Ends with VACUUM (ANALYZE) (AFTER_REBUILD). Stop the runners first.
   */
  static async rebuildTogether(
    runners: readonly SubscriptionRunner[],
    options: { readonly batchSize?: number; readonly onProgress?: (progress: RebuildProgress) => void } = {},
  ): Promise<number> {
    const [first] = runners;
    if (!first) return 0;
    const { store, db } = first;
    if (runners.some((r) => r.store !== store || r.db !== db)) throw new Error('rebuildTogether needs runners on one store and database');
    await SubscriptionRunner.emptyForRebuild(runners);
    runners.forEach((r) => (r.rebuilding = true));
    try {
      return await SubscriptionRunner.replay(runners, options);
    } finally {
      runners.forEach((r) => (r.rebuilding = false));
    }
  }

  /**
   * The first step of every rebuild: creates the runners' tables, then empties their read models
   * and checkpoints in one transaction (so a crash leaves all of them as they were, or all empty).
   * Stop the runners first.
   */
  static async emptyForRebuild(runners: readonly SubscriptionRunner[]): Promise<void> {
    const [first] = runners;
    if (!first) return;
    for (const runner of runners) await runner.prepare();
    await first.db.transaction(async (tx) => {
      for (const runner of runners) {
        await runner.handler.reset?.(tx);
        await runner.checkpoints.reset(tx, runner.handler.name);
      }
    });
    runners.forEach((r) => (r.checkpoint = START));
  }

  /** After a rebuild elsewhere (another thread wrote the rows): takes the stored checkpoint as its own. */
  async reloadCheckpoint(): Promise<void> {
    this.advanced(await this.checkpoints.load(this.db, this.handler.name));
  }

  private static async replay(
    runners: readonly SubscriptionRunner[],
    options: { readonly batchSize?: number; readonly onProgress?: (progress: RebuildProgress) => void },
  ): Promise<number> {
    const first = runners[0]!;
    const { store, db } = first;
    const limit = options.batchSize ?? first.options.rebuildBatchSize ?? REBUILD_BATCH;
    const total = options.onProgress ? await store.countAfter(START, Number.MAX_SAFE_INTEGER) : 0;
    const started = Date.now();
    let handled = 0;
    let next = store.readAll({ after: START, limit });
    for (;;) {
      const batch = await next;
      const last = batch.at(-1);
      if (!last) break;
      next = store.readAll({ after: last.position, limit });
      // Observed later by the loop; this only keeps a failure meanwhile from being "unhandled".
      next.catch(() => undefined);
      // Settled, not raced: a failure stops the rebuild only after the others' batches committed.
      const failed = (await Promise.allSettled(runners.map((r) => r.apply(batch)))).find((o) => o.status === 'rejected');
      if (failed) throw failed.reason;
      handled += batch.length;
      options.onProgress?.({ handled, total: Math.max(total, handled), eventsPerSecond: handled / Math.max((Date.now() - started) / 1000, 0.001) });
    }
    for (const runner of runners) await runner.flush();
    await db.query(AFTER_REBUILD);
    return handled;
  }

  private async run(signal: AbortSignal): Promise<void> {
    let delay = this.options.retryDelayMs ?? 200;
    while (!signal.aborted) {
      try {
        const after = await this.checkpoints.load(this.db, this.handler.name);
        this.checkpoint = after;
        for await (const batch of this.store.subscribeToAll({
          after,
          limit: this.options.batchSize ?? 500,
          pollIntervalMs: this.options.pollIntervalMs,
          signal,
        })) {
          await this.apply(batch);
          delay = this.options.retryDelayMs ?? 200;
        }
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        this.options.onError?.(this.handler.name, error);
        await sleep(delay, signal);
        delay = Math.min(delay * 2, this.options.maxRetryDelayMs ?? 10_000);
      }
    }
  }

  private async apply(batch: readonly RecordedEvent[]): Promise<void> {
    const last = batch.at(-1);
    if (!last) return;
    const accepts = this.handler.accepts?.bind(this.handler);
    if (accepts && !batch.some(accepts)) {
      this.unsaved = true;
      this.handled += batch.length;
      this.advanced(last.position);
      return;
    }
    await applyBatch(this.db, this.checkpoints, this.handler, batch, this.rebuilding);
    this.unsaved = false;
    this.handled += batch.length;
    this.lastError = null;
    this.advanced(last.position);
  }

  /** Saves a checkpoint that only ignored events moved; never moves a stored one back. */
  private async flush(): Promise<void> {
    if (!this.unsaved) return;
    const target = this.checkpoint;
    await saveCheckpointAhead(this.db, this.checkpoints, this.handler.name, target);
    if (this.checkpoint === target) this.unsaved = false;
  }
}

/**
 * One batch into one handler's read model and checkpoint, in one transaction; the events at or
 * before the stored checkpoint are skipped (a redelivery). `rebuilding`: the commit does not wait
 * for its WAL flush (a crash loses rows and checkpoint together, and they are replayed).
 */
async function applyBatch(db: SqlDatabase, checkpoints: CheckpointStore, handler: EventHandler, batch: readonly RecordedEvent[], rebuilding: boolean): Promise<void> {
  const last = batch.at(-1);
  if (!last) return;
  await db.transaction(async (tx) => {
    if (rebuilding) await tx.query('SET LOCAL synchronous_commit = off');
    const stored = await checkpoints.lock(tx, handler.name);
    const fresh = batch.filter((e) => comparePositions(e.position, stored) > 0);
    if (fresh.length === 0) return;
    await handler.handle(fresh, tx);
    await checkpoints.save(tx, handler.name, last.position);
  });
}

/** Saves `target` as the checkpoint unless the stored one is already there or beyond. */
async function saveCheckpointAhead(db: SqlDatabase, checkpoints: CheckpointStore, name: string, target: LogPosition): Promise<void> {
  await db.transaction(async (tx) => {
    const stored = await checkpoints.lock(tx, name);
    if (comparePositions(target, stored) > 0) await checkpoints.save(tx, name, target);
  });
}

/**
 * The writing half of a rebuild, for read models whose rows are written apart from where the log
 * is read (a worker thread with its own connections): each batch goes to every handler at once,
 * each in its own transaction with its own checkpoint, as `rebuildTogether` does. The read models
 * must have been emptied first (`SubscriptionRunner.emptyForRebuild`).
 */
export class RebuildWriter {
  private readonly checkpoints = new CheckpointStore();
  /** Per handler: the last position it was given but that moved its checkpoint by ignored events only. */
  private readonly unsaved = new Map<string, LogPosition>();

  constructor(
    private readonly db: SqlDatabase,
    private readonly handlers: readonly EventHandler[],
  ) {}

  async apply(batch: readonly RecordedEvent[]): Promise<void> {
    const last = batch.at(-1);
    if (!last) return;
    const outcomes = await Promise.allSettled(
      this.handlers.map(async (handler) => {
        if (handler.accepts && !batch.some((e) => handler.accepts!(e))) {
          this.unsaved.set(handler.name, last.position);
          return;
        }
        await applyBatch(this.db, this.checkpoints, handler, batch, true);
        this.unsaved.delete(handler.name);
      }),
    );
    const failed = outcomes.find((o) => o.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Saves the checkpoints that only ignored events moved since their last written batch. */
  async finish(): Promise<void> {
    for (const [name, position] of this.unsaved) await saveCheckpointAhead(this.db, this.checkpoints, name, position);
    this.unsaved.clear();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
