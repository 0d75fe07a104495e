/**
 * Finds the services the integration suites need, in this order: environment variable, local
 * server, testcontainers (where a container runtime exists). What it can't find, it says so:
 * suites that need it report themselves skipped with this reason.
 *
 * SF_TEST_SERVICES=testcontainers skips the first two, so the testcontainers path runs even on a
 * machine with local servers (CI does this once through podman: deploy/containers/test.sh).
 * TEST_POSTGRES_IMAGE and TEST_KAFKA_IMAGE name the images (a Kafka container is started here
 * only when TEST_KAFKA_IMAGE is set; otherwise the Kafka suites find their broker themselves).
 */
import { createServer } from 'node:net';
import { Client } from 'pg';

const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function fromTestcontainers(): Promise<string | undefined> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
  } catch {
    return undefined;
  }
  const { Wait } = await import('testcontainers');
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  // Waiting on the log, not a health check: podman without systemd runs no health checks, and
  // the postgres image logs this line twice (its init server, then the real one) on Docker too.
  const container = await new PostgreSqlContainer(process.env.TEST_POSTGRES_IMAGE ?? 'postgres:15-alpine')
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  (globalThis as { __SF_PG_CONTAINER__?: unknown }).__SF_PG_CONTAINER__ = container;
  return container.getConnectionUri();
}

/**
 * A single-node broker (KRaft) from TEST_KAFKA_IMAGE, an apache/kafka-style image configured by
 * KAFKA_* variables. It advertises the host port it is published on, chosen before the start.
 */
async function kafkaFromTestcontainers(image: string): Promise<string> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const port = await freePort();
  const container = await new GenericContainer(image)
    // 9092 and 9093 too: the image EXPOSEs them, podman's Docker API lists every exposed port
    // among the bindings (unbound), and testcontainers waits until each has a host port.
    .withExposedPorts({ container: 19092, host: port }, 9092, 9093)
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093,HOST://:19092',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:9092,HOST://127.0.0.1:${port}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,HOST:PLAINTEXT',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(180_000)
    .start();
  (globalThis as { __SF_KAFKA_CONTAINER__?: unknown }).__SF_KAFKA_CONTAINER__ = container;
  return `127.0.0.1:${port}`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup(): Promise<void> {
  const containersOnly = process.env.SF_TEST_SERVICES === 'testcontainers';
  const kafkaImage = process.env.TEST_KAFKA_IMAGE;
  if (containersOnly && kafkaImage && !process.env.SF_TEST_KAFKA_BROKERS) {
    process.env.SF_TEST_KAFKA_BROKERS = await kafkaFromTestcontainers(kafkaImage);
  }
  if (process.env.SF_TEST_POSTGRES_URL || process.env.SF_TEST_POSTGRES_SKIP) return;
  const fromEnv = process.env.TEST_POSTGRES_URL;
  if (fromEnv && !containersOnly) {
    process.env.SF_TEST_POSTGRES_URL = fromEnv;
    return;
  }
  if (!containersOnly && (await reachable(LOCAL_POSTGRES))) {
    process.env.SF_TEST_POSTGRES_URL = LOCAL_POSTGRES;
    return;
  }
  const containerUrl = await fromTestcontainers();
  if (containerUrl) {
    process.env.SF_TEST_POSTGRES_URL = containerUrl;
    return;
  }
  const reason = `no PostgreSQL: TEST_POSTGRES_URL is unset, nothing answers at 127.0.0.1:5432, and no container runtime for testcontainers`;
  process.env.SF_TEST_POSTGRES_SKIP = reason;
  process.stderr.write(`\n*** PostgreSQL suites will be SKIPPED: ${reason}\n\n`);
}
