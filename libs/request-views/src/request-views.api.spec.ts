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
import { BalancesProjection } from './balances.projection';
import { RequestViewsModule } from './request-views.module';
import { RequestViewsProjection } from './request-views.projection';

describe('work queues and balances (projections over the embedded store)', () => {
  let api: TestApi;
  let db: SqlDatabase;
  let runners: SubscriptionRunner[];
  const t: Record<string, string> = {};
  const post = (path: string, who: string, body?: object) => api.http().post(path).set('Authorization', `Bearer ${t[who]}`).send(body);
  const get = (path: string, who: string) => api.http().get(path).set('Authorization', `Bearer ${t[who]}`);
  // Small batches, so incremental building crosses many checkpoints.
  const project = async () => {
    for (const r of runners) await r.catchUp();
  };
  const dump = async () => ({
    requests: (await db.query('SELECT * FROM rv_requests ORDER BY request_id')).rows,
    history: (await db.query('SELECT * FROM rv_request_history ORDER BY request_id, version')).rows,
    receipts: (await db.query('SELECT * FROM rv_receipts_due ORDER BY disbursement_id')).rows,
    funds: (await db.query('SELECT * FROM rv_funds ORDER BY fund_id')).rows,
    stock: (await db.query('SELECT * FROM rv_stock ORDER BY item_id')).rows,
  });
  const ids: Record<string, string> = {};
  const refs: Record<string, string> = {};

  beforeAll(async () => {
    api = await createTestApi([ProtocolsModule, FundsModule, InventoryModule, DonationsModule, OrganizationsModule, PrivacyModule, FundRequestsModule, RequestViewsModule]);
    db = api.app.get<SqlDatabase>(READ_DATABASE);
    runners = [api.app.get(RequestViewsProjection), api.app.get(BalancesProjection)].map((p) => new SubscriptionRunner(api.store, db, p, { batchSize: 3 }));
    const users: [string, 'provider' | 'council' | 'coordinator' | 'auditor' | 'funder', string][] = [
      ['coord', 'coordinator', 'coalition'],
      ['advA', 'provider', 'org-a'],
      ['advB', 'provider', 'org-b'],
      ['c1', 'council', 'org-b'],
      ['c2', 'council', 'org-c'],
      ['funder', 'funder', 'board'],
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
    for (const org of ['org-a', 'org-b', 'org-c']) await post('/organizations', 'coord', { organizationId: org, providerType: 'domestic_violence_center', county: 'knox' }).expect(201);
    await project();

    const refA = (await post('/survivor-references', 'advA').expect(201)).body.reference;
    const refB = (await post('/survivor-references', 'advB').expect(201)).body.reference;
    Object.assign(refs, { a: refA, b: refB, unused: (await post('/survivor-references', 'advA').expect(201)).body.reference });
    const submit = async (who: string, reference: string, amountCents: number, urgency = 'standard') =>
      (await post('/fund-requests', who, { survivorReference: reference, category: 'winter_gear', amountCents, paymentMethod: 'vendor_payment', urgency, neededBy: '2099-01-01' }).expect(201)).body
        .requestId as string;
    ids.waiting = await submit('advA', refA, 10_000);
    ids.fromB = await submit('advB', refB, 12_000, 'emergency');
    ids.paid = await submit('advA', refA, 20_000);
    await project();
    await post(`/fund-requests/${ids.paid}/votes`, 'c1', { vote: 'approve', amountCents: 20_000 }).expect(200);
    await post(`/fund-requests/${ids.paid}/disbursements`, 'coord', { source: 'stock', itemId: 'winter-coat', quantity: 1 }).expect(201);
    await post(`/fund-requests/${ids.paid}/disbursements`, 'coord', { source: 'money', amountCents: 5_000, paymentMethod: 'vendor_payment' }).expect(201);
    await post(`/fund-requests/${ids.waiting}/votes`, 'c2', { vote: 'recuse' }).expect(200);
    await project();
  }, 60_000);
  afterAll(async () => api?.close());

  it("shows an advocate their own organization's requests, with the reference they hold", async () => {
    const mine = (await get('/queues/my-requests', 'advA').expect(200)).body.items;
    expect(mine.map((r: { requestId: string }) => r.requestId).sort()).toEqual([ids.waiting, ids.paid].sort());
    expect(mine[0].survivorReference).toMatch(/^SR-/);
    const disbursed = (await get('/queues/my-requests?status=disbursed', 'advA').expect(200)).body.items;
    expect(disbursed).toHaveLength(1);
    expect(disbursed[0]).toMatchObject({ approvedCents: 20_000, disbursedCents: 11_000, remainingToPayCents: 9_000 });
    await get('/queues/my-requests?status=lost', 'advA').expect(400);
    await get('/queues/my-requests', 'c1').expect(403);
  });

  it("finds an advocate's requests by survivor reference, only within their own organization", async () => {
    const found = async (reference: string, who = 'advA') => (await get(`/queues/my-requests?reference=${reference}`, who).expect(200)).body.items.map((r: { requestId: string }) => r.requestId).sort();
    expect(await found(refs.a!)).toEqual([ids.waiting, ids.paid].sort());
    expect(await found(refs.unused!)).toEqual([]);
    // Another organization's reference is no match, exactly like one never issued.
    expect(await found(refs.b!)).toEqual([]);
    expect(await found(refs.b!, 'advB')).toEqual([ids.fromB]);
    const bad = await get('/queues/my-requests?reference=SR-1234', 'advA').expect(400);
    expect(JSON.stringify(bad.body)).toContain('reference must be a survivor reference');
  });

  it("gives each council member only requests awaiting their vote, never their own organization's", async () => {
    const c1 = (await get('/queues/council', 'c1').expect(200)).body.items.map((r: { requestId: string }) => r.requestId);
    expect(c1).toEqual([ids.waiting]); // org-b's own request is not shown to c1 (org-b)
    const c2 = (await get('/queues/council', 'c2').expect(200)).body.items;
    // c2 recused on `waiting`, so only the emergency from org-b remains, first.
    expect(c2.map((r: { requestId: string }) => r.requestId)).toEqual([ids.fromB]);
    expect(c2[0].survivorReference).toBeUndefined();
  });

  it('filters and sorts the council and payments queues, within their own rows', async () => {
    const ids_ = async (path: string, who: string) => (await get(path, who).expect(200)).body.items.map((r: { requestId: string }) => r.requestId);
    // c2 (org-c) has recused on `waiting`, so only `fromB` awaits their vote.
    expect(await ids_('/queues/council?sort=age', 'c2')).toEqual([ids.fromB]);
    expect(await ids_('/queues/council?urgency=standard', 'c2')).toEqual([]);
    expect(await ids_('/queues/council?organizationId=org-b&category=winter_gear&status=submitted', 'c2')).toEqual([ids.fromB]);
    // c1 (org-b) sees org-a's waiting request, never org-b's own, whatever the filter says.
    expect(await ids_('/queues/council?organizationId=org-b', 'c1')).toEqual([]);
    expect(await ids_('/queues/council?sort=amount&organizationId=org-a', 'c1')).toEqual([ids.waiting]);
    expect(await ids_('/queues/payments?sort=amount&status=disbursed', 'coord')).toEqual([ids.paid]);
    expect(await ids_('/queues/payments?category=groceries', 'coord')).toEqual([]);
    for (const bad of ['sort=name', 'category=cash', 'urgency=now', "organizationId=x'y", 'status=closed']) {
      const res = await get(`/queues/council?${bad}`, 'c1').expect(400);
      expect(res.body.details.errors[0].field).toBe(bad.split('=')[0]);
    }
  });

  it('lists approved requests with money left to pay for the coordinator', async () => {
    const items = (await get('/queues/payments', 'coord').expect(200)).body.items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ requestId: ids.paid, remainingToPayCents: 9_000 });
  });

  it('keeps fund balances and stock levels in step with the write side', async () => {
    const funds = (await get('/balances/funds', 'coord').expect(200)).body.items;
    const live = (await get('/funds/general', 'coord').expect(200)).body;
    expect(funds[0]).toMatchObject({
      fundId: 'general',
      receivedCents: live.receivedCents,
      reservedCents: live.reservedCents,
      disbursedCents: live.disbursedCents,
      availableCents: live.availableCents,
    });
    const stock = (await get('/balances/stock', 'coord').expect(200)).body.items;
    expect(stock[0]).toMatchObject({ itemId: 'winter-coat', onHand: 4, issued: 1, valueOnHandCents: 24_000 });
    await get('/balances/funds', 'funder').expect(403);
  });

  it('finds requests by the 8 characters screens show, or the whole id, among those the reader may see', async () => {
    const found = async (id: string, who: string) => (await get(`/queues/requests?id=${id}`, who).expect(200)).body.items.map((r: { requestId: string }) => r.requestId);
    expect(await found(ids.waiting!.slice(0, 8), 'coord')).toEqual([ids.waiting]);
    expect(await found(ids.waiting!.slice(0, 8).toUpperCase(), 'c2')).toEqual([ids.waiting]);
    expect(await found(ids.fromB!, 'advB')).toEqual([ids.fromB]);
    // Another organization's request is no match for an advocate, as if it did not exist.
    expect(await found(ids.fromB!.slice(0, 8), 'advA')).toEqual([]);
    const mine = (await get(`/queues/requests?id=${ids.paid!.slice(0, 8)}`, 'advA').expect(200)).body.items;
    expect(mine[0].survivorReference).toMatch(/^SR-/);
    expect((await get(`/queues/requests?id=${ids.paid!.slice(0, 8)}`, 'coord').expect(200)).body.items[0].survivorReference).toBeUndefined();
    for (const bad of ['578b66', 'not-an-id', `${ids.paid!.slice(0, 8)}%`]) {
      const res = await get(`/queues/requests?id=${encodeURIComponent(bad)}`, 'coord').expect(400);
      expect(res.body.details.errors[0].field).toBe('id');
    }
    await get(`/queues/requests?id=${ids.paid!.slice(0, 8)}`, 'funder').expect(403);
  });

  it('shows the history of a request step by step, to its own organization only', async () => {
    const history = (await get(`/queues/requests/${ids.paid}/history`, 'advA').expect(200)).body.history;
    expect(history.map((h: { event: string }) => h.event)).toEqual(['FundRequestSubmitted', 'RequestVoteCast', 'FundRequestApproved', 'DisbursementRecorded', 'DisbursementRecorded']);
    await get(`/queues/requests/${ids.paid}/history`, 'advB').expect(404);
  });

  it('lists receipts due; none is overdue yet', async () => {
    expect((await db.query('SELECT * FROM rv_receipts_due')).rows).toHaveLength(1);
    expect((await get('/queues/overdue-receipts', 'advA').expect(200)).body.items).toEqual([]);
  });

  it('is idempotent under redelivery and a rebuild equals the incrementally built tables', async () => {
    const incremental = await dump();
    // Redeliver everything straight to the handlers: version guards must make it a no-op.
    const all = await api.allEvents();
    await db.transaction(async (tx) => {
      await api.app.get(RequestViewsProjection).handle(all, tx);
      await api.app.get(BalancesProjection).handle(all, tx);
    });
    expect(await dump()).toEqual(incremental);
    for (const r of runners) await r.rebuild();
    expect(await dump()).toEqual(incremental);
  });
});
