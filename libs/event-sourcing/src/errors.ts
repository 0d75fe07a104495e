/**
 * Errors carry a stable `code` (never reworded once published) so the HTTP edge can map them
 * to a status in one place and clients can branch on them.
 */
/** `unavailable`: the answer exists but not yet (a read model behind a given position); retry shortly. */
export type ErrorKind = 'validation' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'precondition' | 'rule' | 'unavailable' | 'internal';

export abstract class CodedError extends Error {
  abstract readonly code: string;
  abstract readonly kind: ErrorKind;
  /** Safe to show to the caller: never survivor data, narrative text or secrets. */
  readonly details: Readonly<Record<string, unknown>>;

  protected constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class ConcurrencyError extends CodedError {
  readonly code = 'EVENT_STORE.CONCURRENCY_CONFLICT';
  readonly kind = 'conflict';
  constructor(
    readonly streamId: string,
    readonly expected: string,
    readonly actual: number,
  ) {
    super(`Stream ${streamId} is at version ${actual}, expected ${expected}`, { streamId, expected, actual });
  }
}

export class StreamNotFoundError extends CodedError {
  readonly code = 'EVENT_STORE.STREAM_NOT_FOUND';
  readonly kind = 'not_found';
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} does not exist`, { streamId });
  }
}

export class DuplicateEventError extends CodedError {
  readonly code = 'EVENT_STORE.DUPLICATE_EVENT_ID';
  readonly kind = 'conflict';
  constructor(readonly eventIds: readonly string[]) {
    super('Some of these event ids are already stored with different content or in another append', {
      eventIds,
    });
  }
}

/**
 * A business rule refused a command. Deciders throw these; `code` looks like
 * `FUND_REQUEST.OVER_CAP`. `details` says what would have been allowed.
 */
export class DomainError extends CodedError {
  readonly kind: ErrorKind;
  constructor(
    readonly code: string,
    message: string,
    details: Record<string, unknown> = {},
    kind: ErrorKind = 'rule',
  ) {
    super(message, details);
    this.kind = kind;
  }
}

export function isCodedError(error: unknown): error is CodedError {
  return error instanceof CodedError;
}
