/**
 * Pure translations between the port's types and KurrentDB's (docs/adr/0004). No I/O here, so
 * every rule is unit-tested without a server.
 */
import {
  ANY,
  NO_STREAM,
  START as KURRENT_START,
  STREAM_EXISTS,
  UnsupportedError,
  WrongExpectedVersionError,
  type AppendStreamState,
  type CurrentStreamState,
  type Position,
  type ReadPosition,
  type RecordedEvent as KurrentRecordedEvent,
} from '@kurrent/kurrentdb-client';
import type { Actor, EventMetadata, ExpectedVersion, LogPosition, RecordedEvent, Role } from '../event';
import { START, comparePositions } from '../event';
import { ConcurrencyError, StreamNotFoundError } from '../errors';
import type { AppendRequest } from '../event-store';
import type { UpcasterRegistry } from '../upcasting';
import { KurrentDbEventFormatError, KurrentDbPositionOutOfRangeError, MultiStreamAppendUnsupportedError } from './kurrentdb-errors';

// ---------------------------------------------------------------------------------------------
// Versions. Ours are 1-based counts (first event = version 1, empty stream = 0); KurrentDB's
// revisions are 0-based indexes of the last event. ours = revision + 1.
// ---------------------------------------------------------------------------------------------

/** The stream state the server checks for an expected version of ours. */
export function toStreamState(expected: ExpectedVersion): AppendStreamState {
  if (expected === 'no_stream' || expected === 0) return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  if (expected === 'any') return ANY;
  assertVersion(expected);
  return BigInt(expected - 1);
}

/** Version of ours after the event at this revision. */
export function versionOfRevision(revision: bigint): number {
  return Number(revision) + 1;
}

/**
 * The version of ours a server-reported stream state stands for. Deleted (-5) and tombstoned
 * (-6) streams hold no readable events, so they count as empty.
 */
export function versionOfState(state: CurrentStreamState): number {
  if (state === NO_STREAM || state < 0n) return 0;
  return versionOfRevision(state);
}

/** How an expectation is named in `ConcurrencyError.expected`, the same on every adapter. */
export function describeExpected(expected: ExpectedVersion): string {
  return typeof expected === 'number' ? String(expected) : expected;
}

export function assertVersion(version: number): void {
  if (!Number.isSafeInteger(version) || version < 0) throw new Error(`An expected version must be a whole number >= 0, got ${version}`);
}

// ---------------------------------------------------------------------------------------------
// Positions. KurrentDB's (commit, prepare) map 1:1 to LogPosition; both are byte offsets in the
// transaction log, so they grow but are not dense.
// ---------------------------------------------------------------------------------------------

const MAX_POSITION = BigInt(Number.MAX_SAFE_INTEGER);

export function toLogPosition(position: Position): LogPosition {
  return { commit: exactNumber(position.commit, 'commit'), prepare: exactNumber(position.prepare, 'prepare') };
}

function exactNumber(value: bigint, part: 'commit' | 'prepare'): number {
  if (value < 0n || value > MAX_POSITION) throw new KurrentDbPositionOutOfRangeError(part, value.toString());
  return Number(value);
}

/** Where a read or subscription starts; anything at or before START is the log's beginning. */
export function toReadPosition(position: LogPosition): ReadPosition {
  if (comparePositions(position, START) <= 0 || position.commit < 0 || position.prepare < 0) return KURRENT_START;
  for (const part of ['commit', 'prepare'] as const) {
    if (!Number.isSafeInteger(position[part])) throw new KurrentDbPositionOutOfRangeError(part, String(position[part]));
  }
  return { commit: BigInt(position.commit), prepare: BigInt(position.prepare) };
}

export function isStart(position: LogPosition | undefined): boolean {
  return position === undefined || toReadPosition(position) === KURRENT_START;
}

// ---------------------------------------------------------------------------------------------
// Metadata. Stored as a flat object of string values: the multi-stream append API (v2
// protocol) accepts nothing else, and one shape for both append paths keeps one decoder. The
// event id is KurrentDB's own event id, so it is not repeated here.
// ---------------------------------------------------------------------------------------------

export type KurrentMetadata = Readonly<Record<string, string>>;

const KEY = {
  schemaVersion: 'schemaVersion',
  occurredAt: 'occurredAt',
  actorUserId: 'actor.userId',
  actorRole: 'actor.role',
  actorOrganizationId: 'actor.organizationId',
  correlationId: 'correlationId',
  causationId: 'causationId',
  protocolVersion: 'protocolVersion',
} as const;

/** Fields a later EventMetadata may add travel as JSON under this prefix, so nothing is lost. */
const EXTRA_PREFIX = 'json.';

