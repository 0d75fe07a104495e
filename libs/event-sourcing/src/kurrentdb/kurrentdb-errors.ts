import { CodedError } from '../errors';

/**
 * A decision touching several streams needs KurrentDB's atomic multi-stream append (server
 * 25.1 or later). The adapter never falls back to appending stream by stream: a crash between
 * two appends would leave money reserved for a request that was never approved.
 */
export class MultiStreamAppendUnsupportedError extends CodedError {
  readonly code = 'EVENT_STORE.MULTI_STREAM_APPEND_UNSUPPORTED';
  readonly kind = 'internal';
  constructor(readonly minimumVersion: string) {
    super(`The KurrentDB server does not support atomic multi-stream appends; version ${minimumVersion} or later is required`, {
      minimumVersion,
    });
  }
}

/**
 * KurrentDB positions are unsigned 64-bit; `LogPosition` holds JS numbers, exact up to 2^53
 * (8 PiB of transaction log). Beyond that a position would silently round and checkpoints
 * could skip or repeat events, so the adapter refuses instead (docs/adr/0004).
 */
export class KurrentDbPositionOutOfRangeError extends CodedError {
  readonly code = 'EVENT_STORE.POSITION_OUT_OF_RANGE';
  readonly kind = 'internal';
  constructor(
    readonly part: 'commit' | 'prepare',
    readonly value: string,
  ) {
    super(`KurrentDB ${part} position ${value} is outside the exactly representable range 0..${Number.MAX_SAFE_INTEGER}`, {
      part,
      value,
    });
  }
}

/**
 * An event in the database that this service cannot have written (not JSON, no metadata of
 * ours). Refused loudly: skipping it could hide a money movement from projections.
 */
export class KurrentDbEventFormatError extends CodedError {
  readonly code = 'EVENT_STORE.UNREADABLE_EVENT';
  readonly kind = 'internal';
  constructor(
    readonly streamId: string,
    readonly eventId: string,
    reason: string,
  ) {
    super(`Event ${eventId} in stream ${streamId} cannot be read: ${reason}`, { streamId, eventId });
  }
}
