/**
 * Moving the event log from a SQL store to KurrentDB (docs/adr/0004, "Migrating"). Written
 * against the EventStore port on both sides, so it is tested with PGlite and the KurrentDB
 * fake; the CLI (apps/api/src/cli/migrate-to-kurrentdb.cli.ts) only wires configuration.
 */
import type { EventToAppend, LogPosition, RecordedEvent } from '../event';
import { START, comparePositions } from '../event';
import { ConcurrencyError, DuplicateEventError } from '../errors';
import type { AppendResult, EventStore } from '../event-store';
import type { SqlDatabase } from '../sql/sql-database';
import { CheckpointStore } from '../subscriptions/checkpoint-store';

export interface StreamTally {
  readonly count: number;
  readonly lastEventId: string;
}

/** Where the last source event at or before a checkpoint went: its stream and version. */
export interface CheckpointMarker {
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string;
}

export interface StoredCheckpoint {
  readonly subscriptionId: string;
  readonly position: LogPosition;
}

export interface CopyProgress {
  readonly read: number;
  readonly written: number;
  readonly alreadyThere: number;
}

export interface CopyOptions {
  readonly batchSize?: number;
  /** Read and count only; nothing is written. */
  readonly dryRun?: boolean;
  /** Checkpoints (SQL positions) whose place in the copied log should be remembered. */
  readonly checkpoints?: readonly StoredCheckpoint[];
  readonly onProgress?: (progress: CopyProgress) => void;
}

export interface CopyReport extends CopyProgress {
  readonly streams: ReadonlyMap<string, StreamTally>;
  /** Per subscription id; absent when the checkpoint is before the first event. */
  readonly markers: ReadonlyMap<string, CheckpointMarker>;
}

/** The target holds other events for a stream than the source: copying on would mix logs. */
export class CopyConflictError extends Error {
  constructor(
    readonly streamId: string,
    cause: ConcurrencyError,
  ) {
    super(
      `KurrentDB stream ${streamId} is at version ${cause.actual} where the source has ${cause.expected}: ` +
        'the target already holds other events for it. Migrate into an empty KurrentDB database.',
    );
    this.name = 'CopyConflictError';
  }
}

/**
 * Copies every event in global order. Consecutive events of one stream go in one append with
 * the exact expected version they had in the source, with their ids, types, data and metadata,
 * so a re-run finds what is already there (`duplicate: true`) and carries on after it.
 */
export async function copyEvents(source: EventStore, target: EventStore, options: CopyOptions = {}): Promise<CopyReport> {
  const batchSize = options.batchSize ?? 500;
  const checkpoints = options.checkpoints ?? [];
  const streams = new Map<string, StreamTally>();
  const markers = new Map<string, CheckpointMarker>();
  let read = 0;
  let written = 0;
  let alreadyThere = 0;
  let after: LogPosition = START;
  for (;;) {
    const page = await source.readAll({ after, limit: batchSize });
    if (page.length === 0) break;
    for (const run of runsOfOneStream(page)) {
      if (!options.dryRun) {
        const outcome = await copyRun(target, run);
        written += outcome.written;
        alreadyThere += outcome.alreadyThere;
      }
      const last = run.at(-1)!;
      streams.set(last.streamId, { count: last.streamVersion, lastEventId: last.metadata.eventId });
    }
    for (const event of page) {
      for (const checkpoint of checkpoints) {
        if (comparePositions(event.position, checkpoint.position) <= 0) {
          markers.set(checkpoint.subscriptionId, { streamId: event.streamId, version: event.streamVersion, eventId: event.metadata.eventId });
        }
      }
    }
    read += page.length;
    after = page.at(-1)!.position;
    options.onProgress?.({ read, written, alreadyThere });
  }
  return { read, written, alreadyThere, streams, markers };
}

function runsOfOneStream(page: readonly RecordedEvent[]): RecordedEvent[][] {
  const runs: RecordedEvent[][] = [];
  for (const event of page) {
    const current = runs.at(-1);
    if (current && current[0]!.streamId === event.streamId) current.push(event);
    else runs.push([event]);
  }
  return runs;
}

async function copyRun(target: EventStore, run: readonly RecordedEvent[]): Promise<{ written: number; alreadyThere: number }> {
  try {
    const result = await appendAsStored(target, run);
    return result.duplicate ? { written: 0, alreadyThere: run.length } : { written: run.length, alreadyThere: 0 };
  } catch (error) {
    if (error instanceof ConcurrencyError) throw new CopyConflictError(run[0]!.streamId, error);
    if (!(error instanceof DuplicateEventError) || run.length === 1) throw error;
  }
  // An earlier, interrupted run copied part of this run (with other page boundaries): one event
  // at a time, each is either already there or next in line.
  let written = 0;
  let alreadyThere = 0;
  for (const event of run) {
    const outcome = await copyRun(target, [event]);
    written += outcome.written;
    alreadyThere += outcome.alreadyThere;
  }
  return { written, alreadyThere };
}

function appendAsStored(target: EventStore, run: readonly RecordedEvent[]): Promise<AppendResult> {
  const first = run[0]!;
  const before = first.streamVersion - 1;
  return target.append({
    streamId: first.streamId,
    expectedVersion: before === 0 ? 'no_stream' : before,
    events: run.map((e): EventToAppend => ({ type: e.type, data: e.data, metadata: e.metadata })),
  });
}

