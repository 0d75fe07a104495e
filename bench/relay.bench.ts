/**
 * Kafka relay throughput: the relay (KafkaRelay from @fund/messaging, run by a SubscriptionRunner
 * as the worker runs it) publishing a generated history from position 0 to a real broker.
 * Skipped, with a message, unless KAFKA_BROKERS is set.
 *
 *   KAFKA_BROKERS=127.0.0.1:9092 npm run bench:relay [-- --events 20000] [--batch 500] [--partitions 3] [--no-record]
 *
 * Uses its own topic (bench-relay-<random>) and database, and deletes both afterwards.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { openEventStore, SubscriptionRunner } from '@fund/event-sourcing';
import { KafkaPublisher, KafkaRelay } from '@fund/messaging';
import { args, commandLine, count, createDatabase, fmt, machine, mb, record, RssSampler, table, today } from './lib/common';
import { generateHistory } from './lib/fund-history';

const opts = args();
const EVENTS = count(opts.get('events'), 20_000);
const BATCH = count(opts.get('batch'), 500);
const PARTITIONS = count(opts.get('partitions'), 3);

async function main(): Promise<void> {
  const brokers = process.env.KAFKA_BROKERS?.split(',').filter(Boolean) ?? [];
  if (brokers.length === 0) {
    console.log('SKIPPED bench:relay: KAFKA_BROKERS is not set (start a broker with npm run kafka:start, then KAFKA_BROKERS=127.0.0.1:9092 npm run bench:relay)');
    return;
  }
  const topic = `bench-relay-${randomBytes(4).toString('hex')}`;
  const db = await createDatabase('relay');
  const publisher = new KafkaPublisher({ brokers, clientId: 'survivor-fund-bench' });
  try {
    const { store, db: sql } = await openEventStore({ kind: 'postgres', connectionString: db.url, poolSize: 16 });
    try {
      console.log(`generating ${fmt(EVENTS)} events`);
      const generated = await generateHistory(store, { events: EVENTS });
      const relay = new KafkaRelay(publisher, { topic, partitions: PARTITIONS, retentionMs: 3_600_000, replicationFactor: -1, keySecret: randomBytes(16).toString('hex') });
      const runner = new SubscriptionRunner(store, sql, relay, { batchSize: BATCH });
      await runner.prepare();
      const rss = new RssSampler();
      const started = process.hrtime.bigint();
      const events = await runner.catchUp();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const admin = new Kafka({ brokers, clientId: 'survivor-fund-bench', logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      const offsets = await admin.fetchTopicOffsets(topic);
      const messages = offsets.reduce((n, p) => n + Number(p.high), 0);
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
      const rows = [[fmt(events), fmt(messages), fmt(seconds, 1), fmt(events / seconds), fmt(messages / seconds), mb(rss.stop())]];
      const headers = ['events read', 'messages published', 's', 'events/s', 'messages/s', 'peak RSS'];
      console.log(`\n${table(headers, rows)}`);
      record(`
### Kafka relay, ${fmt(generated.events)} events (${today()})

- Command: \`${commandLine('bench:relay')}\` with KAFKA_BROKERS set (${brokers.length} broker(s))
- Machine: ${machine()}
- KafkaRelay + KafkaPublisher (acks from all in-sync replicas, idempotent producer), SubscriptionRunner.catchUp from position 0, batches of ${BATCH}, ${PARTITIONS} partitions.

${table(headers, rows)}
`);
    } finally {
      await store.close();
    }
  } finally {
    await publisher.close();
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
