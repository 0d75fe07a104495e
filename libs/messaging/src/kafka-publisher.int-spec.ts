import { createServer } from 'node:net';
import { KafkaPublisher } from './kafka-publisher';

/** A loopback port nobody listens on: connections to it are refused at once, like a stopped broker's. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The relay waits for the broker inside its subscription's transaction, and that transaction
 * holds back the store's visibility fence for every subscription (docs/kafka.md, "Throughput
 * and lag"). So when the broker is away, a send must fail fast and leave the retrying to the
 * runner's back-off, which waits outside any transaction. With kafkajs' retries at 5 up to 5 s
 * each attempt took about 6 s.
 */
describe('KafkaPublisher with the broker away', () => {
  it('fails a publish, and topic creation, within 2.5 seconds instead of retrying for long', async () => {
    const port = await refusedPort();
    const publisher = new KafkaPublisher({ brokers: [`127.0.0.1:${port}`], clientId: 'publisher-away-spec' });
    try {
      let started = Date.now();
      await expect(publisher.publish([{ topic: 't', key: 'k', id: 'i', type: 'fund.request.submitted.v1', value: '{}' }])).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(2_500);

      started = Date.now();
      await expect(publisher.ensureTopics([{ topic: 't', partitions: 1, retentionMs: 3_600_000, replicationFactor: 1 }])).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(2_500);
    } finally {
      await publisher.close();
    }
  }, 30_000);
});
