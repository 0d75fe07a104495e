/**
 * Copies the event log from the configured SQL store to KurrentDB (docs/adr/0004, "Migrating").
 *   EVENT_STORE=postgres DATABASE_URL=postgres://... KURRENTDB_URL=kurrentdb://host:2113?tls=false \
 *     node -r @swc-node/register apps/api/src/cli/migrate-to-kurrentdb.cli.ts [--batch 500] [--dry-run] [--skip-checkpoints]
 * Exit 0: copied and verified. 1: the copy does not match the source (or the target holds other
 * events). 2: it could not run (configuration, connection).
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CopyConflictError,
  copyEvents,
  isKurrentDbUrl,
  loadUntranslatedCheckpoints,
  openEventStore,
  openKurrentDbEventStore,
  prepareKurrentDbReadStore,
  redactKurrentDbUrl,
  translateCheckpoints,
  verifyCopy,
  type EventStore,
  type EventStoreConfig,
  type LogPosition,
} from '@fund/event-sourcing';
import { loadConfigOrExit } from '@fund/platform';

const USAGE = `usage: migrate-to-kurrentdb [--batch 500] [--dry-run] [--skip-checkpoints]

Copies every event of the SQL event store named by EVENT_STORE (pglite under DATA_DIR, or
postgres at DATABASE_URL) to the KurrentDB server at KURRENTDB_URL (25.1 or later), in global
order, keeping each event's id, type, data and metadata. Each stream is appended with the exact
versions it had, so running it again skips what is already there and resumes an interrupted
copy. Then it checks every stream (event count and last event id) and the totals.

With a PostgreSQL source, the projection checkpoints in that database are then moved to the
matching KurrentDB positions, so projections (the audit ledger included) carry on where they
stopped when the service restarts on KurrentDB with the same DATABASE_URL for read models.
Each move is recorded in es_checkpoint_translations. --skip-checkpoints leaves them alone.

Stop the api and the worker first: events appended during the copy would be missed.
--dry-run reads the source and reports what it would copy, writing nothing.`;

interface Options {
  readonly batch: number;
  readonly dryRun: boolean;
  readonly skipCheckpoints: boolean;
}

function parse(): Options {
  try {
    const { values } = parseArgs({
      options: {
        batch: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'skip-checkpoints': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    const batch = values.batch === undefined ? 500 : Number(values.batch);
    if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) throw new Error('--batch must be a whole number from 1 to 10000');
    return { batch, dryRun: values['dry-run'] ?? false, skipCheckpoints: values['skip-checkpoints'] ?? false };
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(USAGE);
    process.exit(2);
  }
}

const at = (p: LogPosition) => `(${p.commit}, ${p.prepare})`;

async function main(): Promise<void> {
  const options = parse();
  const config = loadConfigOrExit();
  const kind: string = config.EVENT_STORE;
  if (kind !== 'postgres' && kind !== 'pglite') {
    console.error(`EVENT_STORE must name the SQL store to copy from (pglite or postgres), not ${kind}`);
    process.exit(2);
  }
  const url = process.env.KURRENTDB_URL ?? '';
  if (!isKurrentDbUrl(url)) {
    console.error('KURRENTDB_URL must be the KurrentDB to copy to, like kurrentdb://host:2113?tls=false');
    process.exit(2);
  }
  const storeConfig: EventStoreConfig =
    kind === 'postgres'
      ? { kind: 'postgres', connectionString: config.DATABASE_URL ?? '', poolSize: 4 }
      : { kind: 'pglite', dataDir: join(config.DATA_DIR, 'pglite') };
  const { store: source, db } = await openEventStore(storeConfig);
  let target: EventStore | undefined;
  try {
    target = await openKurrentDbEventStore(url);
    const translate = kind === 'postgres' && !options.skipCheckpoints && !options.dryRun;
    console.log(`Copying events from ${kind} to ${redactKurrentDbUrl(url)}${options.dryRun ? ' (dry run: nothing is written)' : ''}`);
    const checkpoints = translate ? await loadUntranslatedCheckpoints(db) : [];

    const started = Date.now();
    const report = await copyEvents(source, target, {
      batchSize: options.batch,
      dryRun: options.dryRun,
      checkpoints,
      onProgress: ({ read }) => {
        if (read % 10_000 < options.batch) console.error(`  ... ${read} events read`);
      },
    });
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    console.log(`Read ${report.read} events in ${report.streams.size} streams (${Math.round(report.read / seconds)} events/s)`);
    console.log(`  copied now: ${report.written}; already in KurrentDB: ${report.alreadyThere}`);
    if (options.dryRun) return;

    const verified = await verifyCopy(source, target, report.streams);
    console.log(`Verified ${verified.streamsChecked} streams; events in source: ${verified.sourceTotal}, in KurrentDB: ${verified.targetTotal}`);
    if (!verified.ok) {
      for (const m of verified.mismatches.slice(0, 20)) {
        console.error(
          `  MISMATCH ${m.streamId}: source has ${m.expected.count} events ending ${m.expected.lastEventId}; ` +
            `KurrentDB has ${m.actual.version} ending ${m.actual.lastEventId ?? '(none)'}`,
        );
      }
      if (verified.mismatches.length > 20) console.error(`  ... and ${verified.mismatches.length - 20} more streams`);
      if (verified.sourceTotal !== verified.targetTotal) {
        console.error('  MISMATCH in totals: KurrentDB must be an empty database before the first run');
      }
      process.exitCode = 1;
      return;
    }

    if (translate) {
      await prepareKurrentDbReadStore(db);
      const moved = await translateCheckpoints(db, target, checkpoints, report.markers);
      for (const m of moved) console.log(`  checkpoint ${m.subscriptionId}: ${at(m.from)} -> ${at(m.to)}`);
      if (moved.length > 0) {
        console.log('  (old positions are kept in es_checkpoint_translations: copy them back to es_checkpoints to return to PostgreSQL)');
      }
    } else if (kind === 'pglite') {
      console.log(
        'The embedded store keeps read models in its own files: on KurrentDB they are rebuilt from the start in DATABASE_URL. ' +
          'Audit ledger hashes include each event\u2019s global position, which changes: export the ledger and keep its last hash first.',
      );
    }
    console.log('OK. Start the service with EVENT_STORE=kurrentdb, KURRENTDB_URL and DATABASE_URL (read models).');
    process.exitCode = 0;
  } catch (error) {
    if (error instanceof CopyConflictError) {
      console.error(error.message);
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    await target?.close();
    await source.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
});
