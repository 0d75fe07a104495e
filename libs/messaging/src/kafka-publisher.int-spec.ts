import { createServer } from 'node:net';
import { KafkaPublisher } from './kafka-publisher';

/**
 * A loopback "broker" that hangs up on every connection at once, like a stopped broker's port,
 * and counts how often it is tried.
 */
async function hangingUpBroker(): Promise<{ port: number; attempts: () => number; reset: () => void; close: () => Promise<void> }> {
  let attempts = 0;
  const server = createServer((socket) => {
    attempts++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    attempts: () => attempts,
    reset: () => (attempts = 0),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The relay waits for the broker inside its subscription's transaction, and that transaction
 * holds back the store's visibility fence for every subscription (docs/kafka.md, "Throughput
 * and lag"). So when the broker is away, a send must fail fast and leave the retrying to the
 * runner's back-off, which waits outside any transaction. With kafkajs' retries at 5 up to 5 s
 * each attempt took about 6 s.
 */
describe('KafkaPublisher with the broker away', () => {
  // Counted, not timed: kafkajs' defaults (5 retries) would try six times, each after a longer back-off.
  it('fails a publish, and topic creation, after at most three connection attempts instead of retrying for long', async () => {
    const broker = await hangingUpBroker();
    const publisher = new KafkaPublisher({ brokers: [`127.0.0.1:${broker.port}`], clientId: 'publisher-away-spec' });
    try {
      await expect(publisher.publish([{ topic: 't', key: 'k', id: 'i', type: 'fund.request.submitted.v1', value: '{}' }])).rejects.toThrow();
      expect(broker.attempts()).toBeGreaterThanOrEqual(1);
      expect(broker.attempts()).toBeLessThanOrEqual(3);

      broker.reset();
      await expect(publisher.ensureTopics([{ topic: 't', partitions: 1, retentionMs: 3_600_000, replicationFactor: 1 }])).rejects.toThrow();
      expect(broker.attempts()).toBeGreaterThanOrEqual(1);
      expect(broker.attempts()).toBeLessThanOrEqual(3);
    } finally {
      await publisher.close();
      await broker.close();
    }
  }, 30_000);
});
