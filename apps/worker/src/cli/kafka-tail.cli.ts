/**
 * Tails the integration topic: one JSON line per integration event on stdout, duplicates
 * (same `message-id` header: a batch the relay republished after a crash) dropped.
 *   npm run kafka:tail -- [--from-beginning] [--topic NAME] [--group ID] [--window N]
 * KAFKA_BROKERS (host:port list) is required; KAFKA_TOPIC defaults to the relay's topic.
 * Without --group it reads as a throwaway group and commits nothing, so every run starts where
 * it is told (latest, or the beginning). Ctrl-C stops it cleanly.
 * It is also the reference consumer: downstream systems should deduplicate the same way.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { MESSAGE_HEADERS, RecentIds } from '@fund/messaging';

const DEFAULT_TOPIC = 'survivor-fund.integration.v1';

function usage(problem: string): never {
  process.stderr.write(`${problem}\nusage: npm run kafka:tail -- [--from-beginning] [--topic NAME] [--group ID] [--window N]   (needs KAFKA_BROKERS)\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'from-beginning': { type: 'boolean', default: false },
      topic: { type: 'string' },
      group: { type: 'string' },
      window: { type: 'string', default: '10000' },
    },
  });
  const brokers = process.env.KAFKA_BROKERS?.split(',').map((b) => b.trim()).filter(Boolean) ?? [];
  if (brokers.length === 0) usage('KAFKA_BROKERS is not set (for the local broker: KAFKA_BROKERS=127.0.0.1:9092)');
  const window = Number(values.window);
  if (!Number.isInteger(window) || window < 1) usage('--window must be a positive integer');
  const topic = values.topic ?? process.env.KAFKA_TOPIC ?? DEFAULT_TOPIC;
  const named = values.group !== undefined;
  const groupId = values.group ?? `kafka-tail-${randomBytes(6).toString('hex')}`;

  const kafka = new Kafka({ clientId: 'kafka-tail', brokers, logLevel: logLevel.ERROR });
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const recent = new RecentIds(window);
  let printed = 0;
  let dropped = 0;

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await consumer.disconnect().catch(() => undefined);
    process.stderr.write(`\nkafka-tail: ${printed} events, ${dropped} duplicates dropped\n`);
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: values['from-beginning'] });
  process.stderr.write(`kafka-tail: ${topic} on ${brokers.join(',')} from ${values['from-beginning'] ? 'the beginning' : 'now'} (group ${groupId})\n`);
  await consumer.run({
    autoCommit: named,
    eachMessage: async ({ message }) => {
      const id = message.headers?.[MESSAGE_HEADERS.id]?.toString();
      if (id !== undefined && recent.seen(id)) {
        dropped += 1;
        return;
      }
      const text = message.value?.toString() ?? 'null';
      // One line per event, whatever whitespace the producer used.
      let line: string;
      try {
        line = JSON.stringify(JSON.parse(text));
      } catch {
        line = JSON.stringify({ unparsable: true, id: id ?? null });
      }
      process.stdout.write(`${line}\n`);
      printed += 1;
    },
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
