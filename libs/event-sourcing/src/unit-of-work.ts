import type { CommandContext, DomainEvent, EventToAppend } from './event';
import type { AppendResult, EventStore } from './event-store';
import { CodedError, ConcurrencyError } from './errors';
import { asArray, type Decider, type EventMetaOptions, type Plan } from './decider';
import { eventIdFor } from './event-ids';
import { knownStreamState, knownStreamVersion, loadStreamStates, rememberStreamState, type StateRead } from './stream-state-cache';
import { backoff } from './backoff';
import { streamLocksOf, type HeldLocks } from './stream-locks';

type Evolver<S, E extends DomainEvent> = Pick<Decider<S, never, E>, 'initialState' | 'evolve'>;

export function toEventsToAppend<E extends DomainEvent>(
  events: readonly E[],
  context: CommandContext,
  scope: string,
  options: EventMetaOptions = {},
): EventToAppend<E>[] {
  return events.map((event, index) => ({
    type: event.type,
    data: event.data,
    metadata: {
      eventId: eventIdFor(context.idempotencyKey, scope, index),
      schemaVersion: options.schemaVersions?.[event.type] ?? 1,
      occurredAt: context.now.toISOString(),
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: context.causationId ?? null,
      ...(options.protocolVersion ? { protocolVersion: options.protocolVersion } : {}),
    },
  }));
}

export interface Loaded<S> {
  readonly state: S;
  readonly version: number;
}

/** From If-Match: the version of the command's main stream the client decided on. */
export interface IfMatchVersion {
  readonly streamId: string;
  readonly version: number;
}

/** A stream as the store gave it to a unit of work, before the unit decided anything on it. */
interface Read {
  readonly decider: unknown;
  readonly state: unknown;
  readonly version: number;
}

/** A load waiting for its turn's reads to go out together. */
interface BatchedRead extends StateRead {
  readonly loaded: Promise<Loaded<unknown>>;
  resolve(loaded: Loaded<unknown>): void;
  reject(error: unknown): void;
}

/** What a unit of work may use instead of reading the store (see `runUnitOfWork`). */
interface Reuse {
  /** Reads of the previous try of the same command, still current as far as this process knows. */
  readonly reads?: ReadonlyMap<string, Read>;
  /** Streams this command holds locked: their state as this process last left it is used as is. */
  readonly held?: ReadonlySet<string>;
}

/**
 * One decision over one or more aggregates (approve a request *and* reserve money in a fund
 * *and* count it against the survivor reference's 12-month cap). Streams are read, the decision
 * recorded per stream, and everything is appended in one atomic `appendMany` with the versions
 * that were read: if any stream moved meanwhile, nothing is written and the whole decision is
 * taken again on fresh state. A single-stream command is a unit of work with one stream.
 */
export class UnitOfWork {
  /** Each stream is read once; later loads see the state after what this unit decided on it. */
  private readonly loaded = new Map<string, { state: unknown; version: number }>();
  private readonly reads = new Map<string, Read>();
  private readonly pending = new Map<string, { events: DomainEvent[]; options: EventMetaOptions }>();
  private readonly deciders = new Map<string, unknown>();

  constructor(
    private readonly store: EventStore,
    readonly context: CommandContext,
    private readonly expected?: IfMatchVersion,
    private readonly reuse: Reuse = {},
  ) {}

  async load<S, E extends DomainEvent>(streamId: string, decider: Evolver<S, E>): Promise<Loaded<S>> {
    const known = this.loaded.get(streamId);
    // One decider per stream, so the state kept for it is that decider's state.
    if (known) return { state: known.state as S, version: known.version };
    const { state, version } = this.reused(streamId, decider) ?? (await this.read(streamId, decider));
    // A client that decided on an older version is told so before any rule speaks.
    if (this.expected?.streamId === streamId && this.expected.version !== version) {
      throw new ConcurrencyError(streamId, String(this.expected.version), version);
    }
    this.loaded.set(streamId, { state, version });
    this.reads.set(streamId, { decider, state, version });
    this.deciders.set(streamId, decider);
    return { state, version };
  }

  /**
   * Reads asked for in the same turn (`Promise.all` of loads, an async helper's first loads)
   * go out together: one `readStreams` round trip on the SQL stores instead of one per stream.
   */
  private read<S, E extends DomainEvent>(streamId: string, decider: Evolver<S, E>): Promise<Loaded<S>> {
    const same = this.batch?.find((r) => r.streamId === streamId && r.decider === decider);
    if (same) return same.loaded as Promise<Loaded<S>>;
    if (!this.batch) {
      const batch: BatchedRead[] = (this.batch = []);
      // After the promise jobs queued now have run, so loads started by them join too.
      void Promise.resolve().then(() => process.nextTick(() => void this.flush(batch)));
    }
    let settle!: Pick<BatchedRead, 'resolve' | 'reject'>;
    const loaded = new Promise<Loaded<unknown>>((resolve, reject) => (settle = { resolve, reject }));
    this.batch.push({ streamId, decider: decider as StateRead['decider'], loaded, ...settle });
    return loaded as Promise<Loaded<S>>;
  }

