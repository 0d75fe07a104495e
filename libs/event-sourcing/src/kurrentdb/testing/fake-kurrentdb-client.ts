import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  ANY,
  BACKWARDS,
  END,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnsupportedError,
  WrongExpectedVersionError,
  type AllStreamRecordedEvent,
  type AllStreamResolvedEvent,
  type AppendResult,
  type AppendStreamRequest,
  type AppendStreamState,
  type AppendToStreamOptions,
  type EventData,
  type Filter,
  type MultiAppendResult,
  type Position,
  type ReadAllOptions,
  type ReadPosition,
  type ReadStreamOptions,
  type ResolvedEvent,
  type SubscribeToAllOptions,
} from '@kurrent/kurrentdb-client';
import type { KurrentDbClientPort, KurrentSubscription } from '../kurrentdb-client-port';

/**
 * An in-memory stand-in for a single KurrentDB node, for unit tests of the adapter. It follows
 * the server's documented behaviour as read from its source (IndexWriter.CheckCommit,
 * RequestManagerBase) and the client's conversions, NOT a running server:
 *  - positions are byte-offset-like, commit = prepare = the event's own log position;
 *  - an append's answer carries the write's first position, not each event's;
 *  - idempotency: exact expectations compare the target slots; `any`/`stream_exists` consult a
 *    cache of recent ids (which `forgetRecentIds` empties, like a restart);
 *  - reads from a position include it; subscriptions start after it;
 *  - events written through the multi-stream append read back with `$schema.*` metadata keys.
 * Anything it gets wrong is only found by the contract suite against a real server.
 */
export interface FakeKurrentDbOptions {
  /** false: behaves like a server older than 25.1. */
  readonly multiStreamAppend?: boolean;
  /** Position of the first event written; set near 2^53 to test overflow. */
  readonly firstPosition?: bigint;
}

interface Stored {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Record<string, string>;
  readonly position: Position;
  readonly created: Date;
}

