import type { DomainEvent, EventMetadata, LogPosition, RecordedEvent } from '../event';
import { START, comparePositions } from '../event';
import { ConcurrencyError, DuplicateEventError, StreamNotFoundError } from '../errors';
import type {
  AppendRequest,
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  StreamRead,
  StreamSlice,
  SubscribeOptions,
} from '../event-store';
import { UpcasterRegistry } from '../upcasting';
import { migrate } from './migrations';
import { EVENT_STORE_MIGRATIONS, EVENT_STORE_MIGRATIONS_COMPONENT } from './event-store.migrations';
import { PG_NOT_NULL_VIOLATION, PG_UNIQUE_VIOLATION, pgConstraint, pgErrorCode, type SqlDatabase } from './sql-database';

interface EventRow {
  global_position: string | number | bigint;
  commit: string;
  event_id: string;
  stream_id: string;
  stream_version: string | number | bigint;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: StoredMetadata;
  /** Already in `Date.toISOString()` form. */
  occurred_at: string;
  /** Milliseconds since the epoch. */
  recorded_ms: number;
}

type StoredMetadata = Omit<EventMetadata, 'eventId' | 'schemaVersion' | 'occurredAt'>;

const SELECT_COLUMNS = `global_position, transaction_id::text AS commit, event_id::text AS event_id, stream_id,
  stream_version, type, schema_version, data, metadata,
  to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
  (extract(epoch FROM recorded_at) * 1000)::float8 AS recorded_ms`;

/** Only transactions older than every running one are visible: nothing can commit behind us. */
const FENCE = `transaction_id < pg_snapshot_xmin(pg_current_snapshot())`;

export interface SqlEventStoreOptions {
  readonly upcasters?: UpcasterRegistry;
  readonly pollIntervalMs?: number;
  /** How long a subscriber woken by a local append waits for more appends before reading. */
  readonly coalesceMs?: number;
  /**
   * Test seam: runs inside every append transaction just before it commits, so the contract
   * suite can hold transactions open and provoke the sequence-gap race.
   */
  readonly beforeCommit?: () => Promise<void>;
  /**
   * Group commit (ADR 0025): appends to different streams that arrive while `maxInFlight`
   * appends are already running go out together as one statement, one transaction. `false`
   * sends every append alone.
   */
  readonly groupCommit?: false | GroupCommitOptions;
}

export interface GroupCommitOptions {
  /** Append statements running at once; more arrivals wait and are sent together. */
  readonly maxInFlight?: number;
  /** Most appends (callers) in one statement. */
  readonly maxAppends?: number;
  /** Most events in one statement, so a statement stays a bounded size. */
  readonly maxEvents?: number;
}

/** One caller's append waiting for a group. */
interface Pending {
  readonly requests: readonly AppendRequest[];
  readonly events: number;
  readonly resolve: (results: AppendResult[]) => void;
  readonly reject: (error: unknown) => void;
}

/** One implementation for PostgreSQL and PGlite: the SQL is identical. */
export class SqlEventStore implements EventStore {
  readonly kind: string;
  private readonly upcasters: UpcasterRegistry;
  private readonly pollIntervalMs: number;
  private readonly coalesceMs: number;
  private readonly waiters = new Set<() => void>();
  private readonly beforeCommit: (() => Promise<void>) | undefined;
  private readonly group: Required<GroupCommitOptions> | undefined;
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  /** Streams of the appends being sent now, with how many statements carry each. */
  private readonly streamsInFlight = new Map<string, number>();
  private readonly drainWaiters: (() => void)[] = [];
  /**
   * Append statements sent by the queue, the appends they carried, and of those the statements
   * that carried more than one caller's append and their appends (for tests and benchmarks).
   */
  readonly groupCommitStats = { statements: 0, appends: 0, groups: 0, groupedAppends: 0 };