  private batch: BatchedRead[] | undefined;

  private async flush(batch: BatchedRead[]): Promise<void> {
    if (this.batch === batch) this.batch = undefined;
    const started = performance.now();
    try {
      const loaded = await loadStreamStates(this.store, batch);
      const ended = performance.now();
      batch.forEach((read, i) => {
        this.context.timing?.add('load', ended - started);
        read.resolve(loaded[i]!);
      });
    } catch (error) {
      batch.forEach((read) => read.reject(error));
    }
  }

  private reused<S, E extends DomainEvent>(streamId: string, decider: Evolver<S, E>): Loaded<S> | undefined {
    const carried = this.reuse.reads?.get(streamId);
    if (carried && carried.decider === decider) return { state: carried.state as S, version: carried.version };
    return this.reuse.held?.has(streamId) ? knownStreamState(this.store, streamId, decider) : undefined;
  }

  /** Loads, decides and records in one step; returns the state before and after the new events. */
  async decide<S, C, E extends DomainEvent>(
    streamId: string,
    decider: Decider<S, C, E>,
    command: C,
    options: EventMetaOptions = {},
  ): Promise<{ state: S; events: readonly E[]; before: S }> {
    const { state: before, version } = await this.load(streamId, decider);
    const started = performance.now();
    const events = asArray(decider.decide(command, before));
    const state = events.reduce((s, e) => decider.evolve(s, e), before);
    this.context.timing?.add('decide', performance.now() - started);
    this.loaded.set(streamId, { state, version });
    this.record(streamId, events, options);
    return { before, events, state };
  }

  /** Runs a plan's follow-up decisions in order, each on the state this unit has reached. */
  async follow(plan: Plan): Promise<void> {
    for (const step of plan) await this.decide(step.streamId, step.decider, step.command, step.options);
  }

  private record(streamId: string, events: readonly DomainEvent[], options: EventMetaOptions): void {
    if (events.length === 0) return;
    const current = this.pending.get(streamId);
    if (current) current.events.push(...events);
    else this.pending.set(streamId, { events: [...events], options });
  }

  versionOf(streamId: string): number | undefined {
    return this.loaded.get(streamId)?.version;
  }

  /** The streams this unit appends to. */
  get writes(): string[] {
    return [...this.pending.keys()];
  }

  /** Streams it writes that this process has seen move past the version it decided on. */
  overtaken(): string[] {
    return this.writes.filter((streamId) => (knownStreamVersion(this.store, streamId) ?? 0) > (this.versionOf(streamId) ?? 0));
  }

  /** Its reads, without the streams named: what a new try of the same command may start from. */
  readsExcept(streamIds: readonly string[]): Map<string, Read> {
    const reads = new Map(this.reads);
    for (const streamId of streamIds) reads.delete(streamId);
    return reads;
  }

  /** After its append: the next command of this process starts from the states this one left. */
  remember(appended: readonly AppendResult[]): void {
    for (const { streamId, version, duplicate } of appended) {
      const decider = this.deciders.get(streamId);
      const state = this.loaded.get(streamId)?.state;
      // A duplicate stored nothing new: what the stream holds is the earlier copy's, at its versions.
      if (!duplicate && decider) rememberStreamState(this.store, streamId, decider as Evolver<unknown, DomainEvent>, state, version);
    }
  }

  /**
   * Streams are read one after another, so a refusal may come from mixing an older read of one
   * stream with a newer read of another. True when any stream read has moved since.
   */
  async readsAreStale(): Promise<boolean> {
    const loaded = [...this.loaded];
    if (this.store.readStreams) {
      const now = await this.store.readStreams(loaded.map(([streamId]) => ({ streamId, fromVersion: Number.MAX_SAFE_INTEGER })));
      return loaded.some(([, { version }], i) => now[i]!.version !== version);
    }
    for (const [streamId, { version }] of loaded) {
      const { version: now } = await this.store.readStream(streamId, { fromVersion: Number.MAX_SAFE_INTEGER });
      if (now !== version) return true;
    }
    return false;
  }

  async commit(): Promise<AppendResult[]> {
    if (this.pending.size === 0) return [];
    // Already settled when `runUnitOfWork` commits; here for any other caller of commit.
    await this.context.beforeWrite?.();
    const started = performance.now();
    const appended = await this.store.appendMany(
      [...this.pending.entries()].map(([streamId, { events, options }]) => {
        const version = this.versionOf(streamId) ?? 0;
        return {
          streamId,
          expectedVersion: version === 0 ? ('no_stream' as const) : version,
          events: toEventsToAppend(events, this.context, streamId, options),
        };
      }),
    );
    this.context.timing?.add('append', performance.now() - started);
    return appended;
  }
}

