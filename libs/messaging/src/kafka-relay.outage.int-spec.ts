import { openEventStore, SubscriptionRunner, type OpenedEventStore } from '@fund/event-sourcing';
import { KafkaPublisher } from './kafka-publisher';
import { KafkaRelay } from './kafka-relay';
import { describeWithPrivateKafka, expectFaithfulTopic, fundHistory, PrivateKafkaBroker, TopicReader, uniqueTopic, type FundHistory } from './testing';

const SECRET = 'relay-outage-spec-secret-0123456789abcdef';

/**
 * The broker goes away while the relay is publishing and comes back later. This suite starts a
 * broker of its own (deploy/kafka scripts, its own ports and data), so stopping it disturbs no
 * other test file; where java cannot run, it reports itself skipped.
 */
describeWithPrivateKafka('Kafka relay while the broker is down for a while', () => {
  let broker: PrivateKafkaBroker;
  let opened: OpenedEventStore;
  let publisher: KafkaPublisher;
  let runner: SubscriptionRunner;
  const errors: string[] = [];
  const readers: TopicReader[] = [];

  beforeAll(async () => {
    broker = await PrivateKafkaBroker.create();
    broker.start();
    opened = await openEventStore({ kind: 'pglite' });
  }, 300_000);

  afterAll(async () => {
    await runner?.stop();
    await Promise.all(readers.map((r) => r.stop().catch(() => undefined)));
    await publisher?.close();
    await opened?.store.close();
    broker?.dispose();
  }, 120_000);

  const waitFor = async (condition: () => Promise<boolean> | boolean, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('backs off while the broker is away, keeps its checkpoint, and catches up with nothing lost', async () => {
    const before = fundHistory({ requests: 6, start: '2026-11-02T10:00:00.000Z' });
    const during = fundHistory({ requests: 6, start: '2026-12-01T10:00:00.000Z' });
    const topic = uniqueTopic('relay-outage');
    publisher = new KafkaPublisher({ brokers: broker.brokers, clientId: 'relay-outage-spec' });
    runner = new SubscriptionRunner(
      opened.store,
      opened.db,
      new KafkaRelay(publisher, { topic, partitions: 3, retentionMs: 3_600_000, replicationFactor: 1, keySecret: SECRET }),
      { batchSize: 10, pollIntervalMs: 50, retryDelayMs: 100, maxRetryDelayMs: 2_000, onError: (_name, e) => errors.push(e instanceof Error ? e.message : String(e)) },
    );
    await runner.prepare();
    runner.start();

    for (const batch of before.appends) await opened.store.appendMany(batch);
    await waitFor(async () => (await runner.lag()) === 0, 60_000, 'the first half to be published');

    broker.stop();
    for (const batch of during.appends) await opened.store.appendMany(batch);
    // While the broker is away the relay fails, says why, and its checkpoint stays put.
    await waitFor(() => errors.length >= 2, 90_000, 'the relay to report failures');
    const lagWhileDown = await runner.lag();
    expect(lagWhileDown).toBeGreaterThan(0);
    expect(runner.status().lastError).not.toBeNull();
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await runner.lag()).toBe(lagWhileDown);

    broker.start();
    await waitFor(async () => (await runner.lag()) === 0, 120_000, 'the relay to catch up after the broker came back');
    expect(runner.status().lastError).toBeNull();

    const reader = await TopicReader.start(broker.brokers, topic);
    readers.push(reader);
    const all: FundHistory = {
      appends: [...before.appends, ...during.appends],
      secrets: [...before.secrets, ...during.secrets],
      publicByStream: new Map([...before.publicByStream, ...during.publicByStream]),
      publicCount: before.publicCount + during.publicCount,
    };
    await reader.until((m) => new Set(m.map((x) => x.headers['message-id'])).size >= all.publicCount, 60_000);
    await new Promise((r) => setTimeout(r, 1_500));
    expectFaithfulTopic(reader.messages, all);
  }, 300_000);
});
