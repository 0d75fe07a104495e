import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  START as KURRENT_START,
  StreamNotFoundError as KurrentStreamNotFoundError,
  UnsupportedError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  type AppendStreamState,
  type EventData,
  type ReadStreamOptions as KurrentReadStreamOptions,
  type RecordedEvent as KurrentRecordedEvent,
} from '@kurrent/kurrentdb-client';
import type { DomainEvent, EventToAppend, LogPosition, RecordedEvent } from '../event';
import { START, comparePositions } from '../event';
import { DuplicateEventError } from '../errors';
import type { AppendRequest, AppendResult, EventStore, ReadAllOptions, ReadStreamOptions, StreamSlice, SubscribeOptions } from '../event-store';
import { UpcasterRegistry } from '../upcasting';
import { backoff } from '../backoff';
import { duplicateResult, planAppend, slotsStartAt, writtenResult, type AppendPlan, type StoredEventRef, type StreamObservation } from './append-plan';
import { BatchBuffer } from './batch-buffer';
import type { KurrentDbClientPort } from './kurrentdb-client-port';
import { isKurrentDbUrl, redactKurrentDbUrl } from './connection-string';
import { KurrentDbEventFormatError, MultiStreamAppendUnsupportedError } from './kurrentdb-errors';
import { assertVersion, encodeMetadata, isStart, toLogPosition, toReadPosition, toRecordedEvent, toStreamState, translateAppendError, versionOfRevision } from './mapping';

export interface KurrentDbEventStoreOptions {
  readonly upcasters?: UpcasterRegistry;
  /**
   * How many of a stream's newest events an append looks through for its own event ids, so a
   * retried `any` / `stream_exists` append is recognised (exact expectations look at their
   * exact slots whatever this is). Default 100.
   */
  readonly idempotencyWindow?: number;
  /** Looks-and-writes per append before giving up on a stream other writers keep moving. Default 8. */
  readonly maxAppendAttempts?: number;
}

export interface OpenKurrentDbOptions extends KurrentDbEventStoreOptions {
  /**
   * Fail at start when the server cannot append to several streams atomically (KurrentDB
   * < 25.1), instead of at the first decision that needs it. Default true.
   */
  readonly requireMultiStreamAppend?: boolean;
}

/**
 * Opens a KurrentDB-backed store and checks it answers (and, by default, that it supports the
 * atomic multi-stream append the domain needs). Read models and checkpoints stay in SQL: call
 * `prepareKurrentDbReadStore(readDb)` for the database subscriptions write to.
 */
export async function openKurrentDbEventStore(url: string, options: OpenKurrentDbOptions = {}): Promise<KurrentDbEventStore> {
  if (!isKurrentDbUrl(url)) {
    throw new Error('KurrentDB connection string must look like kurrentdb://host:2113?tls=false (or kurrentdb+discover://...)');
  }
  // Assigning the real client to the port is the compile-time proof that the port matches it.
  const client: KurrentDbClientPort = KurrentDBClient.connectionString(url);
  const store = new KurrentDbEventStore(client, options);
  try {
    await store.ping();
    if (options.requireMultiStreamAppend ?? true) await store.assertMultiStreamAppendSupported();
  } catch (error) {
    await store.close().catch(() => undefined);
    if (error instanceof MultiStreamAppendUnsupportedError) throw error;
    throw new Error(`KurrentDB at ${redactKurrentDbUrl(url)} did not answer (is it running, and does tls= match the server?): ${describeError(error)}`);
  }
  return store;
}

/** The client's errors often carry only their class name as message. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const name = error.constructor.name;
  return error.message && error.message !== name ? `${name}: ${error.message}` : name;
}

const systemEventsExcluded = () => excludeSystemEvents();

/**
 * The EventStore port on KurrentDB (docs/adr/0004). Streams and `$all` are the server's own;
 * what the adapter adds is the mapping of versions, positions, metadata and errors, idempotent
 * retries that answer `duplicate: true`, and batching of the catch-up subscription.
 */
export class KurrentDbEventStore implements EventStore {
  readonly kind = 'kurrentdb';
  private readonly upcasters: UpcasterRegistry;
  private readonly idempotencyWindow: number;
  private readonly maxAppendAttempts: number;
  private readonly stopSubscriptions = new Set<() => void>();

  constructor(
    private readonly client: KurrentDbClientPort,
    options: KurrentDbEventStoreOptions = {},
  ) {
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    this.idempotencyWindow = Math.max(1, options.idempotencyWindow ?? 100);
    this.maxAppendAttempts = Math.max(1, options.maxAppendAttempts ?? 8);
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    const [result] = await this.appendMany([request]);
    return result as AppendResult;
  }