export interface UnitOfWorkOptions {
  /** From If-Match: a mismatch fails at once, and a lost race is not retried. */
  readonly expected?: IfMatchVersion;
  readonly maxRetries?: number;
}

export interface UnitOfWorkResult<R> {
  readonly result: R;
  readonly appended: readonly AppendResult[];
  versionOf(streamId: string): number;
}

/** Bounded retries on a race, the same for every command. */
export const DEFAULT_MAX_RETRIES = 10;
/** Decisions taken again under the locks of this process (not races with other processes). */
const MAX_TURNS = 10;
/** The longest pause before a command holding its locks tries again after another process won. */
const LOCKED_RETRY_PAUSE_MS = 5;
/**
 * Tries against other processes for a command holding its locks: each try is short (one stream
 * read again, one append), and a replica with a queue of commands on the same stream wins
 * again and again until that queue thins, so ten quick tries can pass within one busy burst.
 */
const LOCKED_MAX_RETRIES = 30;

/**
 * The one runner of commands: read -> fold -> decide (-> follow the plan) -> append atomically.
 *
 * Commands of this process that write the same stream take turns (`stream-locks.ts`): a unit
 * decides unlocked, then locks the streams it writes; if another command of this process
 * appended to one of them meanwhile, it decides again, while holding them, on the state that
 * append left (its other reads are reused: they are as current as a single try's would be). So
 * a hot stream (a fund every decisive approval reserves from) is written one command after
 * another with one append each, not raced for. Another process's append in between still makes
 * the expected version fail: then the stream that moved is read again from the store and the
 * command decided again after a short jittered pause, up to 30 times (`maxRetries` when given).
 * No decision is appended on a state older than the stream's: the append's expected version is
 * the version decided on.
 */
export async function runUnitOfWork<R>(
  store: EventStore,
  context: CommandContext,
  work: (uow: UnitOfWork) => Promise<R>,
  options: UnitOfWorkOptions = {},
): Promise<UnitOfWorkResult<R>> {
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const locks = streamLocksOf(store);
  let held: HeldLocks | undefined;
  let reuse: Reuse = {};
  let turns = 0;
  try {
    for (let attempt = 0; ; ) {
      const uow = new UnitOfWork(store, context, options.expected, reuse);
      reuse = {};
      let result: R;
      try {
        result = await work(uow);
      } catch (error) {
        // A rule refused the command on reads that no longer hold together: decide again.
        if (error instanceof CodedError && !(error instanceof ConcurrencyError) && attempt < maxRetries && (await uow.readsAreStale())) {
          await backoff(attempt++);
          continue;
        }
        throw error;
      }
      if (options.expected && uow.versionOf(options.expected.streamId) === undefined && options.expected.version !== 0) {
        // The stream the client named was never read, so it is still empty.
        throw new ConcurrencyError(options.expected.streamId, String(options.expected.version), 0);
      }
      const writes = uow.writes;
      // Decided while the edge's idempotency claim may still be on its way: nothing is appended
      // (nor are locks taken and held) before it succeeded; a failed claim ends the command here.
      if (writes.length > 0 && context.beforeWrite) await context.beforeWrite();
      if (!writes.every((streamId) => held?.streams.has(streamId))) {
        // Locks are taken in one sorted pass, never added to, so two commands never wait on each other.
        const wanted = [...(held?.streams ?? []), ...writes];
        held?.release();
        held = await locks.acquire(wanted);
        const overtaken = uow.overtaken();
        // Bounded: while the locks are held no command of this process moves these streams, so
        // only a decision that names new streams (another fund) can take another turn.
        if (overtaken.length > 0 && turns++ < MAX_TURNS) {
          reuse = { reads: uow.readsExcept(overtaken), held: held.streams };
          continue;
        }
      }
      try {
        const appended = await uow.commit();
        uow.remember(appended);
        return {
          result,
          appended,
          versionOf: (streamId) => appended.find((a) => a.streamId === streamId)?.version ?? uow.versionOf(streamId) ?? 0,
        };
      } catch (error) {
        // A client's If-Match names the version it saw: a race lost after it is not decided again.
        if (!(error instanceof ConcurrencyError) || attempt >= (options.maxRetries ?? LOCKED_MAX_RETRIES) || options.expected) throw error;
        // Another process wrote this stream: it is read again from the store (the locks stay
        // held, so this process does not race itself meanwhile) and the other reads are reused,
        // which keeps the next try short enough to win against a busy replica; if another
        // written stream moved as well, the next append names that one.
        reuse = { reads: uow.readsExcept([error.streamId]) };
        await backoff(attempt++, LOCKED_RETRY_PAUSE_MS);
      }
    }
  } finally {
    held?.release();
  }
}
