/**
 * Finds the services the integration suites need, in this order: environment variable, local
 * server, testcontainers (where a container runtime exists). What it can't find, it says so:
 * suites that need it report themselves skipped with this reason.
 */
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
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:15-alpine').start();
  (globalThis as { __SF_PG_CONTAINER__?: unknown }).__SF_PG_CONTAINER__ = container;
  return container.getConnectionUri();
}

export default async function globalSetup(): Promise<void> {
  if (process.env.SF_TEST_POSTGRES_URL || process.env.SF_TEST_POSTGRES_SKIP) return;
  const fromEnv = process.env.TEST_POSTGRES_URL;
  if (fromEnv) {
    process.env.SF_TEST_POSTGRES_URL = fromEnv;
    return;
  }
  if (await reachable(LOCAL_POSTGRES)) {
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
