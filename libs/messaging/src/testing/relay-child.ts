/**
 * The relay alone in a process, for the kill -9 test (kafka-relay.crash.int-spec.ts):
 *   node -r @swc-node/register libs/messaging/src/testing/relay-child.ts
 * with DATABASE_URL, KAFKA_BROKERS, RELAY_TOPIC, KAFKA_KEY_SECRET, RELAY_BATCH_SIZE and
 * RELAY_PAUSE_AFTER_ACK_MS (a pause between the broker's ack and the checkpoint's commit, so a
 * kill lands there as often as a real crash could).
 */
import { openEventStore, SubscriptionRunner, type RecordedEvent, type SqlExecutor, type EventHandler } from '@fund/event-sourcing';
import { KafkaPublisher } from '../kafka-publisher';
import { KafkaRelay } from '../kafka-relay';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const opened = await openEventStore({ kind: 'postgres', connectionString: required('DATABASE_URL'), poolSize: 2 });
  const publisher = new KafkaPublisher({ brokers: required('KAFKA_BROKERS').split(','), clientId: 'relay-child' });
  const relay = new KafkaRelay(publisher, { topic: required('RELAY_TOPIC'), partitions: 3, retentionMs: 3_600_000, replicationFactor: 1, keySecret: required('KAFKA_KEY_SECRET') });
  const pause = Number(process.env.RELAY_PAUSE_AFTER_ACK_MS ?? 0);
  const handler: EventHandler = {
    name: relay.name,
    migrations: relay.migrations,
    handle: async (events: readonly RecordedEvent[], tx: SqlExecutor) => {
      await relay.handle(events, tx);
      if (pause > 0) await new Promise((r) => setTimeout(r, pause));
    },
  };
  const runner = new SubscriptionRunner(opened.store, opened.db, handler, { batchSize: Number(process.env.RELAY_BATCH_SIZE ?? 10), pollIntervalMs: 50, retryDelayMs: 50 });
  await runner.prepare();
  runner.start();
  process.stdout.write('relay running\n');
  process.once('SIGTERM', () => {
    void (async () => {
      await runner.stop();
      await publisher.close();
      await opened.store.close();
      process.exit(0);
    })();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
