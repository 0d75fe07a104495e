/**
 * The Kafka relay against a real broker, in three parts (all by default; `--only throughput`,
 * `--only lag` or `--only outage` for one):
 * - throughput: the relay (KafkaRelay from @fund/messaging, run by a SubscriptionRunner as the
 *   worker runs it) publishing a generated history from position 0;
 * - lag: the generator appending at a steady `--rate` events/s for `--seconds`, the relay in its
 *   own process with the worker's defaults (`--poll` ms and `--lag-batch` to try others), and a
 *   kafkajs consumer; end-to-end lag from each append's commit to the consumer receiving it
 *   (bench/lib/relay-lag.ts);
 * - outage: the lag of a plain counting projection at `--outage-rate` events/s, alone and then
 *   beside a relay whose broker refuses connections (bench/lib/relay-outage.ts; needs no broker).
 * Skipped, with a message, unless KAFKA_BROKERS is set (except `--only outage`).
 *
 *   KAFKA_BROKERS=127.0.0.1:9092 npm run bench:relay [-- --events 20000] [--batch 500] [--partitions 3]
 *     [--rate 500] [--seconds 30] [--warmup 3] [--poll <ms>] [--lag-batch <n>] [--outage-rate 100] [--outage-seconds 20]
 *     [--only throughput|lag|outage] [--no-record]
 *
 * Uses its own topics (bench-relay-<random>) and databases, and deletes them afterwards.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { openEventStore, SubscriptionRunner } from '@fund/event-sourcing';
import { KafkaPublisher, KafkaRelay } from '@fund/messaging';
import { ADMIN_URL, args, commandLine, count, createDatabase, fmt, machine, mb, record, RssSampler, table, today } from './lib/common';
import { generateHistory } from './lib/fund-history';
import { measureRelayLag } from './lib/relay-lag';
import { measureOutageStall } from './lib/relay-outage';

const opts = args();
const EVENTS = count(opts.get('events'), 20_000);
const BATCH = count(opts.get('batch'), 500);
const PARTITIONS = count(opts.get('partitions'), 3);
const RATE = count(opts.get('rate'), 500);
const SECONDS = count(opts.get('seconds'), 30);
const WARMUP = count(opts.get('warmup'), 3);
const POLL = opts.has('poll') ? count(opts.get('poll'), 100) : undefined;
const LAG_BATCH = opts.has('lag-batch') ? count(opts.get('lag-batch'), 500) : undefined;
const OUTAGE_RATE = count(opts.get('outage-rate'), 100);
const OUTAGE_SECONDS = count(opts.get('outage-seconds'), 20);
const ONLY = opts.get('only');

async function main(): Promise<void> {
  if (ONLY !== undefined && !['throughput', 'lag', 'outage'].includes(ONLY)) throw new Error(`--only takes throughput, lag or outage, not ${ONLY}`);
  if (ONLY === 'outage') return outage();
  const brokers = process.env.KAFKA_BROKERS?.split(',').filter(Boolean) ?? [];
  if (brokers.length === 0) {
    console.log('SKIPPED bench:relay: KAFKA_BROKERS is not set (start a broker with npm run kafka:start, then KAFKA_BROKERS=127.0.0.1:9092 npm run bench:relay)');
    return;
  }
  if (ONLY === undefined || ONLY === 'throughput') await throughput(brokers);
  if (ONLY === undefined || ONLY === 'lag') await lag(brokers);
  if (ONLY === undefined) await outage();
}

async function throughput(brokers: string[]): Promise<void> {
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

async function lag(brokers: string[]): Promise<void> {
  console.log(`\nlag: appending ${fmt(RATE)} events/s for ${SECONDS} s, relay in its own process (${POLL === undefined ? 'default poll interval' : `poll every ${POLL} ms`})`);
  const r = await measureRelayLag({ brokers, rate: RATE, seconds: SECONDS, warmupSeconds: WARMUP, partitions: PARTITIONS, pollIntervalMs: POLL, batchSize: LAG_BATCH });
  const ms = (n: number) => fmt(n);
  const headers = ['appended', 'events/s appended', 'messages measured', 'lag p50 ms', 'p90', 'p99', 'max', 'to broker p50 / p99', 'to consumer p50 / p99', 'relay batches', 'events/batch', 'handle p50 / p99 ms', 'store read p50 / p99 ms', 'empty polls'];
  const rows = [
    [
      fmt(r.appended),
      fmt(r.appendRate),
      fmt(r.measured),
      ms(r.endToEnd.p50),
      ms(r.endToEnd.p90),
      ms(r.endToEnd.p99),
      ms(r.endToEnd.max),
      `${ms(r.toBroker.p50)} / ${ms(r.toBroker.p99)}`,
      `${ms(r.toConsumer.p50)} / ${ms(r.toConsumer.p99)}`,
      fmt(r.relayBatches),
      fmt(r.eventsPerBatch, 1),
      `${ms(r.handle.p50)} / ${ms(r.handle.p99)}`,
      `${ms(r.read.p50)} / ${ms(r.read.p99)}`,
      fmt(r.emptyReads),
    ],
  ];
  // The store's visibility fence is cluster-wide: transactions in any database of that server
  // (other tests, CREATE/DROP DATABASE) hold events back, so say which server it was.
  const server = `PostgreSQL at ${new URL(ADMIN_URL).host}`;
  console.log(`\n${table(headers, rows)}\n(${server}; the visibility fence counts every transaction on that server)`);
  record(`
### Kafka relay lag at ${fmt(RATE)} events/s (${today()})

- Command: \`${commandLine('bench:relay')}\` with KAFKA_BROKERS set (${brokers.length} broker(s))
- Machine: ${machine()}
- The fund-history generator appending at a steady ${fmt(RATE)} events/s for ${SECONDS} s (${server}, whose visibility fence counts every transaction on the server); KafkaRelay in its own process as the worker runs it (${POLL === undefined ? 'default poll interval, 100 ms' : `poll every ${POLL} ms`}, ${LAG_BATCH === undefined ? 'batches of up to 500' : `batches of up to ${LAG_BATCH}`}); a kafkajs consumer group. Lag: from the append's commit to the consumer receiving the message; events committed in the first ${WARMUP} s left out (${fmt(r.leftOutAsWarmup)} messages). "To broker": commit to the producer's timestamp on the message.

${table(headers, rows)}
`);
}

async function outage(): Promise<void> {
  console.log(`\noutage: a counting projection at ${fmt(OUTAGE_RATE)} events/s for ${OUTAGE_SECONDS} s, alone, then beside a relay whose broker refuses connections`);
  const r = await measureOutageStall({ rate: OUTAGE_RATE, seconds: OUTAGE_SECONDS });
  const headers = ['counting projection', 'appended', 'lag p50 ms', 'p90', 'p99', 'max', 'failed relay batches'];
  const row = (name: string, p: typeof r.alone) => [name, fmt(p.appended), fmt(p.lag.p50), fmt(p.lag.p90), fmt(p.lag.p99), fmt(p.lag.max), fmt(p.relayFailures)];
  const rows = [row('alone', r.alone), row('beside the relay, broker away', r.besideRelay)];
  const server = `PostgreSQL at ${new URL(ADMIN_URL).host}`;
  console.log(`\n${table(headers, rows)}\n(${server})`);
  record(`
### Other subscriptions while the Kafka broker is away (${today()})

- Command: \`${commandLine('bench:relay')}\`
- Machine: ${machine()}
- A counting projection (checkpoint only) with the worker's runner defaults, the fund-history generator appending ${fmt(OUTAGE_RATE)} events/s for ${OUTAGE_SECONDS} s through a store instance of its own (${server}); then the same beside a KafkaRelay whose broker refuses connections. Lag: append commit to the projection's handle. The relay waits for the broker inside its transaction, which holds the visibility fence for every subscription (docs/kafka.md).

${table(headers, rows)}
`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