type Check = { readonly kind: 'write'; readonly from: bigint } | { readonly kind: 'idempotent' } | { readonly kind: 'conflict'; readonly current: bigint };

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export class FakeKurrentDbClient implements KurrentDbClientPort {
  readonly log: Stored[] = [];
  readonly calls = { appendToStream: 0, multiStreamAppend: 0, readStream: 0, readAll: 0, subscribeToAll: 0 };
  disposed = false;
  /** Runs at the start of every append, before the server decides: lets a test slip a write in. */
  beforeAppend: (() => Promise<void>) | undefined;
  private readonly streams = new Map<string, Stored[]>();
  private readonly recentIds = new Map<string, Stored>();
  private readonly subscriptions = new Set<FakeSubscription>();
  private nextPosition: bigint;

  constructor(private readonly options: FakeKurrentDbOptions = {}) {
    this.nextPosition = options.firstPosition ?? 1_000n;
  }

  async appendToStream(streamName: string, events: EventData[], options: AppendToStreamOptions): Promise<AppendResult> {
    this.calls.appendToStream++;
    await this.beforeAppend?.();
    await tick();
    const state = options.streamState ?? ANY;
    const check = this.check(streamName, state, events);
    if (check.kind === 'conflict') throw wrongExpectedVersion(streamName, state, check.current);
    if (check.kind === 'idempotent') {
      const last = this.streams.get(streamName)!.find((e) => e.id === events.at(-1)!.id.toLowerCase())!;
      return { success: true, nextExpectedRevision: last.revision, position: last.position };
    }
    const written = this.write(streamName, events, false);
    // Like the server: one position for the write (its first record), not each event's.
    return { success: true, nextExpectedRevision: written.at(-1)!.revision, position: written[0]!.position };
  }

  async multiStreamAppend(requests: AppendStreamRequest[]): Promise<MultiAppendResult> {
    this.calls.multiStreamAppend++;
    if (this.options.multiStreamAppend === false) throw new UnsupportedError('multiStreamAppend', '25.1');
    for (const request of requests) {
      for (const event of request.events) {
        const metadata: unknown = event.metadata;
        if (metadata === undefined) continue;
        if (typeof metadata !== 'object' || metadata === null || Object.values(metadata).some((v) => typeof v !== 'string')) {
          throw new Error('multiStreamAppend requires metadata to be a plain object with string keys and string values.');
        }
      }
    }
    if (requests.length === 0) throw new Error('At least one AppendStreamRequest must be present');
    await this.beforeAppend?.();
    await tick();
    const checks = requests.map((r) => this.check(r.streamName, r.expectedState, r.events));
    const conflict = checks.findIndex((c) => c.kind === 'conflict');
    if (conflict >= 0) {
      const request = requests[conflict]!;
      throw wrongExpectedVersion(request.streamName, request.expectedState, (checks[conflict] as { current: bigint }).current);
    }
    if (checks.some((c) => c.kind === 'idempotent')) {
      // The server's answer to a partly repeated multi-stream write is not documented; the
      // adapter never sends one knowingly. Refuse it like a conflict.
      const request = requests[checks.findIndex((c) => c.kind === 'idempotent')]!;
      throw wrongExpectedVersion(request.streamName, request.expectedState, this.lastRevision(request.streamName));
    }
    const written = requests.map((r) => this.write(r.streamName, r.events, true));
    return {
      position: written.at(-1)!.at(-1)!.position.commit,
      responses: requests.map((r, i) => ({ streamName: r.streamName, revision: written[i]!.at(-1)!.revision })),
    };
  }

  readStream(streamName: string, options: ReadStreamOptions): AsyncIterable<ResolvedEvent> {
    this.calls.readStream++;
    return this.streamEvents(streamName, options);
  }

  readAll(options: ReadAllOptions): AsyncIterable<AllStreamResolvedEvent> {
    this.calls.readAll++;
    return this.allEvents(options);
  }

  subscribeToAll(options: SubscribeToAllOptions): KurrentSubscription {
    this.calls.subscribeToAll++;
    const subscription = new FakeSubscription(options.filter, () => this.subscriptions.delete(subscription));
    this.subscriptions.add(subscription);
    const from: ReadPosition = options.fromPosition ?? START;
    setImmediate(() => {
      for (const e of this.log) {
        if (from === END) break;
        if (from !== START && comparePosition(e.position, from) <= 0) continue;
        subscription.deliver(e);
      }
      subscription.live = true;
    });
    return subscription;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const s of [...this.subscriptions]) s.destroy();
  }

  // --- test controls ----------------------------------------------------------------------------

  /** A server-side event a reader of `$all` must not see (statistics, stream metadata...). */
  appendSystemEvent(streamName = '$stats-127.0.0.1:2113', type = '$statsCollected'): void {
    this.write(streamName, [{ id: randomUUID(), contentType: 'application/json', type, data: {}, metadata: undefined }], false);
  }

  /** The server's recent-id cache is memory only: a restart forgets it. */
  forgetRecentIds(): void {
    this.recentIds.clear();
  }

  /** Every live subscription fails, like a dropped connection. */
  failSubscriptions(error: Error): void {
    for (const s of this.subscriptions) s.emit('error', error);
  }

  get liveSubscriptions(): number {
    return this.subscriptions.size;
  }

  // --- the server's rules -------------------------------------------------------------------------

  /** Errors surface while iterating, as with the real client. */
  private async *streamEvents(streamName: string, options: ReadStreamOptions): AsyncGenerator<ResolvedEvent> {
    const { fromRevision = START, direction, maxCount = Number.MAX_SAFE_INTEGER } = options;
    await tick();
    const stream = this.streams.get(streamName);
    if (!stream) throw new StreamNotFoundError(undefined, streamName);
    let events: Stored[];
    if (direction === BACKWARDS) {
      const from = fromRevision === END || fromRevision === START ? BigInt(stream.length - 1) : fromRevision;
      events = stream.filter((e) => e.revision <= from).reverse();
    } else {
      const from = fromRevision === START ? 0n : fromRevision === END ? BigInt(stream.length) : fromRevision;
      events = stream.filter((e) => e.revision >= from);
    }
    for (const e of events.slice(0, Number(maxCount))) yield { event: recorded(e) };
  }

  private async *allEvents(options: ReadAllOptions): AsyncGenerator<AllStreamResolvedEvent> {
    const { fromPosition = START, direction, maxCount = Number.MAX_SAFE_INTEGER, filter } = options;
    await tick();
    let events = this.log.filter((e) => matches(filter, e));
    if (direction === BACKWARDS) {
      events = (fromPosition === END || fromPosition === START ? events : events.filter((e) => comparePosition(e.position, fromPosition) < 0)).reverse();
    } else if (fromPosition === END) {
      events = [];
    } else if (fromPosition !== START) {
      events = events.filter((e) => comparePosition(e.position, fromPosition) >= 0);
    }
    for (const e of events.slice(0, Number(maxCount))) yield { event: recorded(e) };
  }

  private lastRevision(streamName: string): bigint {
    return BigInt((this.streams.get(streamName)?.length ?? 0) - 1);
  }

  /** IndexWriter.CheckCommit, reduced to what a single node without deletes does. */
  private check(streamName: string, state: AppendStreamState, events: readonly EventData[]): Check {
    const current = this.lastRevision(streamName);
    const stream = this.streams.get(streamName) ?? [];
    if (state === STREAM_EXISTS && current < 0n) return { kind: 'conflict', current };
    if (state === ANY || state === STREAM_EXISTS) {
      let seen = 0;
      for (const event of events) {
        const hit = this.recentIds.get(event.id.toLowerCase());
        if (!hit || hit.streamId !== streamName) break;
        seen++;
      }
      if (seen === 0) return { kind: 'write', from: current + 1n };
      return seen === events.length ? { kind: 'idempotent' } : { kind: 'conflict', current };
    }
    const expected = state === NO_STREAM ? -1n : state;
    if (expected > current) return { kind: 'conflict', current };
    if (expected === current) return { kind: 'write', from: current + 1n };
    // Behind the end: the same events in the same slots are a repeat; anything else (a first
    // mismatch, or a partial match the server calls corrupted idempotency) is a conflict.
    const inPlace = events.every((e, i) => stream[Number(expected) + 1 + i]?.id === e.id.toLowerCase());
    return inPlace ? { kind: 'idempotent' } : { kind: 'conflict', current };
  }

  private write(streamName: string, events: readonly EventData[], viaMultiStreamAppend: boolean): Stored[] {
    const stream = this.streams.get(streamName) ?? [];
    this.streams.set(streamName, stream);
    const written = events.map((event) => {
      const position = this.nextPosition;
      const data = event.contentType === 'application/json' ? JSON.parse(JSON.stringify(event.data)) : event.data;
      const size = BigInt(JSON.stringify(data ?? null).length);
      this.nextPosition += 100n + size;
      const metadata = { ...(event.metadata as Record<string, string> | undefined) };
      const stored: Stored = {
        streamId: streamName,
        id: event.id.toLowerCase(),
        revision: BigInt(stream.length),
        type: event.type,
        data,
        metadata: viaMultiStreamAppend ? { ...metadata, '$schema.name': event.type, '$schema.format': 'Json' } : metadata,
        position: { commit: position, prepare: position },
        created: new Date(),
      };
      stream.push(stored);
      this.log.push(stored);
      this.recentIds.set(stored.id, stored);
      return stored;
    });
    for (const s of this.subscriptions) if (s.live) written.forEach((e) => s.deliver(e));
    return written;
  }
}

