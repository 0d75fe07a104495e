import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { loadOrCreateLocalSigningKey, mintLocalToken } from '@fund/auth';
import type { Role } from '@fund/event-sourcing';
import { loadConfig } from '@fund/platform';
import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { createApp } from '../apps/api/src/create-app';
import { discoverRoutes, type Route } from './support/routes';

/**
 * Existence does not leak (OWASP API1, BOLA): for every route that names a fund request, and
 * every role, a caller who may not see another organization's request gets exactly the answer
 * a missing one gets: same status, same code, same body. Callers who may see every request
 * (council, coordinator, auditor) are listed too, so the table says who sees what.
 */
const MISSING_REQUEST = '0b7c3c1e-1111-4a4a-8888-123456789abc';
const MISSING_DISBURSEMENT = '0b7c3c1e-2222-4a4a-8888-123456789abc';

/** Bodies each command would accept, so the answer depends on the target only. */
const BODIES: Readonly<Record<string, object>> = {
  '/fund-requests/:requestId/information-requests': { questionCode: 'other_resources' },
  '/fund-requests/:requestId/information': { note: 'No other help is available this month' },
  '/fund-requests/:requestId/votes': { vote: 'approve', amountCents: 20_000 },
  '/fund-requests/:requestId/disbursements': { source: 'money', amountCents: 1_000, paymentMethod: 'vendor_payment' },
  '/fund-requests/:requestId/disbursements/:disbursementId/receipt': { amountCents: 1_000 },
  '/fund-requests/:requestId/disbursements/:disbursementId/lost-receipt': { reasonCode: 'lost' },
};

describe('existence does not leak across organizations (black box)', () => {
  let app: INestApplication;
  let dataDir: string;
  const token: Record<string, string> = {};
  let requestId = '';
  let disbursementId = '';
  let referenceA = '';
  let routes: Route[];

  const call = (route: Route, who: string, target: { requestId: string; disbursementId: string }) => {
    const path = route.path.replace(':requestId', target.requestId).replace(':disbursementId', target.disbursementId);
    const req = route.method === 'GET' ? request(app.getHttpServer()).get(path) : request(app.getHttpServer()).post(path).send(BODIES[route.path] ?? {});
    return req.set('Authorization', `Bearer ${token[who]}`);
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sf-exists-'));
    app = await createApp(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_WRITES_PER_MINUTE: '100000', RATE_LIMIT_WRITES_PER_MINUTE_PER_IP: '100000' }), { web: false });
    // Listening once: supertest would otherwise listen and close a port around every request.
    await app.listen(0, '127.0.0.1');
    const key = loadOrCreateLocalSigningKey(dataDir);
    const users: [string, Role, string][] = [
      ['coord', 'coordinator', 'coalition'],
      ['adv-a', 'provider', 'org-a'],
      ['adv-b', 'provider', 'org-b'],
      ['member', 'council', 'org-c'],
      ['auditor', 'auditor', 'coalition'],
      ['funder', 'funder', 'board'],
    ];
    for (const [userId, role, organizationId] of users) token[userId] = await mintLocalToken(key, { userId, role, organizationId });
    const post = (path: string, who: string, body: object = {}) => request(app.getHttpServer()).post(path).set('Authorization', `Bearer ${token[who]}`).send(body);
    await post('/protocols/bootstrap', 'coord', { version: '2026-1', title: 'Protocol', rules: DEMO_PROTOCOL_RULES }).expect(201);
    await post('/funds', 'coord', { fundId: 'general', name: 'General', restricted: false }).expect(201);
    await post('/donations/monetary', 'coord', { fundId: 'general', amountCents: 500_000, restricted: false, donorKind: 'individual', receivedOn: '2026-10-01' }).expect(201);
    for (const organizationId of ['org-a', 'org-b']) await post('/organizations', 'coord', { organizationId, providerType: 'other', county: 'york' }).expect(201);
    referenceA = (await post('/survivor-references', 'adv-a').expect(201)).body.reference;
    requestId = (
      await post('/fund-requests', 'adv-a', {
        survivorReference: referenceA,
        category: 'groceries',
        amountCents: 5_000,
        paymentMethod: 'vendor_payment',
        urgency: 'standard',
        neededBy: '2099-01-01',
        narrative: 'Groceries while benefits are pending',
      }).expect(201)
    ).body.requestId;
    await post(`/fund-requests/${requestId}/votes`, 'member', { vote: 'approve', amountCents: 5_000 }).expect(200);
    disbursementId = (await post(`/fund-requests/${requestId}/disbursements`, 'coord', { source: 'money', amountCents: 2_000, paymentMethod: 'vendor_payment' }).expect(201)).body.disbursementId;
    routes = discoverRoutes(app).filter((r) => r.path.includes(':requestId'));
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a provider of another organization, and a funder, exactly as for a missing request, on every route', async () => {
    expect(routes.length).toBeGreaterThan(12);
    const leaks: string[] = [];
    const table: string[] = [];
    for (const route of routes) {
      for (const who of ['adv-b', 'funder', 'member', 'coord', 'auditor']) {
        const missing = await call(route, who, { requestId: MISSING_REQUEST, disbursementId: MISSING_DISBURSEMENT });
        const others = await call(route, who, { requestId, disbursementId });
        if (missing.status >= 500 || others.status >= 500) leaks.push(`${route.method} ${route.path} as ${who}: ${missing.status}/${others.status}`);
        const same = missing.status === others.status && JSON.stringify(missing.body) === JSON.stringify(others.body);
        table.push(`${route.method} ${route.path} as ${who}: missing ${missing.status}, other's ${others.status}${same ? '' : ' (sees it)'}`);
        if ((who === 'adv-b' || who === 'funder') && !same) {
          leaks.push(`${route.method} ${route.path} as ${who}: missing ${missing.status} ${JSON.stringify(missing.body)} vs other's ${others.status} ${JSON.stringify(others.body)}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    // The organization's own advocate does see it (the comparison above is not vacuous).
    const own = await request(app.getHttpServer()).get(`/fund-requests/${requestId}`).set('Authorization', `Bearer ${token['adv-a']}`);
    expect(own.status).toBe(200);
    expect(table.some((line) => line.includes('as coord') && line.endsWith('(sees it)'))).toBe(true);
  }, 300_000);

  it("refuses another organization's survivor reference exactly as one never issued", async () => {
    const submit = (survivorReference: string) =>
      request(app.getHttpServer())
        .post('/fund-requests')
        .set('Authorization', `Bearer ${token['adv-b']}`)
        .send({ survivorReference, category: 'groceries', amountCents: 1_000, paymentMethod: 'vendor_payment', urgency: 'standard', neededBy: '2099-01-01' });
    const others = await submit(referenceA);
    const never = await submit('SR-2222-3333-4444');
    expect(others.status).toBeGreaterThanOrEqual(400);
    expect([others.status, others.body]).toEqual([never.status, never.body]);
  });
});
