import { createTestApi, type TestApi } from '@fund/platform/testing';
import { DonationsModule } from '@fund/donations';
import { FundsModule } from '@fund/funds';
import { InventoryModule } from '@fund/inventory';
import { OrganizationsModule } from '@fund/organizations';
import { PrivacyModule } from '@fund/privacy';
import { DEMO_PROTOCOL_RULES, ProtocolsModule } from '@fund/protocols';
import { FundRequestsModule } from './fund-requests.module';

describe('fund requests over HTTP (embedded store)', () => {
  let api: TestApi;
  const t: Record<string, string> = {};
  let reference: string;

  const post = (path: string, token: string, body?: object, headers: Record<string, string> = {}) => {
    const req = api.http().post(path).set('Authorization', `Bearer ${token}`);
    Object.entries(headers).forEach(([k, v]) => req.set(k, v));
    return body === undefined ? req : req.send(body);
  };
  const get = (path: string, token: string) => api.http().get(path).set('Authorization', `Bearer ${token}`);
  const eventCount = async () => (await api.allEvents()).length;
  const submission = (over: Record<string, unknown> = {}) => ({
    survivorReference: reference,
    category: 'groceries',
    amountCents: 40_000,
    paymentMethod: 'vendor_payment',
    urgency: 'standard',
    neededBy: '2099-01-01',
    ...over,
  });
  const submit = async (over: Record<string, unknown> = {}) => {
    const res = await post('/fund-requests', t.advA!, submission(over)).expect(201);
    return res.body.requestId as string;
  };

  beforeAll(async () => {
    api = await createTestApi([ProtocolsModule, FundsModule, InventoryModule, DonationsModule, OrganizationsModule, PrivacyModule, FundRequestsModule]);
    t.coord = await api.token({ role: 'coordinator', userId: 'coord-1', organizationId: 'coalition' });
    t.coord2 = await api.token({ role: 'coordinator', userId: 'coord-2', organizationId: 'coalition' });
    t.advA = await api.token({ role: 'provider', userId: 'adv-a', organizationId: 'org-a' });
    t.advB = await api.token({ role: 'provider', userId: 'adv-b', organizationId: 'org-b' });
    t.c1 = await api.token({ role: 'council', userId: 'c1', organizationId: 'org-b' });
    t.c2 = await api.token({ role: 'council', userId: 'c2', organizationId: 'org-c' });
    t.cA = await api.token({ role: 'council', userId: 'c-a', organizationId: 'org-a' });
    t.auditor = await api.token({ role: 'auditor', userId: 'aud-1', organizationId: 'coalition' });
    t.funder = await api.token({ role: 'funder', userId: 'fun-1', organizationId: 'board' });

    await post('/protocols/bootstrap', t.coord!, { version: '2026-1', title: 'Emergency fund protocol', rules: DEMO_PROTOCOL_RULES }).expect(201);
    await post('/funds', t.coord!, { fundId: 'general', name: 'General fund', restricted: false }).expect(201);
    await post('/donations/monetary', t.coord!, { fundId: 'general', amountCents: 100_000, restricted: false, donorKind: 'individual', receivedOn: '2026-01-05' }).expect(201);
    for (const [org, county] of [['org-a', 'cumberland'], ['org-b', 'penobscot'], ['org-c', 'york']] as const) {
      await post('/organizations', t.coord!, { organizationId: org, providerType: 'sexual_assault_center', county }).expect(201);
    }
    reference = (await post('/survivor-references', t.advA!).expect(201)).body.reference;
  }, 60_000);
  afterAll(async () => api?.close());

  it('submits a request and shows it to the right people only', async () => {
    const res = await post('/fund-requests', t.advA!, submission({ demographics: { ageBand: '18_24', traffickingType: 'labor' } })).expect(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/fund-requests/${res.body.requestId}`);
    const own = await get(`/fund-requests/${res.body.requestId}`, t.advA!).expect(200);
    expect(own.body).toMatchObject({ status: 'submitted', survivorReference: reference, demographics: { ageBand: '18_24', county: 'not_collected' } });
    expect(own.headers.etag).toBe('"1"');
    const council = await get(`/fund-requests/${res.body.requestId}`, t.c1!).expect(200);
    expect(council.body.survivorReference).toBeUndefined();
    await get(`/fund-requests/${res.body.requestId}`, t.advB!).expect(404);
    await get(`/fund-requests/${res.body.requestId}`, t.funder!).expect(403);
  });

  it('records who did it, and under which protocol', async () => {
    const requestId = await submit();
    const event = (await api.allEvents()).find((e) => e.streamId === `fund-request-${requestId}`);
    expect(event?.metadata).toMatchObject({ actor: { userId: 'adv-a', role: 'provider', organizationId: 'org-a' }, protocolVersion: '2026-1' });
  });

  it.each([
    [{ category: 'pets' }, 400, 'category'],
    [{ amountCents: 12.5 }, 400, 'amountCents'],
    [{ amountCents: -100 }, 400, 'amountCents'],
    [{ amountCents: '100' }, 400, 'amountCents'],
    [{ amountCents: 1e12 }, 400, 'amountCents'],
    [{ survivorName: 'x' }, 400, 'survivorName'],
    [{ neededBy: '01/02/2027' }, 400, 'neededBy'],
    [{ demographics: { dateOfBirth: '2001-02-03' } }, 400, 'demographics.dateOfBirth'],
    [{ survivorReference: 'Jane Doe' }, 400, 'survivorReference'],
  ])('refuses bad input %j with %i naming the field, writing nothing', async (over, status, field) => {
    const before = await eventCount();
    const res = await post('/fund-requests', t.advA!, submission(over)).expect(status);
    expect(res.body.code).toBe('VALIDATION.FAILED');
    expect(res.body.details.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await eventCount()).toBe(before);
  });

  it('refuses malformed JSON and oversize bodies', async () => {
    const before = await eventCount();
    const malformed = await api.http().post('/fund-requests').set('Authorization', `Bearer ${t.advA}`).set('Content-Type', 'application/json').send('{"amountCents": ').expect(400);
    expect(malformed.body.code).toBe('HTTP.MALFORMED_JSON');
    await post('/fund-requests', t.advA!, submission({ narrative: 'x'.repeat(70_000) })).expect(413);
    expect(await eventCount()).toBe(before);
  });

  it('refuses identifiers in the narrative with 422 naming the field, without echoing them', async () => {
    const before = await eventCount();
    const res = await post('/fund-requests', t.advA!, submission({ narrative: 'Call her at 207-555-0143 about the motel' })).expect(422);
    expect(res.body).toMatchObject({ code: 'PRIVACY.IDENTIFIER_IN_TEXT', details: { field: 'narrative', found: ['phone_number'] } });
    expect(JSON.stringify(res.body)).not.toContain('555');
    expect(await eventCount()).toBe(before);
  });

  it('refuses business rules with 422 and the rule, writing nothing', async () => {
    const before = await eventCount();
    const overCap = await post('/fund-requests', t.advA!, submission({ amountCents: 50_001 })).expect(422);
    expect(overCap.body).toMatchObject({ code: 'FUND_REQUEST.OVER_REQUEST_CAP', details: { capCents: 50_000 } });
    const otherOrgsReference = (await post('/survivor-references', t.advB!).expect(201)).body.reference;
    const foreign = await post('/fund-requests', t.advA!, submission({ survivorReference: otherOrgsReference })).expect(422);
    expect(foreign.body.code).toBe('SURVIVOR.REFERENCE_NOT_ISSUED_TO_ORGANIZATION');
    expect(await eventCount()).toBe(before + 1); // only the reference issued to org-b
  });

  it('walks votes, approval with reservation, disbursement, receipt and closing', async () => {
    const requestId = await submit({ amountCents: 40_000 });
    await post(`/fund-requests/${requestId}/votes`, t.advA!, { vote: 'approve', amountCents: 40_000 }).expect(403);
    const own = await post(`/fund-requests/${requestId}/votes`, t.cA!, { vote: 'approve', amountCents: 40_000 }).expect(422);
    expect(own.body.code).toBe('FUND_REQUEST.OWN_ORGANIZATION');
    const first = await post(`/fund-requests/${requestId}/votes`, t.c1!, { vote: 'approve', amountCents: 35_000 }).expect(200);
    expect(first.body.status).toBe('submitted');
    const again = await post(`/fund-requests/${requestId}/votes`, t.c1!, { vote: 'approve', amountCents: 35_000 }).expect(409);
    expect(again.body.code).toBe('FUND_REQUEST.ALREADY_VOTED');
    const before = (await get('/funds/general', t.coord!).expect(200)).body;
    const second = await post(`/fund-requests/${requestId}/votes`, t.c2!, { vote: 'approve', amountCents: 40_000 }).expect(200);
    expect(second.body).toMatchObject({ status: 'approved', events: ['RequestVoteCast', 'FundRequestApproved'] });
    const reserved = (await get('/funds/general', t.coord!).expect(200)).body;
    expect(reserved.reservedCents - before.reservedCents).toBe(35_000);

    const over = await post(`/fund-requests/${requestId}/disbursements`, t.coord!, { source: 'money', amountCents: 35_001, paymentMethod: 'vendor_payment' }).expect(422);
    expect(over.body).toMatchObject({ code: 'FUND_REQUEST.OVER_APPROVED_AMOUNT', details: { remainingCents: 35_000 } });
    const paid = await post(`/fund-requests/${requestId}/disbursements`, t.coord!, { source: 'money', amountCents: 30_000, paymentMethod: 'vendor_payment' }).expect(201);
    expect(paid.body.receiptDueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const afterPay = (await get('/funds/general', t.coord!).expect(200)).body;
    expect(afterPay.disbursedCents - before.disbursedCents).toBe(30_000);

    const early = await post(`/fund-requests/${requestId}/closure`, t.coord!).expect(422);
    expect(early.body).toMatchObject({ code: 'FUND_REQUEST.RECEIPTS_OUTSTANDING' });
    // Another organization's advocate is told the request does not exist.
    const other = await post(`/fund-requests/${requestId}/disbursements/${paid.body.disbursementId}/receipt`, t.advB!, { amountCents: 30_000 }).expect(404);
    expect(other.body).toEqual({ statusCode: 404, code: 'FUND_REQUEST.NOT_FOUND', message: 'No such fund request' });
    await post(`/fund-requests/${requestId}/disbursements/${paid.body.disbursementId}/receipt`, t.advA!, { amountCents: 30_000 }).expect(200);
    const closed = await post(`/fund-requests/${requestId}/closure`, t.coord!).expect(200);
    expect(closed.body.status).toBe('closed');
    const end = (await get('/funds/general', t.coord!).expect(200)).body;
    expect(end.reservedCents).toBe(before.reservedCents);
    expect(end.availableCents).toBe(before.availableCents - 30_000);

    const late = await post(`/fund-requests/${requestId}/votes`, t.c2!, { vote: 'deny', reasonCode: 'over_cap' }).expect(422);
    expect(late.body).toMatchObject({ code: 'FUND_REQUEST.WRONG_STATUS', details: { status: 'closed' } });
  });

  it('never lets an approver pay out', async () => {
    const requestId = await submit({ amountCents: 10_000 });
    const approver = await api.token({ role: 'council', userId: 'coord-1', organizationId: 'org-c' });
    await post(`/fund-requests/${requestId}/votes`, approver, { vote: 'approve', amountCents: 10_000 }).expect(200);
    const res = await post(`/fund-requests/${requestId}/disbursements`, t.coord!, { source: 'money', amountCents: 5_000, paymentMethod: 'vendor_payment' }).expect(422);
    expect(res.body.code).toBe('FUND_REQUEST.APPROVER_CANNOT_DISBURSE');
    await post(`/fund-requests/${requestId}/disbursements`, t.coord2!, { source: 'money', amountCents: 5_000, paymentMethod: 'vendor_payment' }).expect(201);
  });

  it('refuses an approval the fund cannot cover, saying what is available, and writes nothing', async () => {
    const requestId = await submit({ amountCents: 20_000 });
    await post('/funds', t.coord!, { fundId: 'tiny', name: 'Tiny grant', restricted: true }).expect(201);
    await post('/donations/monetary', t.coord!, { fundId: 'tiny', amountCents: 5_000, restricted: true, donorKind: 'grant', receivedOn: '2026-01-05' }).expect(201);
    const before = await eventCount();
    const res = await post(`/fund-requests/${requestId}/votes`, t.c1!, { vote: 'approve', amountCents: 20_000, fundId: 'tiny' }).expect(422);
    expect(res.body).toMatchObject({ code: 'FUND.INSUFFICIENT_FUNDS', details: { availableCents: 5_000, requestedCents: 20_000 } });
    expect(await eventCount()).toBe(before);
  });

  it('refuses commands on a withdrawn request with its status', async () => {
    const requestId = await submit({ amountCents: 5_000 });
    await post(`/fund-requests/${requestId}/withdrawal`, t.advB!).expect(404);
    await post(`/fund-requests/${requestId}/withdrawal`, t.advA!).expect(200);
    const res = await post(`/fund-requests/${requestId}/votes`, t.c1!, { vote: 'approve', amountCents: 5_000 }).expect(422);
    expect(res.body).toMatchObject({ code: 'FUND_REQUEST.WRONG_STATUS', details: { status: 'withdrawn' } });
  });

  it('replays a retried POST with the same Idempotency-Key instead of recording it twice', async () => {
    const before = await eventCount();
    const headers = { 'Idempotency-Key': 'submit-retry-0001' };
    const first = await post('/fund-requests', t.advA!, submission({ amountCents: 1_000 }), headers).expect(201);
    const retry = await post('/fund-requests', t.advA!, submission({ amountCents: 1_000 }), headers).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await eventCount()).toBe(before + 1);
    const reused = await post('/fund-requests', t.advA!, submission({ amountCents: 2_000 }), headers).expect(422);
    expect(reused.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
  });

  it('honours If-Match: a decision on a stale version is refused with 409', async () => {
    const requestId = await submit({ amountCents: 30_000 });
    await post(`/fund-requests/${requestId}/votes`, t.c1!, { vote: 'approve', amountCents: 30_000 }, { 'If-Match': '"1"' }).expect(200);
    const stale = await post(`/fund-requests/${requestId}/votes`, t.c2!, { vote: 'approve', amountCents: 30_000 }, { 'If-Match': '"1"' }).expect(409);
    expect(stale.body).toMatchObject({ code: 'EVENT_STORE.CONCURRENCY_CONFLICT', details: { actual: 2 } });
    await post(`/fund-requests/${requestId}/votes`, t.c2!, { vote: 'approve', amountCents: 30_000 }, { 'If-Match': 'garbage' }).expect(400);
  });

  it('keeps the narrative encrypted, readable by the right roles until shredded', async () => {
    const res = await post('/fund-requests', t.advA!, submission({ amountCents: 2_000, narrative: 'Winter boots and a coat for a teenager' })).expect(201);
    const id = res.body.requestId;
    const raw = JSON.stringify(await api.allEvents());
    expect(raw).not.toContain('Winter boots');
    expect((await get(`/fund-requests/${id}/narrative`, t.c1!).expect(200)).body.narrative).toEqual(['Winter boots and a coat for a teenager']);
    await get(`/fund-requests/${id}/narrative`, t.auditor!).expect(403);
    await post(`/fund-requests/${id}/narrative/shred`, t.coord!).expect(200);
    expect((await get(`/fund-requests/${id}/narrative`, t.advA!).expect(200)).body.narrative).toBe('redacted');
  });
});
