import type { Admin, Kafka, LogEntry, Producer, SASLOptions } from 'kafkajs';
import { CONTENT_TYPE, MESSAGE_HEADERS } from './integration-events';
import type { OutgoingMessage, Publisher, TopicSpec } from './publisher';

export interface KafkaPublisherOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly ssl?: boolean;
  readonly sasl?: { readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; readonly username: string; readonly password: string };
  /** How long the broker may take to acknowledge one send, in ms. */
  readonly ackTimeoutMs?: number;
  /** Where kafkajs' own warnings and errors go (default: dropped). */
  readonly log?: (level: 'error' | 'warn', message: string, namespace: string) => void;
}

/**
 * The Publisher over kafkajs: an idempotent producer (the broker drops the copies its own
 * retries would make), acks from all in-sync replicas, and headers `message-id`, `event-type`,
 * `content-type`. Retries inside kafkajs are few and short on purpose: when the broker stays away
 * the send fails, the relay's batch fails, and the subscription runner backs off and retries the
 * whole batch from its unchanged checkpoint, which shows up as lag and lastError on /health
 * instead of a send that hangs forever. Short matters: the relay waits for the broker inside the
 * runner's transaction, which holds an xid (the checkpoint row lock), and the store's visibility
 * fence hides every event newer than the oldest running transaction on the server, so while a
 * send is retrying, every subscription stalls, not only the relay (numbers in docs/kafka.md).
 * Between attempts the runner backs off outside any transaction (200 ms doubling to 10 s).
 */
export class KafkaPublisher implements Publisher {
  // kafkajs is loaded when the relay first talks to the broker: the api on its default (no Kafka)
  // and every test file that only imports the app never load it.
  private kafka: Promise<Kafka> | undefined;
  private producer: Producer | undefined;
  private connecting: Promise<Producer> | undefined;

  constructor(private readonly options: KafkaPublisherOptions) {}

  private client(): Promise<Kafka> {
    const options = this.options;
    const log = options.log;
    this.kafka ??= import('kafkajs').then(
      ({ Kafka, logLevel }) =>
        new Kafka({
          clientId: options.clientId,
          brokers: [...options.brokers],
          ssl: options.ssl ?? false,
          ...(options.sasl ? { sasl: options.sasl as SASLOptions } : {}),
          connectionTimeout: 3_000,
          requestTimeout: 30_000,
          retry: { initialRetryTime: 100, retries: 2, maxRetryTime: 1_000 },
          logLevel: logLevel.WARN,
          logCreator:
            () =>
            ({ namespace, level, log: entry }: LogEntry) => {
              // We bound the idempotent producer's retries deliberately (see above); the batch is
              // retried whole and consumers deduplicate, so this warning is expected, not a fault.
              if (entry.message.startsWith('Limiting retries for the idempotent producer')) return;
              log?.(level === logLevel.ERROR ? 'error' : 'warn', entry.message, namespace);
            },
        }),
    );
    return this.kafka;
  }

  async ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
    const admin: Admin = (await this.client()).admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((t) => !existing.has(t.topic));
      if (missing.length === 0) return;
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.topic,
          numPartitions: t.partitions,
          replicationFactor: t.replicationFactor,
          configEntries: [
            { name: 'retention.ms', value: String(t.retentionMs) },
            { name: 'cleanup.policy', value: 'delete' },
          ],
        })),
      });
    } finally {
      await admin.disconnect();
    }
  }

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.connectedProducer();
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const m of messages) {
      const list = byTopic.get(m.topic);
      if (list) list.push(m);
      else byTopic.set(m.topic, [m]);
    }
    try {
      await producer.sendBatch({
        acks: -1,
        timeout: this.options.ackTimeoutMs ?? 30_000,
        topicMessages: [...byTopic].map(([topic, list]) => ({
          topic,
          messages: list.map((m) => ({
            key: m.key,
            value: m.value,
            headers: { [MESSAGE_HEADERS.id]: m.id, [MESSAGE_HEADERS.type]: m.type, [MESSAGE_HEADERS.contentType]: CONTENT_TYPE },
          })),
        })),
      });
    } catch (error) {
      // Start the next attempt from a fresh connection and producer id rather than from a
      // producer whose state after a failed send we cannot see into.
      await this.dropProducer();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.dropProducer();
  }

  /** Nest calls this on shutdown, after the subscriptions have finished their batches. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  private async connectedProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    this.connecting ??= (async () => {
      const producer = (await this.client()).producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, retry: { initialRetryTime: 100, retries: 2, maxRetryTime: 1_000 } });
      try {
        await producer.connect();
      } catch (error) {
        await producer.disconnect().catch(() => undefined);
        throw error;
      }
      this.producer = producer;
      return producer;
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }
}
