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
import { OpenApiContract } from './support/openapi-contract';

/**
 * The whole life of one request through the real api (every module, the embedded store),
 * with a token for each role: submit -> question -> answer -> votes -> approval with money
 * reserved -> paid from stock and from money -> receipt -> closed.
 */
describe('the life of a fund request (black box)', () => {
  let app: INestApplication;
  let dataDir: string;
  /** Every response of this suite must be what the OpenAPI document says. */
  let contract: { take(): string[] };
  const token: Record<string, string> = {};
  const http = () => request(app.getHttpServer());
  const post = (path: string, who: string, body?: object) => http().post(path).set('Authorization', `Bearer ${token[who]}`).send(body);
  const get = (path: string, who: string) => http().get(path).set('Authorization', `Bearer ${token[who]}`);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sf-life-'));
    app = await createApp(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
    // Listening once: supertest would otherwise listen and close a port around every request.
    await app.listen(0, '127.0.0.1');
    contract = OpenApiContract.of(app).watch(app.getHttpServer());
    const key = loadOrCreateLocalSigningKey(dataDir);
    const users: [string, Role, string][] = [
      ['coordinator', 'coordinator', 'coalition'],
      ['payer', 'coordinator', 'coalition'],
      ['advocate', 'provider', 'ssac-portland'],
      ['member1', 'council', 'dv-bangor'],
      ['member2', 'council', 'vw-augusta'],
      ['auditor', 'auditor', 'coalition'],
      ['funder', 'funder', 'board'],
    ];
    for (const [userId, role, organizationId] of users) token[userId] = await mintLocalToken(key, { userId, role, organizationId });
  }, 180_000);

  afterEach(() => expect(contract.take()).toEqual([]));

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('goes from submission to closing with every role doing its part', async () => {
    // The coalition sets the fund up.
    await post('/protocols/bootstrap', 'coordinator', { version: '2026-1', title: 'Emergency fund protocol', rules: DEMO_PROTOCOL_RULES }).expect(201);
    await post('/funds', 'coordinator', { fundId: 'general', name: 'General donations', restricted: false }).expect(201);
    await post('/donations/monetary', 'coordinator', { fundId: 'general', amountCents: 200_000, restricted: false, donorKind: 'individual', receivedOn: '2026-10-01' }).expect(201);
    await post('/donations/in-kind', 'coordinator', {
      donorKind: 'organization',
      receivedOn: '2026-10-02',
      items: [{ itemId: 'bus-pass-monthly', kind: 'bus_pass', category: 'transportation', quantity: 3, unitValueCents: 4_000, valuationMethod: 'face_value', serials: ['BP-1', 'BP-2', 'BP-3'] }],
    }).expect(201);
    await post('/organizations', 'coordinator', { organizationId: 'ssac-portland', providerType: 'sexual_assault_center', county: 'cumberland' }).expect(201);

    // The advocate gets a reference and asks for $300 of transportation help.
    const { reference } = (await post('/survivor-references', 'advocate').expect(201)).body;
    const submitted = await post('/fund-requests', 'advocate', {
      survivorReference: reference,
      category: 'transportation',
      amountCents: 30_000,
      paymentMethod: 'bus_pass',
      urgency: 'urgent',
      neededBy: '2099-01-31',
      demographics: { ageBand: '18_24', traffickingType: 'sex' },
      narrative: 'Monthly passes to reach counseling and court dates, plus a taxi for the first night',
    }).expect(201);
    const id = submitted.body.requestId as string;

    // A council member asks a question; the advocate answers.
    await post(`/fund-requests/${id}/information-requests`, 'member1', { questionCode: 'other_resources' }).expect(200);
    await post(`/fund-requests/${id}/information`, 'advocate', { note: 'No other transport help is available this month' }).expect(200);

    // Two approvals ($300 needs two); the second reserves the money.
    await post(`/fund-requests/${id}/votes`, 'member1', { vote: 'approve', amountCents: 30_000 }).expect(200);
    const approval = await post(`/fund-requests/${id}/votes`, 'member2', { vote: 'approve', amountCents: 25_000 }).expect(200);
    expect(approval.body.status).toBe('approved');
    expect((await get('/funds/general', 'coordinator').expect(200)).body).toMatchObject({ reservedCents: 25_000, availableCents: 175_000 });

    // Paid: two donated bus passes, then money for the taxi.
    await post(`/fund-requests/${id}/disbursements`, 'payer', { source: 'stock', itemId: 'bus-pass-monthly', quantity: 2, serials: ['BP-1', 'BP-3'] }).expect(201);
    expect((await get('/stock/bus-pass-monthly', 'coordinator').expect(200)).body).toMatchObject({ onHand: 1, availableSerials: ['BP-2'] });
    const taxi = await post(`/fund-requests/${id}/disbursements`, 'payer', { source: 'money', amountCents: 6_500, paymentMethod: 'vendor_payment' }).expect(201);
    expect((await get('/funds/general', 'coordinator').expect(200)).body).toMatchObject({ disbursedCents: 6_500, reservedCents: 10_500 });

    // The receipt comes in; the coordinator closes and the unspent reservation goes back.
    await post(`/fund-requests/${id}/disbursements/${taxi.body.disbursementId}/receipt`, 'advocate', { amountCents: 6_500 }).expect(200);
    const closed = await post(`/fund-requests/${id}/closure`, 'coordinator').expect(200);
    expect(closed.body.status).toBe('closed');
    expect((await get('/funds/general', 'coordinator').expect(200)).body).toMatchObject({ receivedCents: 200_000, disbursedCents: 6_500, reservedCents: 0, availableCents: 193_500 });

    const view = (await get(`/fund-requests/${id}`, 'auditor').expect(200)).body;
    expect(view).toMatchObject({ status: 'closed', disbursedCents: 14_500, receiptsOutstanding: 0 });
    expect(view.survivorReference).toBeUndefined();
    await get(`/fund-requests/${id}/narrative`, 'auditor').expect(403);
    await get(`/fund-requests/${id}`, 'funder').expect(403);
    const narrative = (await get(`/fund-requests/${id}/narrative`, 'member1').expect(200)).body;
    expect(narrative.notes).toEqual(['No other transport help is available this month']);
  });
});