  async appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    assertAppendable(requests);
    for (let attempt = 1; ; attempt++) {
      const seen = await Promise.all(requests.map((r) => this.observe(r)));
      const plans = requests.map((r, i) => planAppend(r, seen[i]!));
      const duplicates = plans.flatMap((p, i) => (p.kind === 'duplicate' ? [{ request: requests[i]!, plan: p }] : []));
      if (duplicates.length === requests.length) {
        return duplicates.map(({ request, plan }) => duplicateResult(request.streamId, plan.stored));
      }
      if (duplicates.length > 0) {
        // Part of one atomic decision is stored and part is not: not a retry of it.
        throw new DuplicateEventError(duplicates.flatMap(({ plan }) => plan.stored.map((e) => e.eventId)));
      }
      const lastTry = attempt >= this.maxAppendAttempts;
      try {
        const lastRevisions = await this.write(requests, plans, lastTry);
        return await this.readBack(requests, lastRevisions);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || lastTry) throw translateAppendError(error, requests);
        // A stream moved between the look and the write. Looking again tells a racing copy of
        // this very append (now a duplicate) from a real conflict (an exact expectation fails
        // in planAppend); only `any` / `stream_exists` write again.
        if (plans.some((p) => p.kind === 'write' && p.retryOnConflict)) await backoff(attempt);
      }
    }
  }

  async readStream<E extends DomainEvent = DomainEvent>(streamId: string, options: ReadStreamOptions = {}): Promise<StreamSlice<E>> {
    const from = Math.max(1, options.fromVersion ?? 1);
    assertVersion(from);
    if (options.maxCount === undefined) {
      // One forward read to the end: the version is that of the last event returned, so the
      // slice is consistent even while others append.
      const raw = await this.readRaw(streamId, { fromRevision: BigInt(from - 1), direction: FORWARDS });
      const last = raw.at(-1);
      const version = last ? versionOfRevision(last.revision) : await this.currentVersion(streamId);
      return { version, events: raw.map((e) => toRecordedEvent(e, this.upcasters) as RecordedEvent<E>) };
    }
    // With a limit the slice ends early, so the whole stream's version is read first and the
    // events are capped at it: both describe the same moment.
    const version = await this.currentVersion(streamId);
    const count = Math.min(options.maxCount, version - from + 1);
    if (count <= 0) return { version, events: [] };
    const raw = await this.readRaw(streamId, { fromRevision: BigInt(from - 1), direction: FORWARDS, maxCount: count });
    return { version, events: raw.map((e) => toRecordedEvent(e, this.upcasters) as RecordedEvent<E>) };
  }

  /**
   * `$all` in log order. KurrentDB assigns positions when it writes, with one writer, and only
   * returns what is committed, so nothing can appear behind a reader later (no sequence gaps).
   */
  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    if (options.limit <= 0) return [];
    const after = options.after ?? START;
    const fromStart = isStart(after);
    const recorded: RecordedEvent[] = [];
    // Reading from a position includes the event at it: ask for one more and drop it.
    for await (const resolved of this.client.readAll({
      fromPosition: fromStart ? KURRENT_START : toReadPosition(after),
      direction: FORWARDS,
      maxCount: options.limit + (fromStart ? 0 : 1),
      filter: systemEventsExcluded(),
    })) {
      if (!resolved.event) continue;
      const event = toRecordedEvent(resolved.event, this.upcasters);
      if (fromStart || comparePositions(event.position, after) > 0) recorded.push(event);
    }
    return recorded.slice(0, options.limit);
  }

  /**
   * A catch-up subscription to `$all` without system events. Events arrive one by one and are
   * handed out in batches of what has arrived (up to `limit`); the subscription is paused while
   * the consumer is behind, so memory stays bounded. `pollIntervalMs` does not apply: the
   * server pushes.
   */
  async *subscribeToAll(options: SubscribeOptions): AsyncIterable<RecordedEvent[]> {
    if (options.signal.aborted) return;
    const limit = Math.max(1, options.limit ?? 500);
    const after: LogPosition = options.after ?? START;
    const buffer = new BatchBuffer<RecordedEvent>();
    // Subscribing from a position starts after it.
    const subscription = this.client.subscribeToAll({
      fromPosition: toReadPosition(after),
      resolveLinkTos: false,
      filter: systemEventsExcluded(),
    });
    let paused = false;
    let received: LogPosition = after;
    subscription.on('data', (resolved) => {
      if (!resolved.event) return;
      try {
        const event = toRecordedEvent(resolved.event, this.upcasters);
        const order = comparePositions(event.position, received);
        if (order === 0) return; // the start position itself, if the server repeats it
        if (order < 0) throw new Error(`KurrentDB delivered ${JSON.stringify(event.position)} after ${JSON.stringify(received)}`);
        received = event.position;
        buffer.push(event);
        if (!paused && buffer.size >= limit * 2) {
          paused = true;
          subscription.pause();
        }
      } catch (error) {
        buffer.fail(error);
      }
    });
    subscription.on('error', (error) => buffer.fail(error));
    // The server never ends a catch-up subscription by itself: treat it as a dropped connection
    // so the runner restarts from its checkpoint.
    subscription.on('end', () => buffer.fail(new Error('KurrentDB ended the $all subscription')));
    const stop = () => buffer.close();
    options.signal.addEventListener('abort', stop, { once: true });
    this.stopSubscriptions.add(stop);
    try {
      for (;;) {
        const batch = await buffer.take(limit);
        if (!batch) return;
        if (paused && buffer.size < limit) {
          paused = false;
          subscription.resume();
        }
        yield batch;
      }
    } finally {
      options.signal.removeEventListener('abort', stop);
      this.stopSubscriptions.delete(stop);
      await subscription.unsubscribe().catch(() => undefined);
    }
  }

  async headPosition(): Promise<LogPosition> {
    for await (const resolved of this.client.readAll({
      fromPosition: END,
      direction: BACKWARDS,
      maxCount: 1,
      filter: systemEventsExcluded(),
    })) {
      if (resolved.event?.position) return toLogPosition(resolved.event.position);
    }
    return START;
  }

  async countAfter(position: LogPosition, cap = 1_000_000): Promise<number> {
    const limit = Math.min(Math.max(0, cap), Number.MAX_SAFE_INTEGER - 1);
    if (limit === 0) return 0;
    const fromStart = isStart(position);
    let count = 0;
    for await (const resolved of this.client.readAll({
      fromPosition: fromStart ? KURRENT_START : toReadPosition(position),
      direction: FORWARDS,
      maxCount: limit + (fromStart ? 0 : 1),
      filter: systemEventsExcluded(),
    })) {
      const at = resolved.event?.position;
      if (!at) continue;
      if (fromStart || comparePositions(toLogPosition(at), position) > 0) count++;
    }
    return Math.min(count, limit);
  }

  /** One read of `$all`: proves the connection and the permission to read `$all` (needs $ops or admin when secured). */
  async ping(): Promise<void> {
    await this.headPosition();
  }

  /**
   * The client checks the server's advertised features before sending; an empty append session
   * writes nothing, so it is a safe probe. Any answer but "unsupported" means supported.
   */
  async assertMultiStreamAppendSupported(): Promise<void> {
    try {
      await this.client.multiStreamAppend([]);
    } catch (error) {
      if (error instanceof UnsupportedError) throw new MultiStreamAppendUnsupportedError(error.minimumVersion);
    }
  }

  async close(): Promise<void> {
    for (const stop of [...this.stopSubscriptions]) stop();
    await this.client.dispose();
  }

  // --- appending ------------------------------------------------------------------------------

  /** The stream's tail, plus the exact slots an exact expectation aims at when they are older. */
  private async observe(request: AppendRequest): Promise<StreamObservation> {
    const count = request.events.length;
    const tail = await this.readRaw(request.streamId, {
      fromRevision: END,
      direction: BACKWARDS,
      maxCount: Math.max(count, this.idempotencyWindow),
      requiresLeader: true,
    });
    const version = tail[0] ? versionOfRevision(tail[0].revision) : 0;
    const events = tail.map((e) => toRef(e));
    const slots = slotsStartAt(request);
    const oldestInTail = version - tail.length + 1;
    if (slots !== undefined && slots < version && slots + 1 < oldestInTail) {
      const older = await this.readRaw(request.streamId, {
        fromRevision: BigInt(slots),
        direction: FORWARDS,
        maxCount: count,
        requiresLeader: true,
      });
      events.push(...older.map((e) => toRef(e)));
    }
    return { version, events };
  }

  /** Sends the write; returns each stream's revision after it. */
  private async write(requests: readonly AppendRequest[], plans: readonly AppendPlan[], lastTry: boolean): Promise<Map<string, bigint>> {
    const states = requests.map((request, i): AppendStreamState => {
      const plan = plans[i]!;
      if (plan.kind !== 'write') throw new Error('only writes are sent');
      // After repeated races on a busy stream, `any` / `stream_exists` go as themselves and the
      // server's own (cache-based) idempotency check is the last guard.
      return lastTry && plan.retryOnConflict ? toStreamState(request.expectedVersion) : plan.streamState;
    });
    if (requests.length === 1) {
      const request = requests[0]!;
      const streamState = states[0]!;
      const result = await this.client.appendToStream(request.streamId, request.events.map(toEventData), { streamState });
      if (!result.success) {
        // Only when the client was built with throwOnAppendFailure=false.
        const current = result.nextExpectedRevision;
        throw new WrongExpectedVersionError(undefined, {
          streamName: request.streamId,
          expected: streamState,
          current: current < 0n ? 'no_stream' : current,
        });
      }
      return new Map([[request.streamId, result.nextExpectedRevision]]);
    }
    const result = await this.client.multiStreamAppend(
      requests.map((request, i) => ({ streamName: request.streamId, expectedState: states[i]!, events: request.events.map(toEventData) })),
    );
    return new Map(result.responses.map((r) => [r.streamName, r.revision]));
  }

  /**
   * The write's answer carries one position for the whole write, not each event's; the events
   * are read back from their revisions for exact positions (and to check they are ours).
   */
  private async readBack(requests: readonly AppendRequest[], lastRevisions: ReadonlyMap<string, bigint>): Promise<AppendResult[]> {
    return Promise.all(
      requests.map(async (request) => {
        const last = lastRevisions.get(request.streamId);
        if (last === undefined) throw new Error(`KurrentDB did not report a revision for stream ${request.streamId}`);
        const count = request.events.length;
        const raw = await this.readRaw(request.streamId, {
          fromRevision: last - BigInt(count - 1),
          direction: FORWARDS,
          maxCount: count,
          requiresLeader: true,
        });
        const written = raw.map((e) => toRef(e));
        const ours = request.events.map((e) => e.metadata.eventId.toLowerCase());
        if (written.length !== count || written.some((e, i) => e.eventId.toLowerCase() !== ours[i])) {
          throw new Error(`KurrentDB reported stream ${request.streamId} at revision ${last}, but the events there are not the ones appended`);
        }
        return writtenResult(request.streamId, written);
      }),
    );
  }

  // --- reading --------------------------------------------------------------------------------

  private async currentVersion(streamId: string): Promise<number> {
    const [last] = await this.readRaw(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1 });
    return last ? versionOfRevision(last.revision) : 0;
  }

  /** A stream's events as the client gives them; a stream that does not exist reads as empty. */
  private async readRaw(streamId: string, options: KurrentReadStreamOptions): Promise<KurrentRecordedEvent[]> {
    const out: KurrentRecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, options)) {
        if (resolved.event) out.push(resolved.event);
      }
    } catch (error) {
      if (error instanceof KurrentStreamNotFoundError) return [];
      throw error;
    }
    return out;
  }
}