class FakeSubscription extends Readable implements KurrentSubscription {
  live = false;

  constructor(
    private readonly eventFilter: Filter | undefined,
    private readonly onDone: () => void,
  ) {
    super({ objectMode: true, read: () => undefined });
  }

  deliver(event: Stored): void {
    if (!this.destroyed && matches(this.eventFilter, event)) this.push({ event: recorded(event) } satisfies AllStreamResolvedEvent);
  }

  async unsubscribe(): Promise<void> {
    this.onDone();
    this.destroy();
  }
}

function matches(filter: Filter | undefined, event: Stored): boolean {
  if (!filter) return true;
  const subject = filter.filterOn === 'eventType' ? event.type : event.streamId;
  if ('regex' in filter) return new RegExp(filter.regex).test(subject);
  return filter.prefixes.some((p) => subject.startsWith(p));
}

function comparePosition(a: Position, b: Position): number {
  return a.commit === b.commit ? Number(a.prepare - b.prepare) : Number(a.commit - b.commit);
}

function recorded(e: Stored): AllStreamRecordedEvent {
  return {
    streamId: e.streamId,
    id: e.id,
    isJson: true,
    revision: e.revision,
    type: e.type,
    created: e.created,
    data: e.data as Record<string, unknown>,
    metadata: Object.keys(e.metadata).length > 0 ? e.metadata : undefined,
    position: e.position,
  };
}

function wrongExpectedVersion(streamName: string, expected: AppendStreamState, current: bigint): WrongExpectedVersionError {
  return new WrongExpectedVersionError(undefined, { streamName, expected, current: current < 0n ? 'no_stream' : current });
}
