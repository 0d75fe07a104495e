import { NO_STREAM } from '@kurrent/kurrentdb-client';
import type { EventToAppend } from '../event';
import { ConcurrencyError, DuplicateEventError, StreamNotFoundError } from '../errors';
import type { AppendRequest } from '../event-store';
import { anEvent } from '../testing';
import { duplicateResult, planAppend, slotsStartAt, writtenResult, type StoredEventRef, type StreamObservation } from './append-plan';

const request = (expectedVersion: AppendRequest['expectedVersion'], events: EventToAppend[] = [anEvent()]): AppendRequest => ({
  streamId: 'fund-1',
  expectedVersion,
  events,
});

/** A stream of `version` events, the given ones at the given versions and others elsewhere. */
function stream(version: number, placed: Record<number, string> = {}): StreamObservation {
  const events: StoredEventRef[] = Array.from({ length: version }, (_, i) => ({
    eventId: placed[i + 1] ?? `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    version: i + 1,
    position: { commit: 1000 + i * 100, prepare: 1000 + i * 100 },
  }));
  return { version, events };
}

describe('planning a KurrentDB append: fresh writes', () => {
  it.each([
    ['no_stream', 0],
    [0, 0],
    [3, 3],
  ] as const)('expected %p on a stream at %p: written at that exact revision', (expected, version) => {
    const plan = planAppend(request(expected), stream(version));
    expect(plan).toEqual({ kind: 'write', atVersion: version, streamState: version === 0 ? NO_STREAM : BigInt(version - 1), retryOnConflict: false });
  });

  it('`any` is written at the version seen, so a racing copy of the same append cannot land twice', () => {
    expect(planAppend(request('any'), stream(0))).toMatchObject({ kind: 'write', streamState: NO_STREAM, retryOnConflict: true });
    expect(planAppend(request('any'), stream(5))).toMatchObject({ kind: 'write', atVersion: 5, streamState: 4n, retryOnConflict: true });
  });

  it('`stream_exists` needs the stream, then behaves like `any`', () => {
    expect(() => planAppend(request('stream_exists'), stream(0))).toThrow(StreamNotFoundError);
    expect(planAppend(request('stream_exists'), stream(2))).toMatchObject({ kind: 'write', streamState: 1n, retryOnConflict: true });
  });
});

describe('planning a KurrentDB append: conflicts', () => {
  it('a wrong exact version is a ConcurrencyError with our expectation and the version seen', () => {
    expect(() => planAppend(request(1), stream(2))).toThrow(ConcurrencyError);
    try {
      planAppend(request(1), stream(2));
    } catch (error) {
      expect(error).toMatchObject({ expected: '1', actual: 2 });
    }
    expect(() => planAppend(request(4), stream(2))).toThrow(ConcurrencyError);
    expect(() => planAppend(request('no_stream'), stream(1))).toThrow(expect.objectContaining({ expected: 'no_stream', actual: 1 }));
  });
});

describe('planning a KurrentDB append: retries (same event ids)', () => {
  const a = anEvent('A');
  const b = anEvent('B');

  it('finds its own events where it wrote them: a duplicate, whatever the expectation says now', () => {
    const seen = stream(4, { 2: a.metadata.eventId, 3: b.metadata.eventId });
    for (const expected of ['no_stream', 1, 'any', 'stream_exists'] as const) {
      const plan = planAppend(request(expected, [a, b]), seen);
      expect(plan).toEqual({ kind: 'duplicate', stored: [seen.events[1], seen.events[2]] });
    }
  });

  it('matches ids regardless of letter case (the server prints lower case)', () => {
    const upper = { ...a, metadata: { ...a.metadata, eventId: a.metadata.eventId.toUpperCase() } };
    expect(planAppend(request('any', [upper]), stream(1, { 1: a.metadata.eventId })).kind).toBe('duplicate');
  });

  it('refuses, whole, an append that reuses only some stored ids', () => {
    const seen = stream(2, { 2: a.metadata.eventId });
    expect(() => planAppend(request('any', [anEvent('C'), a]), seen)).toThrow(DuplicateEventError);
    expect(() => planAppend(request(2, [a, anEvent('C')]), seen)).toThrow(DuplicateEventError);
  });

  it('refuses stored ids that are out of order or apart: not one earlier append', () => {
    expect(() => planAppend(request('any', [a, b]), stream(3, { 1: b.metadata.eventId, 2: a.metadata.eventId }))).toThrow(DuplicateEventError);
    expect(() => planAppend(request('any', [a, b]), stream(3, { 1: a.metadata.eventId, 3: b.metadata.eventId }))).toThrow(DuplicateEventError);
  });
});

describe('planning a KurrentDB append: where a retry looks', () => {
  it('exact expectations name the slots their events take; any/stream_exists name none', () => {
    expect(slotsStartAt(request('no_stream'))).toBe(0);
    expect(slotsStartAt(request(0))).toBe(0);
    expect(slotsStartAt(request(7))).toBe(7);
    expect(slotsStartAt(request('any'))).toBeUndefined();
    expect(slotsStartAt(request('stream_exists'))).toBeUndefined();
  });
});

describe('answering a KurrentDB append', () => {
  const refs: StoredEventRef[] = [
    { eventId: 'e2', version: 3, position: { commit: 1300, prepare: 1300 } },
    { eventId: 'e1', version: 2, position: { commit: 1200, prepare: 1200 } },
  ];

  it('reports the version after the append and its first and last positions', () => {
    expect(writtenResult('fund-1', refs)).toEqual({
      streamId: 'fund-1',
      version: 3,
      firstGlobalPosition: 1200,
      lastPosition: { commit: 1300, prepare: 1300 },
      duplicate: false,
    });
    expect(duplicateResult('fund-1', refs)).toMatchObject({ version: 3, duplicate: true, lastPosition: { commit: 1300, prepare: 1300 } });
  });
});
