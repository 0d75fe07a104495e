// Checks what the relay and kafka:tail need from a broker with the installed kafkajs:
// admin (create/describe/delete topics, group offsets), an idempotent producer with acks=-1
// and headers, and a consumer group reading from the beginning. Prints one line per step.
//   KAFKA_BROKERS=127.0.0.1:9092 node deploy/kafka/kafkajs-probe.js
'use strict';
const { Kafka, logLevel } = require('kafkajs');

const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
const topic = `probe-${Date.now()}`;
const group = `${topic}-group`;
const kafka = new Kafka({ clientId: 'kafkajs-probe', brokers, logLevel: logLevel.NOTHING, retry: { retries: 3 } });
let failed = 0;

async function step(name, work) {
  const started = Date.now();
  try {
    const detail = await work();
    console.log(`ok    ${name} (${Date.now() - started} ms)${detail ? `: ${detail}` : ''}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL  ${name}: ${error && error.name}: ${error && error.message}`);
  }
}

async function main() {
  const admin = kafka.admin();
  await step('admin connect', () => admin.connect());
  await step('api versions / describeCluster', async () => {
    const c = await admin.describeCluster();
    return `brokers=${c.brokers.length} controller=${c.controller}`;
  });
  await step('createTopics (3 partitions, retention.ms)', async () => {
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: 3, replicationFactor: 1, configEntries: [{ name: 'retention.ms', value: '2592000000' }] }],
    });
    return `created=${created}`;
  });
  await step('fetchTopicMetadata', async () => {
    const m = await admin.fetchTopicMetadata({ topics: [topic] });
    return `partitions=${m.topics[0].partitions.length}`;
  });
  await step('describeConfigs', async () => {
    const r = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic, configNames: ['retention.ms'] }] });
    return `retention.ms=${r.resources[0].configEntries[0].configValue}`;
  });

  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await step('idempotent producer connect', () => producer.connect());
  await step('send 10 keyed messages, acks=-1, headers', async () => {
    const res = await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: 10 }, (_, i) => ({
        key: `k${i % 3}`,
        value: JSON.stringify({ i }),
        headers: { 'message-id': `m${i}`, 'content-type': 'application/json' },
      })),
    });
    return res.map((r) => `p${r.partition}@${r.baseOffset}`).join(' ');
  });

  const consumer = kafka.consumer({ groupId: group });
  await step('consumer group join + read 10 from beginning', async () => {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen = [];
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out with ${seen.length}/10`)), 30000);
      consumer
        .run({
          eachMessage: async ({ message }) => {
            seen.push(message.headers['message-id'].toString());
            if (seen.length === 10) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
    return `got ${seen.length}`;
  });
  await step('consumer commit + admin.fetchOffsets', async () => {
    await consumer.disconnect();
    const offsets = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return offsets[0].partitions.map((p) => `p${p.partition}=${p.offset}`).join(' ');
  });
  await step('listGroups + describeGroups', async () => {
    const { groups } = await admin.listGroups();
    const described = await admin.describeGroups([group]);
    return `listed=${groups.some((g) => g.groupId === group)} state=${described.groups[0].state}`;
  });
  await step('fetchTopicOffsets', async () => {
    const o = await admin.fetchTopicOffsets(topic);
    return o.map((p) => `p${p.partition}=${p.high}`).join(' ');
  });
  await step('createPartitions (3 -> 4)', () => admin.createPartitions({ topicPartitions: [{ topic, count: 4 }] }));
  await step('transactional producer send + commit', async () => {
    const tp = kafka.producer({ transactionalId: `${topic}-tx`, maxInFlightRequests: 1, idempotent: true });
    await tp.connect();
    const tx = await tp.transaction();
    await tx.send({ topic, messages: [{ key: 'k', value: 'tx' }] });
    await tx.commit();
    await tp.disconnect();
  });
  await step('deleteGroups', () => admin.deleteGroups([group]));
  await step('deleteTopics', () => admin.deleteTopics({ topics: [topic] }));
  await producer.disconnect().catch(() => undefined);
  await admin.disconnect().catch(() => undefined);
  console.log(failed === 0 ? 'ALL OK' : `${failed} step(s) FAILED`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((error) => {
  console.log(`FAIL  ${error && error.message}`);
  process.exit(1);
});