  constructor(
    readonly db: SqlDatabase,
    options: SqlEventStoreOptions = {},
  ) {
    this.kind = db.dialect;
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    this.pollIntervalMs = options.pollIntervalMs ?? (db.dialect === 'pglite' ? 250 : 100);
    this.beforeCommit = options.beforeCommit;
    this.coalesceMs = options.coalesceMs ?? 20;
    const group = options.groupCommit ?? {};
    this.group =
      group === false
        ? undefined
        : {
            // PGlite runs one statement at a time anyway: everything that arrives meanwhile waits.
            maxInFlight: Math.max(1, group.maxInFlight ?? (db.dialect === 'pglite' ? 1 : DEFAULT_MAX_IN_FLIGHT)),
            maxAppends: Math.max(1, group.maxAppends ?? 64),
            maxEvents: Math.max(1, group.maxEvents ?? 2_000),
          };
  }

  static async create(db: SqlDatabase, options: SqlEventStoreOptions = {}): Promise<SqlEventStore> {
    await migrate(db, EVENT_STORE_MIGRATIONS_COMPONENT, EVENT_STORE_MIGRATIONS);
    return new SqlEventStore(db, options);
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    const [result] = await this.appendMany([request]);
    return result as AppendResult;
  }

  async appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    assertAppendable(requests);
    if (!this.group) return this.appendAlone(requests);
    return new Promise<AppendResult[]>((resolve, reject) => {
      this.queue.push({ requests, events: requests.reduce((n, r) => n + r.events.length, 0), resolve, reject });
      this.pump();
    });
  }

  /** Starts statements while fewer than `maxInFlight` run; each takes what has queued up. */
  private pump(): void {
    const group = this.group!;
    while (this.inFlight < group.maxInFlight && this.queue.length > 0) {
      const batch = this.takeBatch(group);
      if (batch.length === 0) return; // everything waiting is for a stream being written now
      this.inFlight++;
      const streams = batch.flatMap((p) => p.requests.map((r) => r.streamId));
      streams.forEach((id) => this.streamsInFlight.set(id, (this.streamsInFlight.get(id) ?? 0) + 1));
      // The slot stays taken until the callers just answered have run on (their next appends
      // arrive in the same turn of the event loop): those then leave together, instead of the
      // first one alone in the freed slot and the rest behind it.
      void this.flush(batch).finally(() =>
        setImmediate(() => {
          this.inFlight--;
          for (const id of streams) {
            const n = this.streamsInFlight.get(id)! - 1;
            if (n === 0) this.streamsInFlight.delete(id);
            else this.streamsInFlight.set(id, n);
          }
          this.pump();
          if (this.inFlight === 0 && this.queue.length === 0) this.drainWaiters.splice(0).forEach((done) => done());
        }),
      );
    }
  }

  /**
   * The oldest waiting appends whose streams are all different: two appends to one stream in
   * one statement would both be checked against the same version. A stream being written by a
   * statement now waits for it too: sent beside it, the append would wait on the unique index
   * and then fail its whole group. An append left waiting also holds its streams back, so a
   * later append to them cannot overtake it.
   */
  private takeBatch(group: Required<GroupCommitOptions>): Pending[] {
    const batch: Pending[] = [];
    const taken = new Set<string>();
    let events = 0;
    for (let i = 0; i < this.queue.length && batch.length < group.maxAppends; ) {
      const pending = this.queue[i]!;
      const clash = pending.requests.some((r) => taken.has(r.streamId) || this.streamsInFlight.has(r.streamId));
      const fits = batch.length === 0 || events + pending.events <= group.maxEvents;
      pending.requests.forEach((r) => taken.add(r.streamId));
      if (clash || !fits) {
        i++;
        continue;
      }
      batch.push(pending);
      events += pending.events;
      this.queue.splice(i, 1);
    }
    return batch;
  }

  /** Settles every caller in the batch, whatever happens. */
  private async flush(batch: readonly Pending[]): Promise<void> {
    this.groupCommitStats.statements++;
    this.groupCommitStats.appends += batch.length;
    if (batch.length === 1) {
      const [only] = batch as [Pending];
      await this.appendAlone(only.requests).then(only.resolve, only.reject);
      return;
    }
    let rows: AppendedRow[];
    try {
      rows = await this.runGroup(batch);
    } catch {
      // A race on a version with another statement, a repeated event id, or a value one append
      // brought (which would fail any statement carrying it): each append alone then gets
      // exactly the answer it would have had without grouping.
      await Promise.all(batch.map((p) => this.appendAlone(p.requests).then(p.resolve, p.reject)));
      return;
    }
    this.groupCommitStats.groups++;
    this.groupCommitStats.groupedAppends += batch.length;
    this.wakeSubscribers();
    const appended = new Set(rows.map((r) => r.stream_id));
    await Promise.all(
      batch.map(async (p) => {
        if (p.requests.every((r) => appended.has(r.streamId))) {
          p.resolve(p.requests.map((request) => appendResult(request, rows)));
          return;
        }
        // Refused by its own expected versions; the others in the statement went in.
        try {
          const earlier = await this.findEarlierAppend(p.requests);
          if (earlier) p.resolve(earlier);
          else p.reject(await this.explainRefusal(p.requests));
        } catch (error) {
          p.reject(error);
        }
      }),
    );
  }

  private async runGroup(batch: readonly Pending[]): Promise<AppendedRow[]> {
    const [streams, events] = appendPayload(batch.map((p) => p.requests));
    const { rows } = this.beforeCommit
      ? await this.db.transaction(async (tx) => {
          const result = await tx.query<AppendedRow>(APPEND_GROUP, [streams, events], PREPARED_APPEND_GROUP);
          await this.beforeCommit?.();
          return result;
        })
      : await this.db.query<AppendedRow>(APPEND_GROUP, [streams, events], PREPARED_APPEND_GROUP);
    return rows;
  }

  /** Resolves once no append is waiting or running. */
  private drained(): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private async appendAlone(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    const [streams, events] = appendPayload([requests]);
    for (let attempt = 0; ; attempt++) {
      try {
        // One autocommitted statement: a round trip instead of four (BEGIN, stream rows, events,
        // COMMIT), which is what an append costs on a busy machine. The test seam needs a
        // transaction to hold open, so it gets the same statement inside one.
        const { rows } = this.beforeCommit
          ? await this.db.transaction(async (tx) => {
              const result = await tx.query<AppendedRow>(APPEND, [streams, events], PREPARED_APPEND);
              await this.beforeCommit?.();
              return result;
            })
          : await this.db.query<AppendedRow>(APPEND, [streams, events], PREPARED_APPEND);
        this.wakeSubscribers();
        return requests.map((request) => appendResult(request, rows));
      } catch (error) {
        // A stream that failed its expected-version check joins no version, so its events hit the
        // NOT NULL on stream_version and the whole statement is undone.
        const refused = pgErrorCode(error) === PG_NOT_NULL_VIOLATION;
        if (!refused && pgErrorCode(error) !== PG_UNIQUE_VIOLATION) throw error;
        // A retry of an append that already landed moved the version or repeats the event ids.
        const earlier = await this.findEarlierAppend(requests);
        if (earlier) return earlier;
        if (refused) throw await this.explainRefusal(requests);
        // A racing writer took the version first. Trying again checks every expectation anew:
        // an exact one now fails as a concurrency error, an 'any' one appends after the winner.
        if (pgConstraint(error) !== STREAM_VERSION_KEY || attempt >= MAX_VERSION_RACES) throw error;
      }
    }
  }

  async readStream<E extends DomainEvent = DomainEvent>(streamId: string, options: ReadStreamOptions = {}): Promise<StreamSlice<E>> {
    const from = options.fromVersion ?? 1;
    const limit = options.maxCount ?? null;
    // Version and events from one snapshot, so the version matches the last event returned.
    const { rows } = await this.db.query<EventRow & { current_version: string | null }>(
      `SELECT (SELECT max(stream_version) FROM es_events WHERE stream_id = $1)::text AS current_version, e.* FROM (SELECT 1) one
       LEFT JOIN LATERAL (
         SELECT ${SELECT_COLUMNS} FROM es_events
         WHERE stream_id = $1 AND stream_version >= $2
         ORDER BY stream_version LIMIT $3) e ON true`,
      [streamId, from, limit],
      { prepareAs: 'es_read_stream_v2' },
    );
    const version = Number(rows[0]?.current_version ?? 0);
    const events = rows.filter((r) => r.event_id !== null).map((r) => this.toRecorded<E>(r));
    return { version, events };
  }

  /**
   * Every stream a unit of work reads at once, in one statement: one round trip instead of one
   * per stream, and all of them from one snapshot (each slice's version still matches its last
   * event, as in `readStream`).
   */
  async readStreams<E extends DomainEvent = DomainEvent>(reads: readonly StreamRead[]): Promise<StreamSlice<E>[]> {
    if (reads.length === 0) return [];
    if (reads.length === 1) return [await this.readStream<E>(reads[0]!.streamId, { fromVersion: reads[0]!.fromVersion ?? 1 })];
    const { rows } = await this.db.query<EventRow & { ord: string; current_version: string | null }>(
      `SELECT r.ord::text AS ord, (SELECT max(stream_version) FROM es_events WHERE stream_id = r.sid)::text AS current_version, e.*
       FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS r(sid, from_version, ord)
       LEFT JOIN LATERAL (
         SELECT ${SELECT_COLUMNS} FROM es_events
         WHERE stream_id = r.sid AND stream_version >= r.from_version
         ORDER BY stream_version) e ON true
       ORDER BY r.ord, e.stream_version`,
      [reads.map((r) => r.streamId), reads.map((r) => r.fromVersion ?? 1)],
      { prepareAs: 'es_read_streams_v1' },
    );
    const slices = reads.map(() => ({ version: 0, events: [] as RecordedEvent<E>[] }));
    for (const row of rows) {
      const slice = slices[Number(row.ord) - 1]!;
      slice.version = Number(row.current_version ?? 0);
      if (row.event_id !== null) slice.events.push(this.toRecorded<E>(row));
    }
    return slices;
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const after = options.after ?? START;
    const fromStart = comparePositions(after, START) <= 0;
    const { rows } = fromStart
      ? await this.db.query<EventRow>(
          `SELECT ${SELECT_COLUMNS} FROM es_events WHERE ${FENCE}
           ORDER BY transaction_id, global_position LIMIT $1`,
          [options.limit],
          { prepareAs: 'es_read_all_first_v1' },
        )
      : await this.db.query<EventRow>(
          `SELECT ${SELECT_COLUMNS} FROM es_events
           WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint) AND ${FENCE}
           ORDER BY transaction_id, global_position LIMIT $3`,
          [String(after.commit), after.prepare, options.limit],
          { prepareAs: 'es_read_all_after_v1' },
        );
    return rows.map((r) => this.toRecorded(r));
  }

  async *subscribeToAll(options: SubscribeOptions): AsyncIterable<RecordedEvent[]> {
    let after = options.after ?? START;
    const limit = options.limit ?? 500;
    const pollInterval = options.pollIntervalMs ?? this.pollIntervalMs;
    while (!options.signal.aborted) {
      const batch = await this.readAll({ after, limit });
      const last = batch.at(-1);
      if (last) {
        after = last.position;
        yield batch;
      } else if (await this.waitForAppend(pollInterval, options.signal)) {
        // Woken by an append in this process: let the appends of the next few milliseconds join
        // it, so a busy api hands its projections one batch instead of one per command.
        await this.waitForAppend(this.coalesceMs, options.signal, false);
      }
    }
  }

  async headPosition(): Promise<LogPosition> {
    const { rows } = await this.db.query<{ commit: string; global_position: string }>(
      `SELECT transaction_id::text AS commit, global_position FROM es_events WHERE ${FENCE}
       ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    const row = rows[0];
    return row ? { commit: Number(row.commit), prepare: Number(row.global_position) } : START;
  }

  async countAfter(position: LogPosition, cap = 1_000_000): Promise<number> {
    const fromStart = comparePositions(position, START) <= 0;
    const { rows } = await this.db.query<{ n: string }>(
      fromStart
        ? `SELECT count(*)::text AS n FROM (SELECT 1 FROM es_events WHERE ${FENCE} LIMIT $1) t`
        : `SELECT count(*)::text AS n FROM (SELECT 1 FROM es_events
             WHERE (transaction_id, global_position) > ($2::text::xid8, $3::bigint) AND ${FENCE} LIMIT $1) t`,
      fromStart ? [cap] : [cap, String(position.commit), position.prepare],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  async close(): Promise<void> {
    this.wakeSubscribers();
    await this.drained();
    await this.db.close();
  }

  /** Says which stream refused the append, from the versions as they are now. */
  private async explainRefusal(requests: readonly AppendRequest[]): Promise<Error> {
    const { rows } = await this.db.query<{ stream_id: string; version: string }>(
      'SELECT stream_id, max(stream_version) AS version FROM es_events WHERE stream_id = ANY($1::text[]) GROUP BY stream_id',
      [requests.map((r) => r.streamId)],
    );
    const versions = new Map(rows.map((r) => [r.stream_id, Number(r.version)]));
    const refused =
      requests.find((r) => !expectationHolds(r.expectedVersion, versions.get(r.streamId))) ??
      // Every expectation holds again: a racing writer moved a stream and was undone since.
      requests.find((r) => r.expectedVersion !== 'any')!;
    const { streamId, expectedVersion: expected } = refused;
    if (expected === 'stream_exists') return new StreamNotFoundError(streamId);
    return new ConcurrencyError(streamId, String(expected), versions.get(streamId) ?? 0);
  }

  /**
   * A retried append (same event ids) finds its events already stored: answer as the first
   * attempt did instead of failing, so a client retry after a lost response is harmless.
   */
  private async findEarlierAppend(requests: readonly AppendRequest[]): Promise<AppendResult[] | undefined> {
    const wanted = requests.flatMap((r) => r.events.map((e) => ({ id: e.metadata.eventId, streamId: r.streamId })));
    const { rows } = await this.db.query<{ event_id: string; stream_id: string; stream_version: string; global_position: string; commit: string }>(
      `SELECT event_id::text AS event_id, stream_id, stream_version, global_position, transaction_id::text AS commit
       FROM es_events WHERE event_id IN (SELECT (jsonb_array_elements_text($1::jsonb))::uuid)`,
      [JSON.stringify(wanted.map((w) => w.id))],
    );
    if (rows.length === 0) return undefined;
    const byId = new Map(rows.map((r) => [r.event_id, r]));
    const allStoredInPlace = wanted.every((w) => byId.get(w.id)?.stream_id === w.streamId);
    if (!allStoredInPlace || rows.length !== wanted.length) {
      throw new DuplicateEventError(rows.map((r) => r.event_id));
    }
    return requests.map((request) => {
      const stored = request.events.map((e) => byId.get(e.metadata.eventId)!);
      const positions = stored.map((r) => Number(r.global_position));
      return {
        streamId: request.streamId,
        version: Math.max(...stored.map((r) => Number(r.stream_version))),
        firstGlobalPosition: Math.min(...positions),
        lastPosition: { commit: Number(stored[0]?.commit), prepare: Math.max(...positions) },
        duplicate: true,
      };
    });
  }

  private toRecorded<E extends DomainEvent>(row: EventRow): RecordedEvent<E> {
    const { schemaVersion, data } = this.upcasters.upcast(row.type, row.schema_version, row.data);
    const globalPosition = Number(row.global_position);
    return {
      type: row.type,
      data,
      metadata: {
        ...row.metadata,
        eventId: row.event_id,
        schemaVersion,
        // Formatted by the server: parsing two timestamps per event was a tenth of a replay's CPU.
        occurredAt: row.occurred_at,
      },
      streamId: row.stream_id,
      streamVersion: Number(row.stream_version),
      globalPosition,
      position: { commit: Number(row.commit), prepare: globalPosition },
      recordedAt: new Date(row.recorded_ms),
    } as unknown as RecordedEvent<E>;
  }

  private wakeSubscribers(): void {
    const current = [...this.waiters];
    this.waiters.clear();
    current.forEach((wake) => wake());
  }

  /** True when an append woke it (rather than the timeout or the signal). */
  private waitForAppend(timeoutMs: number, signal: AbortSignal, wakeOnAppend = true): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (woken: boolean): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', aborted);
        this.waiters.delete(wake);
        resolve(woken);
      };
      const wake = (): void => done(true);
      const aborted = (): void => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      signal.addEventListener('abort', aborted, { once: true });
      if (wakeOnAppend) this.waiters.add(wake);
    });
  }
}

/** Parsing and planning the append statement cost as much as running it: prepared once per connection. */
const PREPARED_APPEND = { prepareAs: 'es_append_v2' } as const;

/** Statements in flight before appends start to wait and group (PostgreSQL); tuned with bench/append.bench.ts. */
const DEFAULT_MAX_IN_FLIGHT = 2;
const PREPARED_APPEND_GROUP = { prepareAs: 'es_append_group_v1' } as const;

/** The unique (stream_id, stream_version) index: two writers raced for one version. */
const STREAM_VERSION_KEY = 'es_events_stream_version_key';
const MAX_VERSION_RACES = 20;

interface AppendedRow {
  stream_id: string;
  stream_version: string;
  global_position: string;
  commit: string;
}

/**
 * Checks every stream's expected version against its last event and inserts the events, in one
 * statement. A stream whose expectation fails gets no version; its events then carry a NULL
 * version and the NOT NULL constraint undoes the whole statement. Two writers that both passed
 * the check at one version collide on the unique (stream_id, stream_version) index: the second
 * waits for the first to commit, then fails, and nothing of its append is left behind.
 * $1: [{stream_id, mode, expected, n}], $2: [{seq, ord, stream_id, event...}].
 */
const APPEND = `
WITH req AS (
  SELECT r.*, (SELECT max(stream_version) FROM es_events e WHERE e.stream_id = r.stream_id) AS current
  FROM jsonb_to_recordset($1::jsonb) AS r(stream_id text, mode text, expected bigint, n bigint)
), v AS (
  SELECT stream_id, coalesce(current, 0) AS version FROM req
  WHERE CASE mode
    WHEN 'any' THEN true
    WHEN 'new' THEN current IS NULL
    WHEN 'exists' THEN current IS NOT NULL
    ELSE coalesce(current, 0) = expected
  END
)
INSERT INTO es_events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at)
SELECT e.event_id, e.stream_id, v.version + 1 + e.ord, e.type, e.schema_version, e.data, e.metadata, e.occurred_at
FROM jsonb_to_recordset($2::jsonb)
  AS e(seq int, ord int, stream_id text, event_id uuid, type text, schema_version int, data jsonb, metadata jsonb, occurred_at timestamptz)
LEFT JOIN v ON v.stream_id = e.stream_id
ORDER BY e.seq
RETURNING stream_id, stream_version::text AS stream_version, global_position::text AS global_position, transaction_id::text AS commit`;

/**
 * Several callers' appends in one statement (group commit, ADR 0025). Like APPEND, but a caller
 * (`grp`) whose expectation fails for any of its streams inserts nothing and the others go in:
 * the caller finds its streams missing from the returned rows. A race with another statement
 * still fails on the unique index, and then the whole statement is undone.
 */
const APPEND_GROUP = `
WITH req AS (
  SELECT r.*, (SELECT max(stream_version) FROM es_events e WHERE e.stream_id = r.stream_id) AS current
  FROM jsonb_to_recordset($1::jsonb) AS r(grp int, stream_id text, mode text, expected bigint, n bigint)
), checked AS (
  SELECT grp, stream_id, coalesce(current, 0) AS version,
    CASE mode
      WHEN 'any' THEN true
      WHEN 'new' THEN current IS NULL
      WHEN 'exists' THEN current IS NOT NULL
      ELSE coalesce(current, 0) = expected
    END AS ok
  FROM req
), v AS (
  SELECT stream_id, version FROM checked c
  WHERE NOT EXISTS (SELECT 1 FROM checked f WHERE f.grp = c.grp AND NOT f.ok)
)
INSERT INTO es_events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at)
SELECT e.event_id, e.stream_id, v.version + 1 + e.ord, e.type, e.schema_version, e.data, e.metadata, e.occurred_at
FROM jsonb_to_recordset($2::jsonb)
  AS e(seq int, ord int, stream_id text, event_id uuid, type text, schema_version int, data jsonb, metadata jsonb, occurred_at timestamptz)
