import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { loadOrCreateLocalSigningKey, mintLocalToken } from '@fund/auth';
import type { Role, SqlDatabase } from '@fund/event-sourcing';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from '@fund/event-sourcing/testing';
import { loadConfig, READ_DATABASE } from '@fund/platform';
import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { createApp } from '../apps/api/src/create-app';

/**
 * An Idempotency-Key belongs to whoever sent it: the same key from two users is two commands;
 * from one user with the same body it is one command answered twice; with another body it is
 * refused. On the embedded store and on PostgreSQL.
 */
const stores: [string, boolean][] = [
  ['the embedded store', true],
  ['PostgreSQL', testPostgresUrl() !== undefined],
];

describe.each(stores)('Idempotency-Key is per user, on %s', (storeName, available) => {
  let app: INestApplication;
  let dataDir: string;
  let database: TestDatabase | undefined;
  let db: SqlDatabase;
  const token: Record<string, string> = {};

  const post = (path: string, who: string, body: object, key?: string) => {
    const req = request(app.getHttpServer()).post(path).set('Authorization', `Bearer ${token[who]}`);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  // Counted in the table, not through the store's readers: those hold back what a running
  // transaction elsewhere could still precede (ADR 0002), which would make a count lag.
  const count = async (): Promise<number> => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM es_events')).rows[0]?.n);
  const submit = (who: string, reference: string, amountCents: number, key?: string, narrative?: string) =>
    post('/fund-requests', who, { survivorReference: reference, category: 'groceries', amountCents, paymentMethod: 'vendor_payment', urgency: 'standard', neededBy: '2099-01-01', ...(narrative ? { narrative } : {}) }, key);

  beforeAll(async () => {
    if (!available) return;
    dataDir = mkdtempSync(join(tmpdir(), 'sf-idem-'));
    database = storeName === 'PostgreSQL' ? await createTestDatabase('idempotency') : undefined;
    app = await createApp(
      loadConfig({
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        ...(database ? { EVENT_STORE: 'postgres', DATABASE_URL: database.url, WORKER_IN_PROCESS: 'true' } : {}),
      }),
      { web: false },
    );
    // Listening once: supertest would otherwise listen and close a port around every request.
    await app.listen(0, '127.0.0.1');
    db = app.get(READ_DATABASE);
    const key = loadOrCreateLocalSigningKey(dataDir);
    const users: [string, Role, string][] = [
      ['coord', 'coordinator', 'coalition'],
      ['adv-a', 'provider', 'org-a'],
      ['adv-b', 'provider', 'org-b'],
      ['m1', 'council', 'org-c'],
      ['m2', 'council', 'org-d'],
    ];
    for (const [userId, role, organizationId] of users) token[userId] = await mintLocalToken(key, { userId, role, organizationId });
    await post('/protocols/bootstrap', 'coord', { version: '2026-1', title: 'Protocol', rules: DEMO_PROTOCOL_RULES }).expect(201);
    await post('/funds', 'coord', { fundId: 'general', name: 'General', restricted: false }).expect(201);
    await post('/donations/monetary', 'coord', { fundId: 'general', amountCents: 500_000, restricted: false, donorKind: 'individual', receivedOn: '2026-10-01' }).expect(201);
    for (const organizationId of ['org-a', 'org-b']) await post('/organizations', 'coord', { organizationId, providerType: 'other', county: 'york' }).expect(201);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  });

  const maybe = available ? it : it.skip;
  if (!available) {
    // eslint-disable-next-line no-console
    console.warn(`SKIPPED "Idempotency-Key is per user, on ${storeName}": ${process.env.SF_TEST_POSTGRES_SKIP ?? 'PostgreSQL was not discovered'}`);
  }

  maybe('two users who send the same key send two commands (two votes on one request)', async () => {
    const reference = (await post('/survivor-references', 'adv-a', {}).expect(201)).body.reference;
    const requestId = (await submit('adv-a', reference, 30_000).expect(201)).body.requestId;
    const before = await count();
    const first = await post(`/fund-requests/${requestId}/votes`, 'm1', { vote: 'approve', amountCents: 30_000 }, 'same-key-0001').expect(200);
    const second = await post(`/fund-requests/${requestId}/votes`, 'm2', { vote: 'approve', amountCents: 30_000 }, 'same-key-0001').expect(200);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(first.body.status).toBe('submitted');
    expect(second.body.status).toBe('approved');
    // Two votes, the approval, and what it reserved and counted (fund and survivor reference).
    expect(await count()).toBeGreaterThanOrEqual(before + 4);
  });

  maybe('two providers who send the same key create two requests', async () => {
    const refA = (await post('/survivor-references', 'adv-a', {}).expect(201)).body.reference;
    const refB = (await post('/survivor-references', 'adv-b', {}).expect(201)).body.reference;
    const before = await count();
    const a = await submit('adv-a', refA, 1_000, 'shared-key-0002').expect(201);
    const b = await submit('adv-b', refB, 1_000, 'shared-key-0002').expect(201);
    expect(a.body.requestId).not.toBe(b.body.requestId);
    expect(await count()).toBe(before + 2);
  });

  maybe('one user, one key, one body: the first answer again and no new event; another body: 422', async () => {
    const reference = (await post('/survivor-references', 'adv-a', {}).expect(201)).body.reference;
    const before = await count();
    const first = await submit('adv-a', reference, 2_000, 'retry-key-0003').expect(201);
    const again = await submit('adv-a', reference, 2_000, 'retry-key-0003').expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(again.headers['x-position']).toBe(first.headers['x-position']);
    expect(await count()).toBe(before + 1);
    const other = await submit('adv-a', reference, 3_000, 'retry-key-0003').expect(422);
    expect(other.body).toMatchObject({ statusCode: 422, code: 'IDEMPOTENCY.KEY_REUSED', details: { header: 'Idempotency-Key' } });
    expect(await count()).toBe(before + 1);
  });

  maybe('the same submit sent five times at once (its key claimed beside its reads): one request, one narrative; the copies get the first answer or IN_PROGRESS', async () => {
    const reference = (await post('/survivor-references', 'adv-a', {}).expect(201)).body.reference;
    const before = await count();
    const narratives = async () => Number((await db.query<{ n: string }>('SELECT count(DISTINCT subject_id) AS n FROM privacy_narratives')).rows[0]?.n);
    const narrativesBefore = await narratives();
    const answers = await Promise.all(Array.from({ length: 5 }, () => submit('adv-a', reference, 1_500, 'burst-key-0004', 'Bus passes for a month')));
    const created = answers.filter((a) => a.status === 201);
    const busy = answers.filter((a) => a.status === 409);
    expect(created.length + busy.length).toBe(5);
    expect(busy.every((a) => a.body.code === 'IDEMPOTENCY.IN_PROGRESS')).toBe(true);
    expect(new Set(created.map((a) => a.body.requestId)).size).toBe(1);
    expect(await count()).toBe(before + 1);
    expect(await narratives()).toBe(narrativesBefore + 1);
    // Whoever was told to retry gets the first answer now.
    const retried = await submit('adv-a', reference, 1_500, 'burst-key-0004', 'Bus passes for a month').expect(201);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.body.requestId).toBe(created[0]!.body.requestId);
  });
});
