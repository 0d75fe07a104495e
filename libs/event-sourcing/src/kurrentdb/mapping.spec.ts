import {
  ANY,
  NO_STREAM,
  START as KURRENT_START,
  STREAM_EXISTS,
  UnavailableError,
  UnsupportedError,
  WrongExpectedVersionError,
  type AllStreamJSONRecordedEvent,
} from '@kurrent/kurrentdb-client';
import type { EventMetadata } from '../event';
import { START } from '../event';
import { ConcurrencyError, StreamNotFoundError } from '../errors';
import type { AppendRequest } from '../event-store';
import { UpcasterRegistry } from '../upcasting';
import { anEvent, meta } from '../testing';
import { KurrentDbEventFormatError, KurrentDbPositionOutOfRangeError, MultiStreamAppendUnsupportedError } from './kurrentdb-errors';
import {
  decodeMetadata,
  describeExpected,
  encodeMetadata,
  isStart,
  toLogPosition,
  toReadPosition,
  toRecordedEvent,
  toStreamState,
  translateAppendError,
  versionOfRevision,
  versionOfState,
} from './mapping';

describe('KurrentDB mapping: expected versions (ours 1-based, revisions 0-based)', () => {
  it.each([
    ['no_stream', NO_STREAM],
    [0, NO_STREAM],
    ['stream_exists', STREAM_EXISTS],
    ['any', ANY],
    [1, 0n],
    [2, 1n],
    [1_000_000, 999_999n],
  ] as const)('%p -> %p', (ours, theirs) => {
    expect(toStreamState(ours)).toBe(theirs);
  });

  it('refuses negative and fractional versions', () => {
    expect(() => toStreamState(-1)).toThrow('whole number');
    expect(() => toStreamState(1.5)).toThrow('whole number');
  });

  it('a revision is one less than our version; missing, deleted and tombstoned streams are version 0', () => {
    expect(versionOfRevision(0n)).toBe(1);
    expect(versionOfRevision(41n)).toBe(42);
    expect(versionOfState(NO_STREAM)).toBe(0);
    expect(versionOfState(0n)).toBe(1);
    expect(versionOfState(6n)).toBe(7);
    expect(versionOfState(-5n)).toBe(0);
    expect(versionOfState(-6n)).toBe(0);
  });

  it('names expectations in errors the way the SQL adapters do', () => {
    expect(describeExpected(3)).toBe('3');
    expect(describeExpected('no_stream')).toBe('no_stream');
  });
});

describe('KurrentDB mapping: positions', () => {
  it('maps (commit, prepare) 1:1 and back', () => {
    const position = toLogPosition({ commit: 4_096n, prepare: 4_000n });
    expect(position).toEqual({ commit: 4096, prepare: 4000 });
    expect(toReadPosition(position)).toEqual({ commit: 4_096n, prepare: 4_000n });
  });

  it('is exact up to 2^53 - 1 and refuses anything larger instead of rounding', () => {
    const max = BigInt(Number.MAX_SAFE_INTEGER);
    expect(toLogPosition({ commit: max, prepare: max })).toEqual({ commit: Number.MAX_SAFE_INTEGER, prepare: Number.MAX_SAFE_INTEGER });
    expect(() => toLogPosition({ commit: max + 1n, prepare: 0n })).toThrow(KurrentDbPositionOutOfRangeError);
    expect(() => toLogPosition({ commit: 0n, prepare: 2n ** 64n - 1n })).toThrow(/prepare position 18446744073709551615/);
    expect(() => toReadPosition({ commit: 2 ** 53, prepare: 0 })).toThrow(KurrentDbPositionOutOfRangeError);
  });

  it('START (and anything before it) reads from the beginning of the log', () => {
    expect(toReadPosition(START)).toBe(KURRENT_START);
    expect(toReadPosition({ commit: -1, prepare: 7 })).toBe(KURRENT_START);
    expect(isStart(undefined)).toBe(true);
    expect(isStart(START)).toBe(true);
    expect(isStart({ commit: 0, prepare: 0 })).toBe(false);
  });
});

describe('KurrentDB mapping: metadata', () => {
  const full: EventMetadata = {
    ...meta(),
    causationId: 'c0ffee00-0000-4000-8000-000000000001',
    protocolVersion: 'p-2026.1',
  };

  it('stores every field but the event id as a flat object of strings, and reads it back unchanged', () => {
    const stored = encodeMetadata(full);
    expect(Object.values(stored).every((v) => typeof v === 'string')).toBe(true);
    expect(stored).not.toHaveProperty('eventId');
    expect(stored).toMatchObject({ schemaVersion: '1', 'actor.role': 'coordinator', protocolVersion: 'p-2026.1' });
    expect(decodeMetadata(JSON.parse(JSON.stringify(stored)), full.eventId, 's-1')).toEqual(full);
  });

  it('round-trips a null causation id and an absent protocol version exactly', () => {
    const plain = meta();
    const decoded = decodeMetadata(encodeMetadata(plain), plain.eventId, 's-1');
    expect(decoded).toStrictEqual(plain);
  });

  it('normalises occurredAt to ISO with milliseconds, like the SQL adapters', () => {
    const stored = encodeMetadata({ ...full, occurredAt: '2026-10-01T14:00:00+02:00' });
    expect(stored.occurredAt).toBe('2026-10-01T12:00:00.000Z');
    expect(() => encodeMetadata({ ...full, occurredAt: 'yesterday' })).toThrow('occurredAt');
    expect(() => encodeMetadata({ ...full, schemaVersion: 0 })).toThrow('schemaVersion');
  });

  it('keeps fields a later EventMetadata may add, as JSON', () => {
    const extended = { ...full, tenant: { id: 't-1', tier: 2 } } as EventMetadata;
    const stored = encodeMetadata(extended);
    expect(stored['json.tenant']).toBe('{"id":"t-1","tier":2}');
    expect(decodeMetadata(stored, full.eventId, 's-1')).toEqual(extended);
  });

  it("ignores the server's own $-keys (multi-stream appends add $schema.*)", () => {
    const stored = { ...encodeMetadata(full), '$schema.name': 'RequestApproved', '$schema.format': 'Json' };
    expect(decodeMetadata(stored, full.eventId, 's-1')).toEqual(full);
  });

  it('refuses metadata this service did not write, naming the event', () => {
    const bad = [undefined, 'text', [1], new Uint8Array([1]), { schemaVersion: '1' }, { ...encodeMetadata(full), schemaVersion: 'one' }];
    for (const raw of bad) expect(() => decodeMetadata(raw, 'e-1', 's-1')).toThrow(KurrentDbEventFormatError);
    expect(() => decodeMetadata({ ...encodeMetadata(full), 'actor.userId': 7 }, 'e-1', 's-1')).toThrow('actor.userId is not a string');
  });
});

