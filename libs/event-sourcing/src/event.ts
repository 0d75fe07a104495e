/**
 * Events are plain typed data: a past-tense `type` that never changes once published, and a
 * JSON-serialisable `data` payload. Everything about *who*, *when* and *why* lives in metadata.
 */
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly data: Data;
}

export const ROLES = ['provider', 'council', 'coordinator', 'auditor', 'funder', 'system'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  readonly userId: string;
  readonly role: Role;
  /** The member agency (or the coalition itself) the user acts for. */
  readonly organizationId: string;
}

/** What the edge knows about a command; turned into event metadata by the kernel. */
export interface CommandContext {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId?: string;
  /** The command's clock reading, taken once at the edge so deciders never read a clock. */
  readonly now: Date;
  /** Retries that carry the same key produce the same event ids, so the store drops the copy. */
  readonly idempotencyKey?: string;
  /** Told where the command's time went; the edge exposes it as metrics. Never stored. */
  readonly timing?: CommandTiming;
  /**
   * Resolves once the command may write; rejects when it must not (the edge's claim of its
   * Idempotency-Key, running beside the command's reads, failed). A unit of work awaits it
   * before it appends; a handler that writes anywhere else awaits it before that write.
   * Absent: the command may write at once.
   */
  readonly beforeWrite?: () => Promise<void>;
}

/** A sink for a command's phase durations (milliseconds), passed in rather than found in async context. */
export interface CommandTiming {
  add(phase: 'load' | 'decide' | 'append', ms: number): void;
}

export interface EventMetadata {
  readonly eventId: string;
  readonly schemaVersion: number;
  readonly occurredAt: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly protocolVersion?: string;
}

/** An event about to be appended: metadata is complete before it reaches the store. */
export interface EventToAppend<E extends DomainEvent = DomainEvent> {
  readonly type: E['type'];
  readonly data: E['data'];
  readonly metadata: EventMetadata;
}

/**
 * A position in the global log, ordered by (commit, prepare). On the SQL adapters `commit` is
 * the appending transaction id and `prepare` the event's sequence number; on KurrentDB they are
 * the server's own commit/prepare positions. Compare with {@link comparePositions}.
 */
export interface LogPosition {
  readonly commit: number;
  readonly prepare: number;
}

export const START: LogPosition = Object.freeze({ commit: -1, prepare: -1 });

export function comparePositions(a: LogPosition, b: LogPosition): number {
  return a.commit - b.commit || a.prepare - b.prepare;
}

interface RecordedEventFields {
  readonly metadata: EventMetadata;
  readonly streamId: string;
  /** 1 for the first event of a stream. */
  readonly streamVersion: number;
  /** A unique, increasing-per-append number that names the event in the global log. */
  readonly globalPosition: number;
  readonly position: LogPosition;
  readonly recordedAt: Date;
}

/** Distributes over an event union, so checking `type` narrows `data`. */
export type RecordedEvent<E extends DomainEvent = DomainEvent> = E extends DomainEvent
  ? RecordedEventFields & { readonly type: E['type']; readonly data: E['data'] }
  : never;

/**
 * `no_stream`: the stream must not exist yet. `stream_exists`: it must exist, any version.
 * `any`: no check. A number: the stream's current version (0 is the same as `no_stream`).
 */
export type ExpectedVersion = 'no_stream' | 'stream_exists' | 'any' | number;
