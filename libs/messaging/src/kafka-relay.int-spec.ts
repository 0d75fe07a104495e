import { openEventStore, SubscriptionRunner, type OpenedEventStore } from '@fund/event-sourcing';
import { KafkaPublisher } from './kafka-publisher';
import { KafkaRelay, type RelaySettings } from './kafka-relay';
import type { OutgoingMessage, Publisher, TopicSpec } from './publisher';
import { streamKey } from './stream-key';
import { describeWithKafka, expectFaithfulTopic, fundHistory, testKafkaBrokers, TopicReader, uniqueTopic, type FundHistory } from './testing';

const SECRET = 'relay-int-spec-secret-0123456789abcdef';

function settingsFor(topic: string): RelaySettings {
  return { topic, partitions: 3, retentionMs: 3_600_000, replicationFactor: 1, keySecret: SECRET };
}

async function storeWith(history: FundHistory): Promise<OpenedEventStore> {
  const opened = await openEventStore({ kind: 'pglite' });
  for (const batch of history.appends) await opened.store.appendMany(batch);
  return opened;
}

/** Fails the first `failures` publishes AFTER the broker acknowledged them: a crash between the ack and the checkpoint's commit. */
class CrashAfterAck implements Publisher {
  crashes = 0;
  constructor(
    private readonly inner: Publisher,
    private readonly crashOn: ReadonlySet<number>,
  ) {}
  private calls = 0;
  ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
    return this.inner.ensureTopics(topics);
  }
  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    await this.inner.publish(messages);
    this.calls += 1;
    if (this.crashOn.has(this.calls)) {
      this.crashes += 1;
      throw new Error('simulated crash after the broker acknowledged');
    }
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

describeWithKafka('Kafka relay against a real broker', () => {
  const publishers: KafkaPublisher[] = [];
  const readers: TopicReader[] = [];
  const stores: OpenedEventStore[] = [];

  function publisher(): KafkaPublisher {
    const p = new KafkaPublisher({ brokers: testKafkaBrokers(), clientId: 'relay-int-spec' });
    publishers.push(p);
    return p;
  }

  async function reader(topic: string): Promise<TopicReader> {
    const r = await TopicReader.start(testKafkaBrokers(), topic);
    readers.push(r);
    return r;
  }

  afterAll(async () => {
    await Promise.all(readers.map((r) => r.stop()));
    await Promise.all(publishers.map((p) => p.close()));
    await Promise.all(stores.map((s) => s.store.close()));
  });

  it('publishes every public event exactly once, in stream order per key, with no reference, id or text in any byte', async () => {
    const history = fundHistory({ requests: 18 });
    const opened = await storeWith(history);
    stores.push(opened);
    const topic = uniqueTopic('relay');
    const kafka = publisher();
    const relay = new KafkaRelay(kafka, settingsFor(topic));
    const runner = new SubscriptionRunner(opened.store, opened.db, relay, { batchSize: 16 });
    await runner.prepare();

    const handled = await runner.catchUp();
    expect(handled).toBeGreaterThan(history.publicCount);
    expect(await runner.lag()).toBe(0);

    const topicReader = await reader(topic);
    await topicReader.until((m) => m.length >= history.publicCount);
    // Anything published twice would have arrived by now.
    await new Promise((r) => setTimeout(r, 1_500));
    const { duplicates } = expectFaithfulTopic(topicReader.messages, history);
    expect(duplicates).toBe(0);
    expect(topicReader.messages).toHaveLength(history.publicCount);

    // Keys are the HMAC of the stream id, and the topic was created as configured.
    const keys = new Set(topicReader.messages.map((m) => m.key?.toString()));
    expect(keys).toEqual(new Set([...history.publicByStream.keys()].map((s) => streamKey(SECRET, s))));
    expect(new Set(topicReader.messages.map((m) => m.partition)).size).toBeGreaterThan(1);
  }, 120_000);

  it('republishes a batch the broker acknowledged but the checkpoint never saved, with the same ids, and loses nothing', async () => {
    const history = fundHistory({ requests: 12 });
    const opened = await storeWith(history);
    stores.push(opened);
    const topic = uniqueTopic('relay-crash');
    const crashing = new CrashAfterAck(publisher(), new Set([2, 5]));
    const relay = new KafkaRelay(crashing, settingsFor(topic));
    const errors: unknown[] = [];
    const runner = new SubscriptionRunner(opened.store, opened.db, relay, { batchSize: 10, pollIntervalMs: 50, retryDelayMs: 20, onError: (_name, e) => errors.push(e) });
    await runner.prepare();
    runner.start();
    try {
      const deadline = Date.now() + 60_000;
      while ((await runner.lag()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await runner.lag()).toBe(0);
    } finally {
      await runner.stop();
    }
    expect(crashing.crashes).toBe(2);
    expect(errors).toHaveLength(2);

    const topicReader = await reader(topic);
    await topicReader.until((m) => new Set(m.map((x) => x.headers['message-id'])).size >= history.publicCount);
    await new Promise((r) => setTimeout(r, 1_500));
    const { duplicates } = expectFaithfulTopic(topicReader.messages, history);
    expect(duplicates).toBeGreaterThan(0);
  }, 120_000);

  it('publishes events appended while it runs, and a rebuild republishes them with the same ids', async () => {
    const first = fundHistory({ requests: 4 });
    const opened = await storeWith({ ...first, appends: [] });
    stores.push(opened);
    const topic = uniqueTopic('relay-live');
    const relay = new KafkaRelay(publisher(), settingsFor(topic));
    const runner = new SubscriptionRunner(opened.store, opened.db, relay, { batchSize: 50, pollIntervalMs: 50 });
    await runner.prepare();
    runner.start();
    const topicReader = await (async () => {
      // The topic appears with the first public event; append, then read.
      for (const batch of first.appends) await opened.store.appendMany(batch);
      const deadline = Date.now() + 30_000;
      while ((await runner.lag()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      return reader(topic);
    })();
    await topicReader.until((m) => m.length >= first.publicCount);
    await runner.stop();
    expect(expectFaithfulTopic(topicReader.messages, first).duplicates).toBe(0);

    await runner.rebuild();
    await topicReader.until((m) => m.length >= 2 * first.publicCount);
    const { duplicates } = expectFaithfulTopic(topicReader.messages, first);
    expect(duplicates).toBe(first.publicCount);
  }, 120_000);
});
