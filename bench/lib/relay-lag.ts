/**
 * End-to-end lag of the Kafka relay at a steady append rate: from an append's commit (the
 * moment appendMany returned to the writer) to the moment a kafkajs consumer received the
 * message with that event's id. The writer is the fund-history generator (real event shapes,
 * streams and metadata, a third of them public) held to a steady rate; the relay runs in its
 * own process (relay-worker.ts) with the worker's defaults, as it would beside the api; the
 * consumer is an ordinary consumer group reading the topic. Both timestamps are taken in this
 * process, on one clock.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { openEventStore, type AppendRequest, type AppendResult, type EventStore } from '@fund/event-sourcing';
import { KafkaPublisher, MESSAGE_HEADERS } from '@fund/messaging';
import { ROOT, createDatabase, percentile, sleep } from './common';
import { generateHistory } from './fund-history';

export interface LagOptions {
  readonly brokers: readonly string[];
  /** Events appended per second. */
  readonly rate: number;
  readonly seconds: number;
  /** Messages of events committed in the first seconds are left out (connections, JIT). */
  readonly warmupSeconds: number;
  readonly partitions: number;
  /** The relay's poll interval; undefined: the store's default (100 ms on PostgreSQL). */
  readonly pollIntervalMs?: number;
  readonly batchSize?: number;
}

export interface Distribution {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export interface LagResult {
  readonly appended: number;
  /** Events per second actually appended during the steady phase. */
  readonly appendRate: number;
  readonly measured: number;
  readonly leftOutAsWarmup: number;
  /** Commit to consumer, ms. */
  readonly endToEnd: Distribution;
  /** Commit to the producer's timestamp on the message (the relay picked it up and sent it), ms. */
  readonly toBroker: Distribution;
  /** The message's timestamp to the consumer, ms. */
  readonly toConsumer: Distribution;
  readonly relayBatches: number;
  readonly eventsPerBatch: number;
  /** KafkaRelay.handle per batch (facts, mapping, publish until the ack), ms. */
  readonly handle: Distribution;
  /** The store's readAll as the relay's subscription calls it (empty polls included), ms. */
  readonly read: Distribution;
  readonly emptyReads: number;
}

function distribution(values: number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN };
}

/** Holds appendMany to `rate` events per second and notes when each event's append returned. */
export function pacedStore(store: EventStore, rate: number, committedAt: Map<string, number>): EventStore & { started: number; ended: number } {
  let next = 0;
  const timing = { started: 0, ended: 0 };
  const appendMany = async (requests: readonly AppendRequest[]): Promise<AppendResult[]> => {
    const count = requests.reduce((n, r) => n + r.events.length, 0);
    const now = Date.now();
    if (next === 0) {
      next = now;
      timing.started = now;
    }
    const at = next;
    next += (count * 1000) / rate;
    if (at > now) await sleep(at - now);
    const results = await store.appendMany(requests);
    const done = Date.now();
    for (const r of requests) for (const e of r.events) committedAt.set(e.metadata.eventId, done);
    timing.ended = done;
    return results;
  };
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'appendMany') return appendMany;
      if (prop === 'append') return async (request: AppendRequest) => (await appendMany([request]))[0];
      if (prop === 'started') return timing.started;
      if (prop === 'ended') return timing.ended;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as EventStore & { started: number; ended: number };
}

interface RelayStats {
  readonly batches: number;
  readonly events: number;
  readonly handleMs: number[];
  readonly readMs: number[];
  readonly emptyReads: number;
}

function startRelay(env: Record<string, string>): Promise<{ child: ChildProcess; stats: () => Promise<RelayStats> }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'bench', 'lib', 'relay-worker.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the relay process did not start within 60 s')), 60_000);
    void exited.then((code) => reject(new Error(`the relay process exited with ${code} before starting`)));
    const check = setInterval(() => {
      if (!out.includes('relay running')) return;
      clearInterval(check);
      clearTimeout(timer);
      resolve({
        child,
        stats: async () => {
          child.kill('SIGTERM');
          await exited;
          const line = out.split('\n').find((l) => l.startsWith('{'));
          return line ? (JSON.parse(line) as RelayStats) : { batches: 0, events: 0, handleMs: [], readMs: [], emptyReads: 0 };
        },
      });
    }, 20);
  });
}