JOIN v ON v.stream_id = e.stream_id
ORDER BY e.seq
RETURNING stream_id, stream_version::text AS stream_version, global_position::text AS global_position, transaction_id::text AS commit`;

/** $1 and $2 of APPEND / APPEND_GROUP: one group per caller, streams all different. */
function appendPayload(groups: readonly (readonly AppendRequest[])[]): [string, string] {
  const requests = groups.flatMap((group, grp) => group.map((request) => ({ request, grp })));
  const streams = requests.map(({ request: { streamId, expectedVersion: expected, events }, grp }) => ({
    grp,
    stream_id: streamId,
    mode: expected === 'any' ? 'any' : expected === 'stream_exists' ? 'exists' : expected === 'no_stream' || expected === 0 ? 'new' : 'exact',
    expected: typeof expected === 'number' ? expected : null,
    n: events.length,
  }));
  let seq = 0;
  const events = requests.flatMap(({ request }) =>
    request.events.map((e, ord) => {
      const { eventId, schemaVersion, occurredAt, ...stored } = e.metadata;
      return {
        seq: seq++,
        ord,
        stream_id: request.streamId,
        event_id: eventId,
        type: e.type,
        schema_version: schemaVersion,
        data: e.data,
        metadata: stored,
        occurred_at: occurredAt,
      };
    }),
  );
  return [JSON.stringify(streams), JSON.stringify(events)];
}

function appendResult(request: AppendRequest, rows: readonly AppendedRow[]): AppendResult {
  const mine = rows.filter((r) => r.stream_id === request.streamId);
  const positions = mine.map((r) => Number(r.global_position));
  return {
    streamId: request.streamId,
    version: Math.max(...mine.map((r) => Number(r.stream_version))),
    firstGlobalPosition: Math.min(...positions),
    lastPosition: { commit: Number(mine[0]?.commit), prepare: Math.max(...positions) },
    duplicate: false,
  };
}

function expectationHolds(expected: AppendRequest['expectedVersion'], actual: number | undefined): boolean {
  if (expected === 'any') return true;
  if (expected === 'stream_exists') return actual !== undefined;
  if (expected === 'no_stream' || expected === 0) return actual === undefined;
  return actual === expected;
}

function assertAppendable(requests: readonly AppendRequest[]): void {
  if (requests.length === 0) throw new Error('appendMany needs at least one stream');
  const streams = new Set<string>();
  for (const r of requests) {
    if (r.events.length === 0) throw new Error(`Append to ${r.streamId} carries no events`);
    if (streams.has(r.streamId)) throw new Error(`Stream ${r.streamId} appears twice in one append`);
    streams.add(r.streamId);
  }
}
