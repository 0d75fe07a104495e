import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { openEventStore, type OpenedEventStore } from '@fund/event-sourcing';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '@fund/event-sourcing/testing';
import { KafkaPublisher } from './kafka-publisher';
import { describeWithKafka, expectFaithfulTopic, fundHistory, testKafkaBrokers, TopicReader, uniqueTopic } from './testing';

const ROOT = join(__dirname, '..', '..', '..');
const SECRET = 'relay-crash-spec-secret-0123456789abcdef';

/**
 * The relay runs in its own process and is killed with SIGKILL in the middle of its work, several
 * times, then allowed to finish. PostgreSQL holds the store and the checkpoint (a real database
 * survives kill -9 of its client; the embedded one lives inside the killed process).
 */
describeWithKafka('Kafka relay killed with SIGKILL mid-stream (real process)', () => {
  describeWithPostgres('on PostgreSQL', () => {
    let db: TestDatabase;
    let opened: OpenedEventStore;
    let reader: TopicReader;
    const children: ChildProcess[] = [];
    const history = fundHistory({ requests: 60 });
    const topic = uniqueTopic('relay-kill');

    beforeAll(async () => {
      db = await createTestDatabase('relay_kill');
      opened = await openEventStore({ kind: 'postgres', connectionString: db.url, poolSize: 2 });
      for (const batch of history.appends) await opened.store.appendMany(batch);
      const admin = new KafkaPublisher({ brokers: testKafkaBrokers(), clientId: 'relay-kill-spec' });
      await admin.ensureTopics([{ topic, partitions: 3, retentionMs: 3_600_000, replicationFactor: 1 }]);
      await admin.close();
      reader = await TopicReader.start(testKafkaBrokers(), topic);
    }, 120_000);

    afterAll(async () => {
      children.forEach((c) => c.kill('SIGKILL'));
      await reader?.stop();
      await opened?.store.close();
      await db?.drop();
    });

    function startRelay(): ChildProcess {
      const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'libs/messaging/src/testing/relay-child.ts')], {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: db.url,
          KAFKA_BROKERS: testKafkaBrokers().join(','),
          RELAY_TOPIC: topic,
          KAFKA_KEY_SECRET: SECRET,
          RELAY_BATCH_SIZE: '8',
          RELAY_PAUSE_AFTER_ACK_MS: '40',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      children.push(child);
      return child;
    }

    const distinct = () => new Set(reader.messages.map((m) => m.headers['message-id'])).size;

    async function checkpoint(client: Client): Promise<number> {
      const { rows } = await client.query(`SELECT prepare_position FROM es_checkpoints WHERE subscription_id = 'kafka-relay'`);
      return rows.length ? Number(rows[0].prepare_position) : -1;
    }

    it('loses nothing, and sends duplicates only with the same message id', async () => {
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        const head = Number((await client.query('SELECT max(global_position) AS head FROM es_events')).rows[0].head);
        const kills: number[] = [];
        for (const share of [0.2, 0.45, 0.7]) {
          const relay = startRelay();
          await reader.until(() => distinct() >= Math.floor(history.publicCount * share), 90_000);
          relay.kill('SIGKILL');
          await new Promise((r) => relay.once('exit', r));
          kills.push(await checkpoint(client));
        }
        // Each kill stopped the relay before the end of the log: it really was mid-stream.
        for (const position of kills) expect(position).toBeLessThan(head);

        const relay = startRelay();
        await reader.until(() => distinct() >= history.publicCount, 120_000);
        relay.kill('SIGTERM');
        await new Promise((r) => relay.once('exit', r));
        await new Promise((r) => setTimeout(r, 1_500));
        const { duplicates } = expectFaithfulTopic(reader.messages, history);
        // eslint-disable-next-line no-console
        console.log(`relay kill -9 x${kills.length}: ${reader.messages.length} messages, ${history.publicCount} distinct, ${duplicates} duplicates (same id)`);
      } finally {
        await client.end();
      }
    }, 300_000);
  });
});
