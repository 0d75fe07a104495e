import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Set by test/setup/global-setup.ts. */
export function testPostgresUrl(): string | undefined {
  return process.env.SF_TEST_POSTGRES_URL;
}

/**
 * A suite that needs PostgreSQL. Without one it registers a single skipped test whose title
 * carries the reason, and prints it, so a missing service is never a silent pass.
 */
export function describeWithPostgres(title: string, body: () => void): void {
  if (testPostgresUrl()) {
    describe(title, body);
    return;
  }
  const reason = process.env.SF_TEST_POSTGRES_SKIP ?? 'PostgreSQL was not discovered';
  describe(title, () => {
    // eslint-disable-next-line no-console
    console.warn(`SKIPPED "${title}": ${reason}`);
    it.skip(`SKIPPED: ${reason}`, () => undefined);
  });
}

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** A fresh database per test file (or per test), so suites never see each other's rows. */
export async function createTestDatabase(prefix = 'sf'): Promise<TestDatabase> {
  const adminUrl = testPostgresUrl();
  if (!adminUrl) throw new Error('No PostgreSQL for tests (see test/setup/global-setup.ts)');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
