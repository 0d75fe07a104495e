import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { loadOrCreateLocalSigningKey, mintLocalToken } from '@fund/auth';
import type { EventStore, Role } from '@fund/event-sourcing';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '@fund/event-sourcing/testing';
import { fundDecider, fundFigures, fundStreamId, type FundEvent } from '@fund/funds';
import { EVENT_STORE, loadConfig } from '@fund/platform';
import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { createApp } from '../apps/api/src/create-app';

/**
 * Decisive approvals that all reserve from one fund, sent at once to two api replicas on one
 * PostgreSQL database: each replica lets its own commands take the fund in turn, and the two
 * replicas race only each other. Every approval is either reserved or refused because the
 * money ran out (never a 409 to the client), and the fund never promises more than it holds.
 */
const REQUESTS = 40;
const AMOUNT = 4_000;
const FUND_CENTS = 100_000;

describeWithPostgres('a hot fund: decisive approvals on two replicas at once (PostgreSQL)', () => {
  let database: TestDatabase;
  let dataDir: string;
  const apps: INestApplication[] = [];
  const bases: string[] = [];
  const token: Record<string, string> = {};

  const post = async (base: string, path: string, who: string, body?: object): Promise<{ status: number; json: Record<string, unknown> }> => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token[who]}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const created = async (base: string, path: string, who: string, body?: object): Promise<Record<string, unknown>> => {
    const { status, json } = await post(base, path, who, body);
    if (status !== 201) throw new Error(`POST ${path} -> ${status} ${String(json.code)}`);
    return json;
  };

  beforeAll(async () => {
    database = await createTestDatabase('hot_fund');
    dataDir = mkdtempSync(join(tmpdir(), 'sf-hot-fund-'));
    // The second replica leaves the projections to the first, as a deployment's api replicas leave them to the worker.
    for (const worker of ['true', 'false']) {
      const app = await createApp(
        loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', EVENT_STORE: 'postgres', DATABASE_URL: database.url, WORKER_IN_PROCESS: worker, RATE_LIMIT_WRITES_PER_MINUTE: '100000', RATE_LIMIT_WRITES_PER_MINUTE_PER_IP: '100000' }),
        { web: false },
      );
      await app.listen(0, '127.0.0.1');
      apps.push(app);
      bases.push(await app.getUrl());
    }
    const key = loadOrCreateLocalSigningKey(dataDir);
    const users: [string, Role, string][] = [
      ['coord', 'coordinator', 'coalition'],
      ['adv-a', 'provider', 'org-a'],
      ['m1', 'council', 'org-c'],
      ['m2', 'council', 'org-d'],
    ];
    for (const [userId, role, organizationId] of users) token[userId] = await mintLocalToken(key, { userId, role, organizationId });
    const [a] = bases as [string];
    await created(a, '/protocols/bootstrap', 'coord', { version: '2026-1', title: 'Protocol', rules: DEMO_PROTOCOL_RULES });
    await created(a, '/funds', 'coord', { fundId: 'general', name: 'General', restricted: false });
    await created(a, '/donations/monetary', 'coord', { fundId: 'general', amountCents: FUND_CENTS, restricted: false, donorKind: 'individual', receivedOn: '2026-10-01' });
    await created(a, '/organizations', 'coord', { organizationId: 'org-a', providerType: 'other', county: 'york' });
  }, 240_000);

  afterAll(async () => {
    for (const app of apps) await app.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  });

  it('reserves or refuses every approval for a business reason, never with a 409, and never over-reserves', async () => {
    const [a, b] = bases as [string, string];
    const requestIds: string[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const { reference } = await created(a, '/survivor-references', 'adv-a');
      const body = { survivorReference: reference, category: 'groceries', amountCents: AMOUNT, paymentMethod: 'vendor_payment', urgency: 'standard', neededBy: '2099-01-01' };
      requestIds.push(String((await created(i % 2 ? b : a, '/fund-requests', 'adv-a', body)).requestId));
    }

    const votes = await Promise.all(
      requestIds.map((requestId, i) => post(i % 2 ? b : a, `/fund-requests/${requestId}/votes`, i % 4 < 2 ? 'm1' : 'm2', { vote: 'approve', amountCents: AMOUNT, fundId: 'general' })),
    );

    const outcomes = votes.map(({ status, json }) => (status === 200 ? 'reserved' : `${status} ${String(json.code)}`));
    const reserved = outcomes.filter((o) => o === 'reserved').length;
    // The fund holds exactly 25 such approvals: the rest are refused because the money ran out.
    expect(reserved).toBe(FUND_CENTS / AMOUNT);
    expect(outcomes.filter((o) => o !== 'reserved')).toEqual(Array(REQUESTS - reserved).fill('422 FUND.INSUFFICIENT_FUNDS'));

    const store = apps[0]!.get<EventStore>(EVENT_STORE);
    const { events } = await store.readStream<FundEvent>(fundStreamId('general'));
    const state = events.reduce((s, e) => fundDecider.evolve(s, { type: e.type, data: e.data } as FundEvent), fundDecider.initialState());
    const figures = fundFigures(state);
    const reservations = events.filter((e) => e.type === 'MoneyReserved');
    expect(reservations).toHaveLength(reserved);
    expect(new Set(reservations.map((e) => (e.data as { requestId: string }).requestId)).size).toBe(reserved);
    expect(figures.reservedCents).toBe(reservations.reduce((n, e) => n + (e.data as { amountCents: number }).amountCents, 0));
    expect(figures.availableCents).toBe(0);
    expect(figures.balanceCents).toBe(FUND_CENTS);
  }, 240_000);
});