export function encodeMetadata(metadata: EventMetadata): KurrentMetadata {
  const { eventId: _eventId, schemaVersion, occurredAt, actor, correlationId, causationId, protocolVersion, ...extra } = metadata;
  if (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1) throw new Error(`schemaVersion must be a whole number >= 1, got ${schemaVersion}`);
  const occurred = new Date(occurredAt);
  if (Number.isNaN(occurred.getTime())) throw new Error(`occurredAt must be an ISO date-time, got ${occurredAt}`);
  const out: Record<string, string> = {
    [KEY.schemaVersion]: String(schemaVersion),
    // Normalised like the SQL adapters' timestamptz column, so every adapter returns the same text.
    [KEY.occurredAt]: occurred.toISOString(),
    [KEY.actorUserId]: actor.userId,
    [KEY.actorRole]: actor.role,
    [KEY.actorOrganizationId]: actor.organizationId,
    [KEY.correlationId]: correlationId,
  };
  if (causationId !== null) out[KEY.causationId] = causationId;
  if (protocolVersion !== undefined) out[KEY.protocolVersion] = protocolVersion;
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined) out[`${EXTRA_PREFIX}${key}`] = JSON.stringify(value);
  }
  return out;
}

/**
 * Reads metadata written by {@link encodeMetadata}. Keys starting with `$` are the server's own
 * (`$schema.name`, `$schema.format` on events written through the v2 protocol) and are ignored.
 */
export function decodeMetadata(raw: unknown, eventId: string, streamId: string): EventMetadata {
  const fail = (reason: string) => new KurrentDbEventFormatError(streamId, eventId, reason);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || raw instanceof Uint8Array) {
    throw fail('metadata is not a JSON object');
  }
  const fields = raw as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const value = fields[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw fail(`metadata field ${key} is not a string`);
    return value;
  };
  const required = (key: string): string => {
    const value = text(key);
    if (value === undefined) throw fail(`metadata field ${key} is missing`);
    return value;
  };
  const schemaVersion = Number(required(KEY.schemaVersion));
  if (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1) throw fail('metadata field schemaVersion is not a whole number >= 1');
  const actor: Actor = {
    userId: required(KEY.actorUserId),
    role: required(KEY.actorRole) as Role,
    organizationId: required(KEY.actorOrganizationId),
  };
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!key.startsWith(EXTRA_PREFIX) || typeof value !== 'string') continue;
    try {
      extra[key.slice(EXTRA_PREFIX.length)] = JSON.parse(value) as unknown;
    } catch {
      throw fail(`metadata field ${key} is not JSON`);
    }
  }
  const protocolVersion = text(KEY.protocolVersion);
  return {
    ...extra,
    eventId,
    schemaVersion,
    occurredAt: required(KEY.occurredAt),
    actor,
    correlationId: required(KEY.correlationId),
    causationId: text(KEY.causationId) ?? null,
    ...(protocolVersion === undefined ? {} : { protocolVersion }),
  };
}

// ---------------------------------------------------------------------------------------------
// Recorded events.
// ---------------------------------------------------------------------------------------------

/** A stored KurrentDB event as the port's RecordedEvent: versions 1-based, upcasting applied. */
export function toRecordedEvent(raw: KurrentRecordedEvent, upcasters: UpcasterRegistry): RecordedEvent {
  if (!raw.isJson) throw new KurrentDbEventFormatError(raw.streamId, raw.id, 'data is not JSON');
  const data: unknown = raw.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new KurrentDbEventFormatError(raw.streamId, raw.id, 'data is not a JSON object');
  }
  if (!raw.position) {
    // Stream reads carry positions from server 22.6 on; without them checkpoints cannot work.
    throw new KurrentDbEventFormatError(raw.streamId, raw.id, 'the server returned no log position (KurrentDB 25.1 or later is required)');
  }
  const metadata = decodeMetadata(raw.metadata, raw.id, raw.streamId);
  const upcast = upcasters.upcast(raw.type, metadata.schemaVersion, data as Record<string, unknown>);
  const position = toLogPosition(raw.position);
  return {
    type: raw.type,
    data: upcast.data,
    metadata: { ...metadata, schemaVersion: upcast.schemaVersion },
    streamId: raw.streamId,
    streamVersion: versionOfRevision(raw.revision),
    // The prepare position names the event uniquely; it grows but is not dense (byte offsets).
    globalPosition: position.prepare,
    position,
    recordedAt: raw.created,
  } as unknown as RecordedEvent;
}

// ---------------------------------------------------------------------------------------------
// Errors.
// ---------------------------------------------------------------------------------------------

/** The client's errors as the port's typed errors; anything else passes through unchanged. */
export function translateAppendError(error: unknown, requests: readonly AppendRequest[]): unknown {
  if (error instanceof WrongExpectedVersionError) {
    const request = requests.find((r) => r.streamId === error.streamName);
    const streamId = request?.streamId ?? error.streamName;
    const actual = versionOfState(error.actualState);
    if (request?.expectedVersion === 'stream_exists' && actual === 0) return new StreamNotFoundError(streamId);
    const expected = request ? describeExpected(request.expectedVersion) : describeState(error.expectedState);
    return new ConcurrencyError(streamId, expected, actual);
  }
  if (error instanceof UnsupportedError) return new MultiStreamAppendUnsupportedError(error.minimumVersion);
  return error;
}

function describeState(state: AppendStreamState): string {
  return typeof state === 'bigint' ? String(versionOfRevision(state)) : state;
}