describe('KurrentDB mapping: recorded events', () => {
  const event = anEvent('AmountRecorded', { amountDollars: 12.5 });
  const raw = (overrides: Partial<AllStreamJSONRecordedEvent> = {}): AllStreamJSONRecordedEvent => ({
    streamId: 'fund-1',
    id: event.metadata.eventId,
    isJson: true,
    revision: 4n,
    type: 'AmountRecorded',
    created: new Date('2026-10-01T12:00:01.000Z'),
    data: { amountDollars: 12.5 },
    metadata: encodeMetadata(event.metadata),
    position: { commit: 9_000n, prepare: 8_800n },
    ...overrides,
  });

  it('gives 1-based versions, the prepare position as globalPosition, and applies upcasters', () => {
    const upcasters = new UpcasterRegistry([
      { type: 'AmountRecorded', fromVersion: 1, upcast: (d) => ({ amountCents: Math.round((d.amountDollars as number) * 100) }) },
    ]);
    const recorded = toRecordedEvent(raw(), upcasters);
    expect(recorded).toMatchObject({
      type: 'AmountRecorded',
      data: { amountCents: 1250 },
      streamId: 'fund-1',
      streamVersion: 5,
      globalPosition: 8800,
      position: { commit: 9000, prepare: 8800 },
      recordedAt: new Date('2026-10-01T12:00:01.000Z'),
    });
    expect(recorded.metadata).toEqual({ ...event.metadata, schemaVersion: 2 });
  });

  it('refuses events without a position, or whose data is not a JSON object', () => {
    const registry = new UpcasterRegistry();
    expect(() => toRecordedEvent({ ...raw(), position: undefined } as unknown as AllStreamJSONRecordedEvent, registry)).toThrow(
      'no log position',
    );
    expect(() => toRecordedEvent(raw({ data: ['a'] }), registry)).toThrow('not a JSON object');
    expect(() => toRecordedEvent(raw({ data: 'text' }), registry)).toThrow(KurrentDbEventFormatError);
  });
});

describe('KurrentDB mapping: append errors', () => {
  const request = (expectedVersion: AppendRequest['expectedVersion'], streamId = 'fund-1'): AppendRequest => ({
    streamId,
    expectedVersion,
    events: [anEvent()],
  });

  it('a wrong expected version is a ConcurrencyError naming our expectation and our actual version', () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 'fund-1', expected: 0n, current: 1n });
    const translated = translateAppendError(error, [request(1)]);
    expect(translated).toBeInstanceOf(ConcurrencyError);
    expect(translated).toMatchObject({ code: 'EVENT_STORE.CONCURRENCY_CONFLICT', streamId: 'fund-1', expected: '1', actual: 2 });
  });

  it('no_stream against an existing stream reports its version', () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 'fund-1', expected: NO_STREAM, current: 0n });
    expect(translateAppendError(error, [request('no_stream')])).toMatchObject({ expected: 'no_stream', actual: 1 });
  });

  it('stream_exists against a missing stream is StreamNotFoundError', () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 'fund-1', expected: STREAM_EXISTS, current: NO_STREAM });
    expect(translateAppendError(error, [request('stream_exists')])).toBeInstanceOf(StreamNotFoundError);
  });

  it('a multi-stream conflict (v2 protocol details) names the stream that failed', () => {
    const error = WrongExpectedVersionError.fromRevisionConflict({ stream: 'request-9', expectedRevision: '0', actualRevision: '2' });
    const translated = translateAppendError(error, [request(2, 'fund-1'), request(1, 'request-9')]);
    expect(translated).toMatchObject({ streamId: 'request-9', expected: '1', actual: 3 });
    const missing = WrongExpectedVersionError.fromRevisionConflict({ stream: 'request-9', expectedRevision: '-1', actualRevision: '-1' });
    expect(translateAppendError(missing, [request('any', 'fund-1')])).toMatchObject({ streamId: 'request-9', expected: 'no_stream', actual: 0 });
  });

  it('an old server without multi-stream appends is a clear error; anything else passes through', () => {
    expect(translateAppendError(new UnsupportedError('multiStreamAppend', '25.1'), [])).toEqual(new MultiStreamAppendUnsupportedError('25.1'));
    const unavailable = new UnavailableError(undefined, 'down');
    expect(translateAppendError(unavailable, [request(1)])).toBe(unavailable);
  });
});
