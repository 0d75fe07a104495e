import { SubscriptionRunner, type SqlDatabase } from '@fund/event-sourcing';
import { createTestApi, type TestApi } from '@fund/platform/testing';
import { READ_DATABASE } from '@fund/platform';
import { DonationsModule } from '@fund/donations';
import { FundRequestsModule } from '@fund/fund-requests';
import { FundsModule } from '@fund/funds';
import { InventoryModule } from '@fund/inventory';
import { OrganizationsModule } from '@fund/organizations';
import { PrivacyModule } from '@fund/privacy';
import { DEMO_PROTOCOL_RULES, ProtocolsModule } from '@fund/protocols';
import { RequestViewsModule } from '../request-views.module';
import { RequestViewsProjection } from '../request-views.projection';

describe("coordinator overview: what waits in each queue", () => {
  let api: TestApi;
  let runner: SubscriptionRunner;
  const t: Record<string, string> = {};
  const post = (path: string, who: string, body?: object) => api.http().post(path).set('Authorization', `Bearer ${t[who]}`).send(body);
  const get = (path: string, who: string) => api.http().get(path).set('Authorization', `Bearer ${t[who]}`);
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await createTestApi([ProtocolsModule, FundsModule, InventoryModule, DonationsModule, OrganizationsModule, PrivacyModule, FundRequestsModule, RequestViewsModule]);
    runner = new SubscriptionRunner(api.store, api.app.get<SqlDatabase>(READ_DATABASE), api.app.get(RequestViewsProjection), { batchSize: 5 });
    const users: [string, 'provider' | 'council' | 'coordinator', string][] = [
      ['coord', 'coordinator', 'coalition'],
      ['advA', 'provider', 'org-a'],
      ['c1', 'council', 'org-b'],
    ];
    for (const [userId, role, organizationId] of users) t[userId] = await api.token({ userId, role, organizationId });
    await post('/protocols/bootstrap', 'coord', { version: '2026-1', title: 'Protocol', rules: DEMO_PROTOCOL_RULES }).expect(201);
    await post('/funds', 'coord', { fundId: 'general', name: 'General', restricted: false }).expect(201);
    await post('/donations/monetary', 'coord', { fundId: 'general', amountCents: 100_000, restricted: false, donorKind: 'individual', receivedOn: '2026-10-01' }).expect(201);
    await post('/organizations', 'coord', { organizationId: 'org-a', providerType: 'domestic_violence_center', county: 'knox' }).expect(201);
    const ref = (await post('/survivor-references', 'advA').expect(201)).body.reference;
    const submit = async (amountCents: number, urgency = 'standard') =>
      (await post('/fund-requests', 'advA', { survivorReference: ref, category: 'groceries', amountCents, paymentMethod: 'vendor_payment', urgency, neededBy: '2099-01-01' }).expect(201))
        .body.requestId as string;

    ids.waiting = await submit(5_000);
    ids.asked = await submit(6_000);
    await post(`/fund-requests/${ids.asked}/information-requests`, 'c1', { questionCode: 'vendor_details' }).expect(200);
    ids.emergencyFirst = await submit(15_001, 'emergency'); // above the expedited cap: the council decides as usual
    ids.emergencySecond = await submit(9_000, 'emergency');
    ids.toPay = await submit(7_000);
    await post(`/fund-requests/${ids.toPay}/votes`, 'c1', { vote: 'approve', amountCents: 7_000 }).expect(200);
    ids.expedited = await submit(8_000, 'emergency');
    await post(`/fund-requests/${ids.expedited}/votes`, 'c1', { vote: 'approve', amountCents: 8_000 }).expect(200);
    await runner.catchUp();
  }, 90_000);
  afterAll(async () => api?.close());

  it('counts each queue and lists the undecided emergencies, oldest first', async () => {
    const body = (await get('/queues/overview', 'coord').expect(200)).body;
    // One approval decides up to $250 under the demo rules: toPay and expedited are approved.
    expect(body.counts).toEqual({ awaitingDecision: 4, awaitingAnswer: 1, toPay: 2, toClose: 0, overdueReceipts: 0, toRatify: 1 });
    expect(body.emergenciesWaiting).toBe(2);
    expect(body.emergencies.map((e: { requestId: string }) => e.requestId)).toEqual([ids.emergencyFirst, ids.emergencySecond]);
    expect(body.emergencies[0]).toMatchObject({ urgency: 'emergency', status: 'submitted', submittedAt: expect.any(String) });
    expect(body.emergencies[0].survivorReference).toBeUndefined();
  });

  it('shows budget pacing: a spending plan against what was committed today, the run-out day, and the warnings it asks for', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const plan = { cadence: 'month', periods: [{ start: month, amountCents: 1_000 }], warnings: { lowBalanceCents: 90_000, overPacePercent: 10 } };
    const before = (await api.allEvents()).length;
    await post('/funds/general/spending-plan', 'c1', plan).expect(403);
    await post('/funds/general/spending-plan', 'coord', { ...plan, cadence: 'week' }).expect(400);
    expect((await post('/funds/general/spending-plan', 'coord', { ...plan, budgetLineId: 'housing' }).expect(422)).body.code).toBe('SPENDING_PLAN.UNKNOWN_BUDGET_LINE');
    expect((await post('/funds/general/spending-plan', 'coord', { ...plan, cadence: 'quarter', periods: [{ start: '2026-11', amountCents: 1 }] }).expect(422)).body.code).toBe('SPENDING_PLAN.QUARTER_START');
    await post('/funds/nowhere/spending-plan', 'coord', plan).expect(404);
    expect((await api.allEvents()).length).toBe(before);

    // A write's body also carries its consistency position; the pacing is the rest.
    const { position: _position, ...set } = (await post('/funds/general/spending-plan', 'coord', plan).expect(201)).body;
    // Two approvals today, $70 and $80, against a $10 month: over pace; $850 left is under the $900 threshold.
    expect(set).toMatchObject({ fundId: 'general', budgetLineId: null, toDate: { committedCents: 15_000 }, remainingCents: 85_000, recentDailyCents: 167, warnings: ['low_balance', 'over_pace'] });
    expect(set.runsOutOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const overview = (await get('/queues/overview', 'coord').expect(200)).body;
    expect(overview.pacing).toEqual([set]);
    expect((await get('/pacing', 'c1').expect(200)).body).toEqual([set]);
    await get('/pacing', 'advA').expect(403);
  });

  it('is for coordinators only', async () => {
    await get('/queues/overview', 'c1').expect(403);
    await get('/queues/overview', 'advA').expect(403);
  });
});
