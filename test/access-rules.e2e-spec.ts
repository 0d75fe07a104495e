import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { HUMAN_ROLES, loadOrCreateLocalSigningKey, mintLocalToken } from '@fund/auth';
import { loadConfig } from '@fund/platform';
import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { createApp } from '../apps/api/src/create-app';
import { OpenApiContract } from './support/openapi-contract';
import { discoverRoutes, type Route } from './support/routes';

/**
 * Every route x every role: the declared rule is enforced before anything else happens, and a
 * route without a declared rule fails this test. Organization scoping is checked on every route
 * that names a fund request.
 */
describe('access rules on every route (black box)', () => {
  let app: INestApplication;
  let dataDir: string;
  /** Every response of this suite must be what the OpenAPI document says. */
  let contract: { take(): string[] };
  let routes: Route[];
  const tokens: Record<string, string> = {};
  let requestId: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sf-access-'));
    app = await createApp(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_WRITES_PER_MINUTE: '10000', RATE_LIMIT_WRITES_PER_MINUTE_PER_IP: '10000' }));
    // Listening once: supertest would otherwise listen and close a port around every request.
    await app.listen(0, '127.0.0.1');
    contract = OpenApiContract.of(app).watch(app.getHttpServer());
    routes = discoverRoutes(app);
    const key = loadOrCreateLocalSigningKey(dataDir);
    for (const role of HUMAN_ROLES) tokens[role] = await mintLocalToken(key, { userId: `${role}-1`, role, organizationId: role === 'provider' || role === 'council' ? 'org-a' : 'coalition' });
    tokens.otherProvider = await mintLocalToken(key, { userId: 'provider-b', role: 'provider', organizationId: 'org-b' });

    const http = () => request(app.getHttpServer());
    const coord = `Bearer ${tokens.coordinator}`;
    await http().post('/protocols/bootstrap').set('Authorization', coord).send({ version: '2026-1', title: 'P', rules: DEMO_PROTOCOL_RULES }).expect(201);
    await http().post('/funds').set('Authorization', coord).send({ fundId: 'general', name: 'G', restricted: false }).expect(201);
    for (const org of ['org-a', 'org-b']) await http().post('/organizations').set('Authorization', coord).send({ organizationId: org, providerType: 'other', county: 'york' }).expect(201);
    const reference = (await http().post('/survivor-references').set('Authorization', `Bearer ${tokens.provider}`).expect(201)).body.reference;
    requestId = (
      await http()
        .post('/fund-requests')
        .set('Authorization', `Bearer ${tokens.provider}`)
        .send({ survivorReference: reference, category: 'groceries', amountCents: 1_000, paymentMethod: 'vendor_payment', urgency: 'standard', neededBy: '2099-01-01' })
        .expect(201)
    ).body.requestId;
  }, 180_000);

  afterEach(() => expect(contract.take()).toEqual([]));

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const concrete = (path: string, id: string = randomUUID()) => path.replace(/:requestId|:disbursementId|:donationId/g, id).replace(/:[A-Za-z]+/g, 'x-test');
  const call = (route: Route, token: string | undefined, path = concrete(route.path)) => {
    const req = route.method === 'POST' ? request(app.getHttpServer()).post(path).send({}) : request(app.getHttpServer()).get(path);
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };

  it('finds the routes, and every one declares who may call it', () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((r) => !r.rule).map((r) => `${r.method} ${r.path} (${r.handler})`)).toEqual([]);
  });

  it('refuses every non-public route without a token (401)', async () => {
    for (const route of routes.filter((r) => r.rule?.kind === 'roles')) {
      const res = await call(route, undefined);
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({ route: `${route.method} ${route.path}`, status: 401 });
    }
  });

  it('lets each role through exactly the routes declared for it (403 otherwise)', async () => {
    const mismatches: string[] = [];
    for (const route of routes) {
      for (const role of HUMAN_ROLES) {
        const allowed = route.rule?.kind === 'public' || (route.rule?.kind === 'roles' && route.rule.roles.includes(role));
        const res = await call(route, tokens[role]);
        const refusedByRule = res.status === 403 && res.body.code === 'AUTH.ROLE_NOT_ALLOWED';
        if (allowed === refusedByRule || res.status >= 500) mismatches.push(`${role} ${route.method} ${route.path} -> ${res.status} ${res.body.code ?? ''}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('declares the people directory for coordinators only, and notifications for every signed-in role (dead letters: coordinators)', () => {
    const table = Object.fromEntries(
      routes.filter((r) => /^\/(people|notifications)/.test(r.path)).map((r) => [`${r.method} ${r.path}`, r.rule?.kind === 'roles' ? [...r.rule.roles].sort().join(',') : r.rule?.kind]),
    );
    const everyone = [...HUMAN_ROLES].sort().join(',');
    expect(table).toEqual({
      'GET /people': 'coordinator',
      'POST /people/:userId/deactivate': 'coordinator',
      'POST /people/:userId/reactivate': 'coordinator',
      'GET /notifications': everyone,
      'GET /notifications/unread-count': everyone,
      'POST /notifications/:messageId/read': everyone,
      'POST /notifications/read-all': everyone,
      'GET /notifications/preferences': everyone,
      'POST /notifications/preferences': everyone,
      'GET /notifications/dead-letters': 'coordinator',
      'POST /notifications/dead-letters/:messageId/retry': 'coordinator',
    });
  });

  it('declares the what-if replay of a protocol version for the council and coordinators only', () => {
    const table = Object.fromEntries(
      routes.filter((r) => r.path.endsWith('/foresight')).map((r) => [`${r.method} ${r.path}`, r.rule?.kind === 'roles' ? [...r.rule.roles].sort().join(',') : r.rule?.kind]),
    );
    expect(table).toEqual({ 'GET /protocols/:version/foresight': 'coordinator,council' });
  });

  it("declares a grant's restrictions on a fund (set or amended by coordinators; read by coordinators, the council and auditors) and the approval-fund preview (council, coordinators)", () => {
    const table = Object.fromEntries(
      routes
        .filter((r) => r.path.startsWith('/funds/:fundId/') || r.path.endsWith('/approval-fund'))
        .map((r) => [`${r.method} ${r.path}`, r.rule?.kind === 'roles' ? [...r.rule.roles].sort().join(',') : r.rule?.kind]),
    );
    expect(table).toEqual({
      'POST /funds/:fundId/restrictions': 'coordinator',
      'GET /funds/:fundId/restrictions': 'auditor,coordinator,council',
      'GET /fund-requests/:requestId/approval-fund': 'coordinator,council',
      // A grant's close-out (ADR 0021): closed by coordinators, its figures read by them and auditors; spending plans set by coordinators.
      'POST /funds/:fundId/close-out': 'coordinator',
      'GET /funds/:fundId/close-out': 'auditor,coordinator',
      'POST /funds/:fundId/spending-plan': 'coordinator',
    });
    // Budget pacing: the coordinator's overview and the council's queue, never a provider, auditor or funder.
    expect(routes.filter((r) => r.path === '/pacing').map((r) => (r.rule?.kind === 'roles' ? [...r.rule.roles].sort().join(',') : r.rule?.kind))).toEqual(['coordinator,council']);
  });

  it('declares period close for coordinators, and the closed periods with their digests for auditors and coordinators', () => {
    const table = Object.fromEntries(
      routes.filter((r) => r.path === '/ledger/periods').map((r) => [`${r.method} ${r.path}`, r.rule?.kind === 'roles' ? [...r.rule.roles].sort().join(',') : r.rule?.kind]),
    );
    expect(table).toEqual({ 'POST /ledger/periods': 'coordinator', 'GET /ledger/periods': 'auditor,coordinator' });
  });

  it('declares the reports: funder reports for funders, coordinators and auditors; the statewide picture for the council and coordinators only (ADR 0022)', () => {
    const table = Object.fromEntries(
      routes.filter((r) => r.path.startsWith('/reports/')).map((r) => [`${r.method} ${r.path}`, r.rule?.kind === 'roles' ? [...r.rule.roles].sort().join(',') : r.rule?.kind]),
    );
    const statewide = Object.entries(table).filter(([route]) => route.includes('/reports/statewide'));
    expect(statewide).toEqual([
      ['GET /reports/statewide', 'coordinator,council'],
      ['GET /reports/statewide/export', 'coordinator,council'],
    ]);
    // Everything else under /reports is the funder reports': never the council, never a provider.
    for (const [route, roles] of Object.entries(table).filter(([r]) => !r.includes('/reports/statewide'))) expect([route, roles]).toEqual([route, 'auditor,coordinator,funder']);
  });

  it('declares the financial statements for coordinators and auditors only: they show every amount, so no funder reads them', () => {
    const table = Object.fromEntries(
      routes.filter((r) => r.path.startsWith('/ledger/statements')).map((r) => [`${r.method} ${r.path}`, r.rule?.kind === 'roles' ? [...r.rule.roles].sort().join(',') : r.rule?.kind]),
    );
    expect(table).toEqual({
      'GET /ledger/statements': 'auditor,coordinator',
      'GET /ledger/statements.csv': 'auditor,coordinator',
      'GET /ledger/statements.xlsx': 'auditor,coordinator',
      'GET /ledger/statements/close-out.csv': 'auditor,coordinator',
      'GET /ledger/statements/close-out.xlsx': 'auditor,coordinator',
    });
  });

  it('declares gift-card custody for coordinators (auditors read), and the gift-card log and evidence pack for auditors and coordinators only', () => {
    const mine = (p: string) => p.startsWith('/card-purchases') || p.startsWith('/stock-counts') || p.endsWith('/counts') || p.endsWith('/sales') || p.startsWith('/ledger/gift-cards') || p.endsWith('/evidence-pack');
    const table = Object.fromEntries(routes.filter((r) => mine(r.path)).map((r) => [`${r.method} ${r.path}`, r.rule?.kind === 'roles' ? [...r.rule.roles].sort().join(',') : r.rule?.kind]));
    expect(table).toEqual({
      'POST /card-purchases': 'coordinator',
      'POST /card-purchases/:purchaseId/receipt': 'coordinator',
      'GET /card-purchases/:purchaseId': 'auditor,coordinator',
      'POST /stock/:itemId/counts': 'coordinator',
      'POST /stock/:itemId/sales': 'coordinator',
      'POST /stock-counts/:countId/approval': 'coordinator',
      'GET /stock-counts/:countId': 'auditor,coordinator',
      'GET /ledger/gift-cards': 'auditor,coordinator',
      'GET /ledger/gift-cards/export.csv': 'auditor,coordinator',
      'GET /ledger/gift-cards/export.xlsx': 'auditor,coordinator',
      'GET /fund-requests/:requestId/disbursements/:disbursementId/evidence-pack': 'auditor,coordinator',
    });
  });

  it("declares documents for the request's organization and coordinators (attach), and auditors too (list, download); never the council or funders", () => {
    const table = Object.fromEntries(
      routes.filter((r) => r.path.includes('/documents')).map((r) => [`${r.method} ${r.path}`, r.rule?.kind === 'roles' ? [...r.rule.roles].sort().join(',') : r.rule?.kind]),
    );
    expect(table).toEqual({
      'POST /fund-requests/:requestId/documents': 'coordinator,provider',
      'GET /fund-requests/:requestId/documents': 'auditor,coordinator,provider',
      'GET /fund-requests/:requestId/documents/:documentId': 'auditor,coordinator,provider',
    });
  });

  it("never shows or changes another organization's request (404 or 403, never 2xx)", async () => {
    const scoped = routes.filter((r) => r.path.includes(':requestId') && r.rule?.kind === 'roles' && r.rule.roles.includes('provider'));
    expect(scoped.length).toBeGreaterThan(4);
    for (const route of scoped) {
      const res = await call(route, tokens.otherProvider, concrete(route.path, requestId));
      expect({ route: route.path, ok: res.status < 300 || res.status >= 500 }).toEqual({ route: route.path, ok: false });
    }
    // The owner can read it.
    await request(app.getHttpServer()).get(`/fund-requests/${requestId}`).set('Authorization', `Bearer ${tokens.provider}`).expect(200);
  });
});
