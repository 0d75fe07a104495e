import { Kafka, logLevel, type Consumer, type IHeaders } from 'kafkajs';
import { randomBytes } from 'node:crypto';

/** One message as it sits in Kafka: raw bytes, so a leak scan sees exactly what consumers get. */
export interface RawMessage {
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map((v) => v.toString()).join(',') : value.toString();
  }
  return out;
}

/** Reads a topic from the beginning with a fresh consumer group, collecting every message. */
export class TopicReader {
  readonly messages: RawMessage[] = [];
  private constructor(private readonly consumer: Consumer) {}

  static async start(brokers: readonly string[], topic: string): Promise<TopicReader> {
    const kafka = new Kafka({ clientId: 'test-reader', brokers: [...brokers], logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `test-reader-${randomBytes(6).toString('hex')}`, allowAutoTopicCreation: false });
    const reader = new TopicReader(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        reader.messages.push({ partition, offset: message.offset, key: message.key, value: message.value, headers: headersOf(message.headers) });
      },
    });
    return reader;
  }

  /** Waits until `done` holds for what has arrived (polling), or fails after the timeout. */
  async until(done: (messages: readonly RawMessage[]) => boolean, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.messages)) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms with ${this.messages.length} messages`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
