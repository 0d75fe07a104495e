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

describe('follow-up queues: to close, to ratify', () => {
  let api: TestApi;
  let runner: SubscriptionRunner;
  const t: Record<string, string> = {};
  const post = (path: string, who: string, body?: object) => api.http().post(path).set('Authorization', `Bearer ${t[who]}`).send(body);
  const get = (path: string, who: string) => api.http().get(path).set('Authorization', `Bearer ${t[who]}`);
  const ids: Record<string, string> = {};
  const idsOf = (items: readonly { requestId: string }[]) => items.map((i) => i.requestId);
  const disbursementOf = async (requestId: string, index = 0): Promise<string> =>
    (await get(`/fund-requests/${requestId}`, 'coord').expect(200)).body.disbursements[index].disbursementId;

  beforeAll(async () => {
    api = await createTestApi([ProtocolsModule, FundsModule, InventoryModule, DonationsModule, OrganizationsModule, PrivacyModule, FundRequestsModule, RequestViewsModule]);
    runner = new SubscriptionRunner(api.store, api.app.get<SqlDatabase>(READ_DATABASE), api.app.get(RequestViewsProjection), { batchSize: 5 });
    const users: [string, 'provider' | 'council' | 'coordinator', string][] = [
      ['coord', 'coordinator', 'coalition'],
      ['advA', 'provider', 'org-a'],
      ['c1', 'council', 'org-b'],
      ['c2', 'council', 'org-c'],
      ['c3', 'council', 'org-a'],
    ];
    for (const [userId, role, organizationId] of users) t[userId] = await api.token({ userId, role, organizationId });
    await post('/protocols/bootstrap', 'coord', { version: '2026-1', title: 'Protocol', rules: DEMO_PROTOCOL_RULES }).expect(201);
    await post('/funds', 'coord', { fundId: 'general', name: 'General', restricted: false }).expect(201);
    await post('/donations/monetary', 'coord', { fundId: 'general', amountCents: 100_000, restricted: false, donorKind: 'individual', receivedOn: '2026-10-01' }).expect(201);
    await post('/donations/in-kind', 'coord', {
      donorKind: 'organization',
      receivedOn: '2026-10-01',
      items: [{ itemId: 'winter-coat', kind: 'goods', category: 'winter_gear', quantity: 5, unitValueCents: 6_000, valuationMethod: 'fair_market_value' }],
    }).expect(201);
    await post('/organizations', 'coord', { organizationId: 'org-a', providerType: 'domestic_violence_center', county: 'knox' }).expect(201);
    const ref = (await post('/survivor-references', 'advA').expect(201)).body.reference;
    const submit = async (amountCents: number, urgency = 'standard') =>
      (await post('/fund-requests', 'advA', { survivorReference: ref, category: 'winter_gear', amountCents, paymentMethod: 'vendor_payment', urgency, neededBy: '2099-01-01' }).expect(201))
        .body.requestId as string;
    const approve = (id: string, amountCents: number) => post(`/fund-requests/${id}/votes`, 'c1', { vote: 'approve', amountCents }).expect(200);

    // Paid in full, receipt recorded: ready to close.
    ids.ready = await submit(10_000);
    await approve(ids.ready, 10_000);
    await post(`/fund-requests/${ids.ready}/disbursements`, 'coord', { source: 'money', amountCents: 10_000, paymentMethod: 'vendor_payment' }).expect(201);
    await post(`/fund-requests/${ids.ready}/disbursements/${await disbursementOf(ids.ready)}/receipt`, 'advA', { amountCents: 10_000 }).expect(200);
    // Paid in full from stock: no receipt is due, so ready too.
    ids.stock = await submit(6_000);
    await approve(ids.stock, 6_000);
    await post(`/fund-requests/${ids.stock}/disbursements`, 'coord', { source: 'stock', itemId: 'winter-coat', quantity: 1 }).expect(201);
    // Paid in full, receipt still due: not yet.
    ids.receiptDue = await submit(7_000);
    await approve(ids.receiptDue, 7_000);
    await post(`/fund-requests/${ids.receiptDue}/disbursements`, 'coord', { source: 'money', amountCents: 7_000, paymentMethod: 'vendor_payment' }).expect(201);
    // Partly paid: still in the payments queue, not here.
    ids.partly = await submit(8_000);
    await approve(ids.partly, 8_000);
    await post(`/fund-requests/${ids.partly}/disbursements`, 'coord', { source: 'money', amountCents: 3_000, paymentMethod: 'vendor_payment' }).expect(201);
    // Paid in full, then the payment voided: money is owed again, so back to paying.
    ids.voided = await submit(9_000);
    await approve(ids.voided, 9_000);
    await post(`/fund-requests/${ids.voided}/disbursements`, 'coord', { source: 'money', amountCents: 9_000, paymentMethod: 'vendor_payment' }).expect(201);
    await post(`/fund-requests/${ids.voided}/disbursements/${await disbursementOf(ids.voided)}/void`, 'coord').expect(200);
    // Ready, then closed: gone.
    ids.closed = await submit(6_000);
    await approve(ids.closed, 6_000);
    await post(`/fund-requests/${ids.closed}/disbursements`, 'coord', { source: 'stock', itemId: 'winter-coat', quantity: 1 }).expect(201);
    await post(`/fund-requests/${ids.closed}/closure`, 'coord').expect(200);

    // An emergency on the expedited path: one on-call approval (c1), ratified later by another member.
    ids.expedited = await submit(12_000, 'emergency');
    await approve(ids.expedited, 12_000);
    await runner.catchUp();
  }, 90_000);
  afterAll(async () => api?.close());

  it('lists requests paid in full with every receipt settled, and nothing else', async () => {
    const items = (await get('/queues/to-close', 'coord').expect(200)).body.items;
    expect(idsOf(items).sort()).toEqual([ids.ready, ids.stock].sort());
    expect(items[0]).toMatchObject({ status: 'disbursed', remainingToPayCents: 0 });
    expect(items[0].survivorReference).toBeUndefined();
    const payments = idsOf((await get('/queues/payments', 'coord').expect(200)).body.items);
    expect(payments).toEqual(expect.arrayContaining([ids.partly, ids.voided, ids.expedited]));
  });

  it('pages with limit and offset', async () => {
    const first = (await get('/queues/to-close?limit=1', 'coord').expect(200)).body.items;
    const second = (await get('/queues/to-close?limit=1&offset=1', 'coord').expect(200)).body.items;
    expect([...idsOf(first), ...idsOf(second)].sort()).toEqual([ids.ready, ids.stock].sort());
    await get('/queues/to-close?limit=500', 'coord').expect(400);
  });

  it('lists expedited approvals to ratify, never to the approver or the own organization', async () => {
    expect(idsOf((await get('/queues/to-ratify', 'c2').expect(200)).body.items)).toEqual([ids.expedited]);
    expect((await get('/queues/to-ratify', 'c1').expect(200)).body.items).toEqual([]); // the on-call approver
    expect((await get('/queues/to-ratify', 'c3').expect(200)).body.items).toEqual([]); // org-a's own request
    await post(`/fund-requests/${ids.expedited}/ratification`, 'c2').expect(200);
    await runner.catchUp();
    expect((await get('/queues/to-ratify', 'c2').expect(200)).body.items).toEqual([]);
  });

  it('is for the coordinator (to close) and the council (to ratify) only', async () => {
    await get('/queues/to-close', 'c1').expect(403);
    await get('/queues/to-close', 'advA').expect(403);
    await get('/queues/to-ratify', 'coord').expect(403);
  });
});
