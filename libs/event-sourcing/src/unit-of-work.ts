import type { CommandContext, DomainEvent, EventToAppend } from './event';
import type { AppendResult, EventStore } from './event-store';
import { CodedError, ConcurrencyError } from './errors';
import { asArray, type Decider, type EventMetaOptions, type Plan } from './decider';
import { eventIdFor } from './event-ids';
import { loadStreamState } from './stream-state-cache';
import { backoff } from './backoff';

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
  private readonly pending = new Map<string, { events: DomainEvent[]; options: EventMetaOptions }>();

  constructor(
    private readonly store: EventStore,
    readonly context: CommandContext,
    private readonly expected?: IfMatchVersion,
  ) {}

  async load<S, E extends DomainEvent>(streamId: string, decider: Evolver<S, E>): Promise<Loaded<S>> {
    const known = this.loaded.get(streamId);
    // One decider per stream, so the state kept for it is that decider's state.
    if (known) return { state: known.state as S, version: known.version };
    const started = performance.now();
    const { state, version } = await loadStreamState(this.store, streamId, decider);
    this.context.timing?.add('load', performance.now() - started);
    // A client that decided on an older version is told so before any rule speaks.
    if (this.expected?.streamId === streamId && this.expected.version !== version) {
      throw new ConcurrencyError(streamId, String(this.expected.version), version);
    }
    this.loaded.set(streamId, { state, version });
    return { state, version };
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

  /**
   * Streams are read one after another, so a refusal may come from mixing an older read of one
   * stream with a newer read of another. True when any stream read has moved since.
   */
  async readsAreStale(): Promise<boolean> {
    for (const [streamId, { version }] of this.loaded) {
      const { version: now } = await this.store.readStream(streamId, { fromVersion: Number.MAX_SAFE_INTEGER });
      if (now !== version) return true;
    }
    return false;
  }

  async commit(): Promise<AppendResult[]> {
    if (this.pending.size === 0) return [];
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

/** The one runner of commands: read -> fold -> decide (-> follow the plan) -> append atomically. */
export async function runUnitOfWork<R>(
  store: EventStore,
  context: CommandContext,
  work: (uow: UnitOfWork) => Promise<R>,
  options: UnitOfWorkOptions = {},
): Promise<UnitOfWorkResult<R>> {
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  for (let attempt = 0; ; attempt++) {
    const uow = new UnitOfWork(store, context, options.expected);
    let result: R;
    try {
      result = await work(uow);
    } catch (error) {
      // A rule refused the command on reads that no longer hold together: decide again.
      if (error instanceof CodedError && !(error instanceof ConcurrencyError) && attempt < maxRetries && (await uow.readsAreStale())) {
        await backoff(attempt);
        continue;
      }
      throw error;
    }
    if (options.expected && uow.versionOf(options.expected.streamId) === undefined && options.expected.version !== 0) {
      // The stream the client named was never read, so it is still empty.
      throw new ConcurrencyError(options.expected.streamId, String(options.expected.version), 0);
    }
    try {
      const appended = await uow.commit();
      return {
        result,
        appended,
        versionOf: (streamId) => appended.find((a) => a.streamId === streamId)?.version ?? uow.versionOf(streamId) ?? 0,
      };
    } catch (error) {
      // A client's If-Match names the version it saw: a race lost after it is not decided again.
      if (!(error instanceof ConcurrencyError) || attempt >= maxRetries || options.expected) throw error;
      await backoff(attempt);
    }
  }
}
