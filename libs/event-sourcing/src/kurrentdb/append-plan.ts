/**
 * Deciding an append before it is sent (docs/adr/0004, "Idempotent appends").
 *
 * KurrentDB recognises a retried append natively only when the retry names the exact slots the
 * first attempt took (an exact expected revision). With `any` / `stream_exists` it relies on an
 * in-memory cache of recent event ids, lost on restart, and it reports an idempotent retry as
 * an ordinary success. So the adapter first looks at the stream's tail:
 *  - all of the request's event ids are there, in one run: a retry, answered `duplicate: true`
 *    with the original positions, nothing written;
 *  - some are there: `DuplicateEventError`, nothing written;
 *  - none: the expectation is checked against the version seen, and the write is sent with the
 *    exact revision seen (also for `any`), so two racing copies of one append cannot both land.
 * These functions are pure; the store does the reads and the write.
 */
import { NO_STREAM, type AppendStreamState } from '@kurrent/kurrentdb-client';
import type { LogPosition } from '../event';
import { comparePositions } from '../event';
import { ConcurrencyError, DuplicateEventError, StreamNotFoundError } from '../errors';
import type { AppendRequest, AppendResult } from '../event-store';
import { describeExpected } from './mapping';

/** An event already in the stream, as far as deciding an append needs it. */
export interface StoredEventRef {
  readonly eventId: string;
  /** 1-based, like ours. */
  readonly version: number;
  readonly position: LogPosition;
}

/** What the adapter saw of a stream just before appending to it. */
export interface StreamObservation {
  /** Current version, 0 when the stream does not exist. */
  readonly version: number;
  /** The stream's newest events (and the slots an exact expectation aims at), in any order. */
  readonly events: readonly StoredEventRef[];
}

export type AppendPlan =
  | { readonly kind: 'duplicate'; readonly stored: readonly StoredEventRef[] }
  | {
      readonly kind: 'write';
      /** The version the write expects the stream to be at. */
      readonly atVersion: number;
      readonly streamState: AppendStreamState;
      /** `any` / `stream_exists`: another writer moving the stream is no conflict; look again. */
      readonly retryOnConflict: boolean;
    };

/**
 * The first version an exact expectation's events would take, minus one: where to look for a
 * retried append's events when the stream has moved past them. Undefined for `any` and
 * `stream_exists`, which name no slot.
 */
export function slotsStartAt(request: AppendRequest): number | undefined {
  const expected = request.expectedVersion;
  if (expected === 'no_stream') return 0;
  return typeof expected === 'number' ? expected : undefined;
}

export function planAppend(request: AppendRequest, seen: StreamObservation): AppendPlan {
  const ids = request.events.map((e) => e.metadata.eventId);
  // The server prints UUIDs in lower case; callers may not.
  const byId = new Map(seen.events.map((e) => [e.eventId.toLowerCase(), e]));
  const found = ids.map((id) => byId.get(id.toLowerCase()));
  const stored = found.filter((e): e is StoredEventRef => e !== undefined);

  if (stored.length === ids.length) {
    // A retry must find its events as it wrote them: one run, in order. Anything else means the
    // ids were reused for different events.
    const inOrder = stored.every((e, i) => e.version === stored[0]!.version + i);
    if (!inOrder) throw new DuplicateEventError(ids);
    return { kind: 'duplicate', stored };
  }
  if (stored.length > 0) throw new DuplicateEventError(stored.map((e) => e.eventId));

  const expected = request.expectedVersion;
  const current = seen.version;
  const write = (retryOnConflict: boolean): AppendPlan => ({
    kind: 'write',
    atVersion: current,
    streamState: current === 0 ? NO_STREAM : BigInt(current - 1),
    retryOnConflict,
  });
  if (expected === 'any') return write(true);
  if (expected === 'stream_exists') {
    if (current === 0) throw new StreamNotFoundError(request.streamId);
    return write(true);
  }
  const wanted = expected === 'no_stream' ? 0 : expected;
  if (current !== wanted) throw new ConcurrencyError(request.streamId, describeExpected(expected), current);
  return write(false);
}

/** The answer to a retried append: what the first attempt stored, marked as a duplicate. */
export function duplicateResult(streamId: string, stored: readonly StoredEventRef[]): AppendResult {
  const ordered = [...stored].sort((a, b) => a.version - b.version);
  const last = ordered.at(-1)!;
  return {
    streamId,
    version: last.version,
    firstGlobalPosition: Math.min(...ordered.map((e) => e.position.prepare)),
    lastPosition: ordered.reduce((max, e) => (comparePositions(e.position, max) > 0 ? e.position : max), last.position),
    duplicate: true,
  };
}

/** The answer to a fresh append, from its events read back after the write. */
export function writtenResult(streamId: string, written: readonly StoredEventRef[]): AppendResult {
  return { ...duplicateResult(streamId, written), duplicate: false };
}