export async function measureRelayLag(options: LagOptions): Promise<LagResult> {
  const topic = `bench-relay-lag-${randomBytes(4).toString('hex')}`;
  const secret = randomBytes(24).toString('hex');
  const db = await createDatabase('relay_lag');
  const kafka = new Kafka({ brokers: [...options.brokers], clientId: 'survivor-fund-bench-lag', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench-relay-lag-${randomBytes(4).toString('hex')}`, allowAutoTopicCreation: false });
  const received = new Map<string, { at: number; sent: number }>();
  let relay: Awaited<ReturnType<typeof startRelay>> | undefined;
  try {
    const { store, db: sql } = await openEventStore({ kind: 'postgres', connectionString: db.url, poolSize: 16 });
    try {
      const creator = new KafkaPublisher({ brokers: options.brokers, clientId: 'survivor-fund-bench-lag' });
      await creator.ensureTopics([{ topic, partitions: options.partitions, retentionMs: 3_600_000, replicationFactor: -1 }]);
      await creator.close();

      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
      await consumer.run({
        eachMessage: async ({ message }) => {
          const at = Date.now();
          const id = message.headers?.[MESSAGE_HEADERS.id]?.toString();
          if (id !== undefined && !received.has(id)) received.set(id, { at, sent: Number(message.timestamp) });
        },
      });
      await joined;

      relay = await startRelay({
        DATABASE_URL: db.url,
        KAFKA_BROKERS: options.brokers.join(','),
        RELAY_TOPIC: topic,
        KAFKA_KEY_SECRET: secret,
        ...(options.pollIntervalMs !== undefined ? { RELAY_POLL_INTERVAL_MS: String(options.pollIntervalMs) } : {}),
        ...(options.batchSize !== undefined ? { RELAY_BATCH_SIZE: String(options.batchSize) } : {}),
      });

      const committedAt = new Map<string, number>();
      const paced = pacedStore(store, options.rate, committedAt);
      const generated = await generateHistory(paced, { events: options.rate * options.seconds });

      // Done when the relay's checkpoint has passed every event and the consumer has been quiet a moment.
      const deadline = Date.now() + 120_000;
      for (;;) {
        const { rows } = await sql.query<{ behind: boolean }>(
          `SELECT coalesce((SELECT prepare_position FROM es_checkpoints WHERE subscription_id = 'kafka-relay'), -1) < (SELECT max(global_position) FROM es_events) AS behind`,
        );
        const before = received.size;
        await sleep(1_000);
        if (!rows[0]!.behind && received.size === before) break;
        if (Date.now() > deadline) throw new Error(`the relay did not catch up within 120 s after the writer stopped (${received.size} messages received)`);
      }
      const relayStats = await relay.stats();
      relay = undefined;

      const from = paced.started + options.warmupSeconds * 1000;
      const endToEnd: number[] = [];
      const toBroker: number[] = [];
      const toConsumer: number[] = [];
      let leftOut = 0;
      for (const [id, got] of received) {
        const committed = committedAt.get(id);
        if (committed === undefined) continue;
        if (committed < from) {
          leftOut += 1;
          continue;
        }
        endToEnd.push(got.at - committed);
        toBroker.push(got.sent - committed);
        toConsumer.push(got.at - got.sent);
      }
      const steadySeconds = Math.max((paced.ended - paced.started) / 1000, 0.001);
      return {
        appended: generated.events,
        appendRate: generated.events / steadySeconds,
        measured: endToEnd.length,
        leftOutAsWarmup: leftOut,
        endToEnd: distribution(endToEnd),
        toBroker: distribution(toBroker),
        toConsumer: distribution(toConsumer),
        relayBatches: relayStats.batches,
        eventsPerBatch: relayStats.events / Math.max(relayStats.batches, 1),
        handle: distribution(relayStats.handleMs),
        read: distribution(relayStats.readMs),
        emptyReads: relayStats.emptyReads,
      };
    } finally {
      await store.close();
    }
  } finally {
    if (relay) relay.child.kill('SIGKILL');
    await consumer.disconnect().catch(() => undefined);
    const admin = kafka.admin();
    await admin.connect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await db.drop();
  }
}
