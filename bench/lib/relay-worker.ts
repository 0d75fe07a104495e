/**
 * The Kafka relay alone in its own process, run the way the worker runs it (SubscriptionsHost:
 * a SubscriptionRunner with the default options, so batches of 500 and the store's poll
 * interval, 100 ms on PostgreSQL). A separate process matters for the lag benchmark: appends
 * made in the same process wake the subscription at once, appends made by the api (another
 * process) are only seen at the next poll.
 *
 *   node -r @swc-node/register bench/lib/relay-worker.ts
 * with DATABASE_URL, KAFKA_BROKERS, RELAY_TOPIC, KAFKA_KEY_SECRET, and optionally
 * RELAY_POLL_INTERVAL_MS and RELAY_BATCH_SIZE (unset: the worker's defaults).
 * Prints `relay running` when started; on SIGTERM it finishes its batch, prints one JSON line
 * `{"batches":..,"events":..,"handleMs":[..],"readMs":[..],"emptyReads":..}` and exits.
 */
import 'reflect-metadata';
import { openEventStore, SubscriptionRunner, type EventHandler, type RecordedEvent, type RunnerOptions, type SqlExecutor } from '@fund/event-sourcing';
import { KafkaPublisher, KafkaRelay } from '@fund/messaging';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

function optionalNumber(name: string): number | undefined {
  const value = process.env[name];
  return value ? Number(value) : undefined;
}

async function main(): Promise<void> {
  const opened = await openEventStore({ kind: 'postgres', connectionString: required('DATABASE_URL') });
  const publisher = new KafkaPublisher({ brokers: required('KAFKA_BROKERS').split(','), clientId: 'survivor-fund-bench-relay' });
  const relay = new KafkaRelay(publisher, { topic: required('RELAY_TOPIC'), partitions: 3, retentionMs: 3_600_000, replicationFactor: -1, keySecret: required('KAFKA_KEY_SECRET') });
  const stats = { batches: 0, events: 0, handleMs: [] as number[], readMs: [] as number[], emptyReads: 0 };
  // Times the store's reads too: on a busy machine they, not the relay, can dominate the lag.
  const readAll = opened.store.readAll.bind(opened.store);
  opened.store.readAll = async (options) => {
    const started = performance.now();
    const events = await readAll(options);
    stats.readMs.push(performance.now() - started);
    if (events.length === 0) stats.emptyReads += 1;
    return events;
  };
  // Counts batches and times handle (mapping, facts, publish and ack), nothing else changes.
  const counted: EventHandler = {
    name: relay.name,
    migrations: relay.migrations,
    handle: async (events: readonly RecordedEvent[], tx: SqlExecutor) => {
      const started = performance.now();
      await relay.handle(events, tx);
      stats.batches += 1;
      stats.events += events.length;
      stats.handleMs.push(performance.now() - started);
    },
  };
  const poll = optionalNumber('RELAY_POLL_INTERVAL_MS');
  const batch = optionalNumber('RELAY_BATCH_SIZE');
  const options: RunnerOptions = {
    ...(poll !== undefined ? { pollIntervalMs: poll } : {}),
    ...(batch !== undefined ? { batchSize: batch } : {}),
    onError: (_name, error) => process.stderr.write(`relay batch failed: ${error instanceof Error ? error.message : String(error)}\n`),
  };
  const runner = new SubscriptionRunner(opened.store, opened.db, counted, options);
  await runner.prepare();
  runner.start();
  process.stdout.write('relay running\n');
  process.once('SIGTERM', () => {
    void (async () => {
      await runner.stop();
      await publisher.close();
      await opened.store.close();
      process.stdout.write(`${JSON.stringify(stats)}\n`);
      process.exit(0);
    })();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
