import { randomBytes } from 'node:crypto';
import { migrate, PostgresDatabase } from '@fund/event-sourcing';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '@fund/event-sourcing/testing';
import { parseNarrativeKeyring } from '@fund/platform';
import { KeyEncryptionKeys } from './key-encryption';
import { NarrativeVault } from './narrative-vault';

function ring(text: string, current?: string): KeyEncryptionKeys {
  const { keyring, problems } = parseNarrativeKeyring(text, 'test', current);
  if (!keyring) throw new Error(problems.join('; '));
  return new KeyEncryptionKeys(keyring);
}

/** Several replicas start at once on an upgraded database: each key is wrapped exactly once, none is lost. */
describeWithPostgres('NarrativeVault start-up on PostgreSQL, several processes at once', () => {
  let database: TestDatabase;
  const dbs: PostgresDatabase[] = [];
  beforeAll(async () => {
    database = await createTestDatabase('sf_vault');
  });
  afterAll(async () => {
    for (const db of dbs) await db.close();
    await database.drop();
  });

  it('wraps every old key once, then rotates every live key once, with replicas racing', async () => {
    for (let i = 0; i < 3; i++) dbs.push(new PostgresDatabase({ connectionString: database.url, max: 3 }));
    const [first] = dbs as [PostgresDatabase];
    await migrate(first, 'privacy', [
      {
        version: 1,
        name: 'narrative keys and ciphertexts',
        sql: `CREATE TABLE privacy_data_keys (subject_id text PRIMARY KEY, data_key bytea, created_at timestamptz NOT NULL DEFAULT now(), shredded_at timestamptz);
CREATE TABLE privacy_narratives (subject_id text NOT NULL, field text NOT NULL, seq integer NOT NULL, iv bytea NOT NULL, ciphertext bytea NOT NULL, tag bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (subject_id, field, seq));`,
      },
    ]);
    await first.query(`INSERT INTO privacy_data_keys (subject_id, data_key) SELECT 's-' || i, decode(md5(i::text) || md5((i + 1)::text), 'hex') FROM generate_series(1, 3000) i`);
    const clear = new Map((await first.query<{ subject_id: string; data_key: Buffer }>('SELECT subject_id, data_key FROM privacy_data_keys')).rows.map((r) => [r.subject_id, Buffer.from(r.data_key)]));

    const k1 = `k1:${randomBytes(32).toString('base64')}`;
    const replicas = dbs.map((db) => new NarrativeVault(db, ring(k1)));
    await Promise.all(replicas.map((v) => v.migrate()));
    const wrapped = await Promise.all(replicas.map((v) => v.prepare()));
    expect(wrapped.reduce((n, r) => n + r.wrapped, 0)).toBe(3000);
    expect(await replicas[0]?.keyUsage()).toEqual({ byKek: { k1: 3000 }, unwrapped: 0, shredded: 0 });

    const k2 = `k2:${randomBytes(32).toString('base64')}`;
    const rotating = dbs.map((db) => new NarrativeVault(db, ring(`${k1},${k2}`, 'k2')));
    const rotated = await Promise.all(rotating.map((v) => v.prepare()));
    expect(rotated.reduce((n, r) => n + r.rewrapped, 0)).toBe(3000);

    const onlyK2 = ring(k2);
    const rows = (await first.query<{ subject_id: string; data_key: Buffer; kek_id: string }>('SELECT subject_id, data_key, kek_id FROM privacy_data_keys')).rows;
    expect(rows).toHaveLength(3000);
    for (const row of rows) expect(onlyK2.unwrap(row.subject_id, row.kek_id, row.data_key)).toEqual(clear.get(row.subject_id));
    const validated = await first.query<{ v: boolean }>(`SELECT convalidated AS v FROM pg_constraint WHERE conname = 'privacy_data_keys_wrapped'`);
    expect(validated.rows).toEqual([{ v: true }]);
  });
});
