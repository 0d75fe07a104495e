/**
 * What a broker outage costs the other subscriptions. The relay waits for the broker inside its
 * runner's transaction, which holds an xid, and the store's visibility fence hides every newer
 * event from every subscription until that transaction ends (docs/kafka.md, "Throughput and
 * lag"). So this measures the lag of a plain counting projection (no tables, only its checkpoint)
 * while the generator appends at a steady rate, twice: alone, then beside a KafkaRelay whose
 * broker refuses connections (a stopped broker), both with the worker's runner defaults. The
 * writer uses a store instance of its own, so the runners see appends by polling, as beside the api.
 */
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { openEventStore, SubscriptionRunner, type EventHandler, type RecordedEvent } from '@fund/event-sourcing';
import { KafkaPublisher, KafkaRelay } from '@fund/messaging';
import { createDatabase, percentile, sleep } from './common';
import { generateHistory } from './fund-history';
import { pacedStore, type Distribution } from './relay-lag';

export interface OutagePhase {
  readonly appended: number;
  /** Append commit to the counting projection's handle, ms. */
  readonly lag: Distribution;
  /** Failed relay batches (each one a send that found no broker). */
  readonly relayFailures: number;
}

export interface OutageResult {
  readonly alone: OutagePhase;
  readonly besideRelay: OutagePhase;
}

async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function phase(withRelay: boolean, rate: number, seconds: number): Promise<OutagePhase> {
  const db = await createDatabase('relay_outage');
  const writer = await openEventStore({ kind: 'postgres', connectionString: db.url, poolSize: 8 });
  const reader = await openEventStore({ kind: 'postgres', connectionString: db.url, poolSize: 4 });
  const seen = new Map<string, number>();
  const counter: EventHandler = {
    name: 'bench-counter',
    handle: async (events: readonly RecordedEvent[]) => {
      const at = Date.now();
      for (const e of events) if (!seen.has(e.metadata.eventId)) seen.set(e.metadata.eventId, at);
    },
  };
  let relayFailures = 0;
  const runners = [new SubscriptionRunner(reader.store, reader.db, counter)];
  const publisher = new KafkaPublisher({ brokers: [`127.0.0.1:${await refusedPort()}`], clientId: 'survivor-fund-bench-outage' });
  if (withRelay) {
    const relay = new KafkaRelay(publisher, { topic: 'bench-relay-outage', partitions: 1, retentionMs: 3_600_000, replicationFactor: 1, keySecret: randomBytes(24).toString('hex') });
    runners.push(new SubscriptionRunner(reader.store, reader.db, relay, { onError: () => (relayFailures += 1) }));
  }
  try {
    for (const r of runners) await r.prepare();
    runners.forEach((r) => r.start());
    const committedAt = new Map<string, number>();
    const generated = await generateHistory(pacedStore(writer.store, rate, committedAt), { events: rate * seconds });
    const deadline = Date.now() + 60_000;
    while ([...committedAt.keys()].some((id) => !seen.has(id)) && Date.now() < deadline) await sleep(100);
    const lags = [...committedAt].map(([id, at]) => (seen.get(id) ?? Number.POSITIVE_INFINITY) - at).sort((a, b) => a - b);
    return {
      appended: generated.events,
      lag: { p50: percentile(lags, 50), p90: percentile(lags, 90), p99: percentile(lags, 99), max: lags.at(-1) ?? NaN },
      relayFailures,
    };
  } finally {
    await Promise.all(runners.map((r) => r.stop()));
    await publisher.close();
    await writer.store.close();
    await reader.store.close();
    await db.drop();
  }
}

export async function measureOutageStall(options: { readonly rate: number; readonly seconds: number }): Promise<OutageResult> {
  const alone = await phase(false, options.rate, options.seconds);
  const besideRelay = await phase(true, options.rate, options.seconds);
  return { alone, besideRelay };
}