function toRef(event: KurrentRecordedEvent): StoredEventRef {
  if (!event.position) {
    throw new KurrentDbEventFormatError(event.streamId, event.id, 'the server returned no log position (KurrentDB 25.1 or later is required)');
  }
  return { eventId: event.id, version: versionOfRevision(event.revision), position: toLogPosition(event.position) };
}

function toEventData(event: EventToAppend): EventData {
  return jsonEvent({
    id: event.metadata.eventId,
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: { ...encodeMetadata(event.metadata) },
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function assertAppendable(requests: readonly AppendRequest[]): void {
  if (requests.length === 0) throw new Error('appendMany needs at least one stream');
  const streams = new Set<string>();
  const ids = new Set<string>();
  for (const r of requests) {
    if (r.streamId.length === 0) throw new Error('A stream id must not be empty');
    // `$` streams and event types are KurrentDB's own; `$all` readers here exclude them.
    if (r.streamId.startsWith('$')) throw new Error(`Stream ${r.streamId}: ids starting with $ are reserved by KurrentDB`);
    if (r.events.length === 0) throw new Error(`Append to ${r.streamId} carries no events`);
    if (streams.has(r.streamId)) throw new Error(`Stream ${r.streamId} appears twice in one append`);
    if (typeof r.expectedVersion === 'number') assertVersion(r.expectedVersion);
    streams.add(r.streamId);
    for (const e of r.events) {
      if (e.type.length === 0 || e.type.startsWith('$')) throw new Error(`Event type "${e.type}" is empty or reserved by KurrentDB ($)`);
      if (!UUID.test(e.metadata.eventId)) throw new Error(`Event id ${e.metadata.eventId} is not a UUID`);
      const id = e.metadata.eventId.toLowerCase();
      if (ids.has(id)) throw new Error(`Event id ${e.metadata.eventId} appears twice in one append`);
      ids.add(id);
    }
  }
}
