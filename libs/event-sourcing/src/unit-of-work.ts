import type { CommandContext, DomainEvent } from './event';
import type { AppendResult, EventStore } from './event-store';
import { CodedError, ConcurrencyError } from './errors';
import { asArray, type Decider } from './decider';
import { toEventsToAppend, type EventMetaOptions } from './handle-command';
import { loadStreamState } from './stream-state-cache';
import { backoff } from './backoff';

type Evolver<S, E extends DomainEvent> = Pick<Decider<S, never, E>, 'initialState' | 'evolve'>;

export interface Loaded<S> {
  readonly state: S;
  readonly version: number;
}

/**
 * One decision over several aggregates (approve a request *and* reserve money in a fund *and*
 * count it against the survivor reference's 12-month cap). Streams are read, the decision
 * recorded per stream, and everything is appended in one atomic `appendMany` with the versions
 * that were read: if any stream moved meanwhile, nothing is written and the whole decision is
 * taken again on fresh state.
 */
export class UnitOfWork {
  private readonly versions = new Map<string, number>();
  private readonly pending = new Map<string, { events: DomainEvent[]; options: EventMetaOptions }>();

  constructor(
    private readonly store: EventStore,
    readonly context: CommandContext,
  ) {}

  async load<S, E extends DomainEvent>(streamId: string, decider: Evolver<S, E>): Promise<Loaded<S>> {
    const { state, version } = await loadStreamState(this.store, streamId, decider);
    this.versions.set(streamId, version);
    return { state, version };
  }

  /** Loads, decides and records in one step; returns the state after the new events. */
  async decide<S, C, E extends DomainEvent>(
    streamId: string,
    decider: Decider<S, C, E>,
    command: C,
    options: EventMetaOptions = {},
  ): Promise<{ state: S; events: readonly E[]; before: S }> {
    const { state } = await this.load(streamId, decider);
    const events = asArray(decider.decide(command, state));
    this.record(streamId, events, options);
    return { before: state, events, state: events.reduce((s, e) => decider.evolve(s, e), state) };
  }

  record(streamId: string, events: readonly DomainEvent[], options: EventMetaOptions = {}): void {
    if (!this.versions.has(streamId)) throw new Error(`Stream ${streamId} must be loaded before recording on it`);
    if (events.length === 0) return;
    const current = this.pending.get(streamId);
    if (current) current.events.push(...events);
    else this.pending.set(streamId, { events: [...events], options });
  }

  versionOf(streamId: string): number | undefined {
    return this.versions.get(streamId);
  }

  /**
   * Streams are read one after another, so a refusal may come from mixing an older read of one
   * stream with a newer read of another. True when any stream read has moved since.
   */
  async readsAreStale(): Promise<boolean> {
    for (const [streamId, version] of this.versions) {
      const { version: now } = await this.store.readStream(streamId, { fromVersion: Number.MAX_SAFE_INTEGER });
      if (now !== version) return true;
    }
    return false;
  }

  async commit(): Promise<AppendResult[]> {
    if (this.pending.size === 0) return [];
    return this.store.appendMany(
      [...this.pending.entries()].map(([streamId, { events, options }]) => {
        const version = this.versions.get(streamId) ?? 0;
        return {
          streamId,
          expectedVersion: version === 0 ? ('no_stream' as const) : version,
          events: toEventsToAppend(events, this.context, streamId, options),
        };
      }),
    );
  }
}

export interface UnitOfWorkOptions {
  /** From If-Match: the version of the command's main stream the client decided on. */
  readonly expected?: { readonly streamId: string; readonly version: number };
  readonly maxRetries?: number;
}

export interface UnitOfWorkResult<R> {
  readonly result: R;
  readonly appended: readonly AppendResult[];
  versionOf(streamId: string): number;
}

export async function runUnitOfWork<R>(
  store: EventStore,
  context: CommandContext,
  work: (uow: UnitOfWork) => Promise<R>,
  options: UnitOfWorkOptions = {},
): Promise<UnitOfWorkResult<R>> {
  const maxRetries = options.maxRetries ?? 10;
  const expected = options.expected;
  for (let attempt = 0; ; attempt++) {
    const uow = new UnitOfWork(store, context);
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
    if (expected) {
      const actual = uow.versionOf(expected.streamId) ?? 0;
      if (actual !== expected.version) throw new ConcurrencyError(expected.streamId, String(expected.version), actual);
    }
    try {
      const appended = await uow.commit();
      return {
        result,
        appended,
        versionOf: (streamId) => appended.find((a) => a.streamId === streamId)?.version ?? uow.versionOf(streamId) ?? 0,
      };
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= maxRetries || expected) throw error;
      await backoff(attempt);
    }
  }
}
