import type { DomainEvent, EventToAppend, ExpectedVersion, LogPosition, RecordedEvent } from './event';

export interface AppendRequest {
  readonly streamId: string;
  readonly expectedVersion: ExpectedVersion;
  readonly events: readonly EventToAppend[];
}

export interface AppendResult {
  readonly streamId: string;
  /** The stream's version after the append: pass it as the next expected version. */
  readonly version: number;
  readonly firstGlobalPosition: number;
  readonly lastPosition: LogPosition;
  /** True when every event id was already stored by an earlier identical append. */
  readonly duplicate: boolean;
}

export interface ReadStreamOptions {
  /** First version to return (1-based, inclusive). */
  readonly fromVersion?: number;
  readonly maxCount?: number;
}

/** One stream of a multi-stream read (`EventStore.readStreams`). */
export interface StreamRead {
  readonly streamId: string;
  /** First version to return (1-based, inclusive). */
  readonly fromVersion?: number;
}

export interface StreamSlice<E extends DomainEvent = DomainEvent> {
  /** Current version of the whole stream; 0 when it does not exist. */
  readonly version: number;
  readonly events: readonly RecordedEvent<E>[];
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omit to start at the beginning. */
  readonly after?: LogPosition;
  readonly limit: number;
}

export interface SubscribeOptions extends Partial<ReadAllOptions> {
  readonly signal: AbortSignal;
  /** Longest wait between polls when idle, in milliseconds. */
  readonly pollIntervalMs?: number;
}

/**
 * The event store port. Adapters: embedded PGlite, PostgreSQL (same SQL), KurrentDB.
 * Every adapter proves the same contract suite (`@fund/event-sourcing/testing`).
 */
export interface EventStore {
  readonly kind: string;
  append(request: AppendRequest): Promise<AppendResult>;
  /** All streams or none: one decision that touches several aggregates. */
  appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]>;
  readStream<E extends DomainEvent = DomainEvent>(streamId: string, options?: ReadStreamOptions): Promise<StreamSlice<E>>;
  /**
   * Several streams in one round trip, answered in the order asked; each slice is exactly what
   * `readStream` would return for it. Optional: a store without it is read stream by stream.
   */
  readStreams?<E extends DomainEvent = DomainEvent>(reads: readonly StreamRead[]): Promise<StreamSlice<E>[]>;
  /**
   * Events in global order, never returning an event while one that sorts before it might
   * still commit: a reader that follows `after` never skips anything.
   */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Batches from `after`, forever, until the signal aborts. Wakes on local appends. */
  subscribeToAll(options: SubscribeOptions): AsyncIterable<RecordedEvent[]>;
  /** Position of the newest event a reader may see now, or START when empty. */
  headPosition(): Promise<LogPosition>;
  /** How many visible events sort after `position` (capped, for lag reporting). */
  countAfter(position: LogPosition, cap?: number): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