export interface StreamMismatch {
  readonly streamId: string;
  readonly expected: StreamTally;
  readonly actual: { readonly version: number; readonly lastEventId: string | undefined };
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly streamsChecked: number;
  readonly mismatches: readonly StreamMismatch[];
  readonly sourceTotal: number;
  readonly targetTotal: number;
}

/**
 * Every stream must have the source's event count and end with the source's last event, and
 * the target's log must hold exactly as many events as the source's.
 */
export async function verifyCopy(source: EventStore, target: EventStore, streams: ReadonlyMap<string, StreamTally>, concurrency = 8): Promise<VerifyReport> {
  const mismatches: StreamMismatch[] = [];
  const queue = [...streams.entries()];
  await Promise.all(
    Array.from({ length: Math.max(1, concurrency) }, async () => {
      for (let next = queue.pop(); next; next = queue.pop()) {
        const [streamId, expected] = next;
        const { version, events } = await target.readStream(streamId, { fromVersion: expected.count, maxCount: 1 });
        const lastEventId = events[0]?.metadata.eventId;
        if (version !== expected.count || lastEventId?.toLowerCase() !== expected.lastEventId.toLowerCase()) {
          mismatches.push({ streamId, expected, actual: { version, lastEventId } });
        }
      }
    }),
  );
  const [sourceTotal, targetTotal] = await Promise.all([
    source.countAfter(START, Number.MAX_SAFE_INTEGER),
    target.countAfter(START, Number.MAX_SAFE_INTEGER),
  ]);
  mismatches.sort((a, b) => a.streamId.localeCompare(b.streamId));
  return { ok: mismatches.length === 0 && sourceTotal === targetTotal, streamsChecked: streams.size, mismatches, sourceTotal, targetTotal };
}

/** Subscription checkpoints in a read database that still hold SQL positions. */
export async function loadUntranslatedCheckpoints(db: SqlDatabase): Promise<StoredCheckpoint[]> {
  const { rows: present } = await db.query<{ checkpoints: boolean; translations: boolean }>(
    `SELECT to_regclass('es_checkpoints') IS NOT NULL AS checkpoints, to_regclass('es_checkpoint_translations') IS NOT NULL AS translations`,
  );
  if (!present[0]?.checkpoints) return [];
  const { rows } = await db.query<{ subscription_id: string; commit_position: string; prepare_position: string }>(
    present[0].translations
      ? `SELECT subscription_id, commit_position, prepare_position FROM es_checkpoints c
         WHERE NOT EXISTS (SELECT 1 FROM es_checkpoint_translations t WHERE t.subscription_id = c.subscription_id)
         ORDER BY subscription_id`
      : `SELECT subscription_id, commit_position, prepare_position FROM es_checkpoints ORDER BY subscription_id`,
  );
  return rows.map((r) => ({ subscriptionId: r.subscription_id, position: { commit: Number(r.commit_position), prepare: Number(r.prepare_position) } }));
}

export interface CheckpointTranslation {
  readonly subscriptionId: string;
  readonly from: LogPosition;
  readonly to: LogPosition;
}

/**
 * Moves each checkpoint to the KurrentDB position of the last event it had handled, so every
 * projection (the audit ledger included) carries on where it stopped instead of being rebuilt.
 * Each move is recorded in `es_checkpoint_translations` (run `prepareKurrentDbReadStore`
 * first) in the same transaction, so it happens once and can be undone.
 */
export async function translateCheckpoints(
  db: SqlDatabase,
  target: EventStore,
  checkpoints: readonly StoredCheckpoint[],
  markers: ReadonlyMap<string, CheckpointMarker>,
): Promise<CheckpointTranslation[]> {
  const store = new CheckpointStore();
  const done: CheckpointTranslation[] = [];
  for (const checkpoint of checkpoints) {
    const marker = markers.get(checkpoint.subscriptionId);
    let to: LogPosition = START;
    if (marker) {
      const { events } = await target.readStream(marker.streamId, { fromVersion: marker.version, maxCount: 1 });
      const event = events[0];
      if (!event || event.metadata.eventId.toLowerCase() !== marker.eventId.toLowerCase()) {
        throw new Error(`Checkpoint ${checkpoint.subscriptionId}: event ${marker.eventId} is not at ${marker.streamId}@${marker.version} in KurrentDB`);
      }
      to = event.position;
    }
    const moved = await db.transaction(async (tx) => {
      const now = await store.lock(tx, checkpoint.subscriptionId);
      if (comparePositions(now, checkpoint.position) !== 0) return false; // moved meanwhile: the service is running
      await tx.query(
        `INSERT INTO es_checkpoint_translations
           (subscription_id, sql_commit_position, sql_prepare_position, kurrentdb_commit_position, kurrentdb_prepare_position)
         VALUES ($1, $2, $3, $4, $5)`,
        [checkpoint.subscriptionId, checkpoint.position.commit, checkpoint.position.prepare, to.commit, to.prepare],
      );
      await store.save(tx, checkpoint.subscriptionId, to);
      return true;
    });
    if (!moved) throw new Error(`Checkpoint ${checkpoint.subscriptionId} moved during the migration: stop the service and the worker, then run again`);
    done.push({ subscriptionId: checkpoint.subscriptionId, from: checkpoint.position, to });
  }
  return done;
}
