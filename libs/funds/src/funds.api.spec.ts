import { handleCommand, type CommandContext } from '@fund/event-sourcing';
import { createTestApi, type TestApi } from '@fund/platform/testing';
import { DonationsModule } from '@fund/donations';
import { InventoryModule } from '@fund/inventory';
import { fundDecider, fundStreamId, FundsModule } from './index';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

describe('funds api (embedded store)', () => {
  let api: TestApi;
  let coordinator: string;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    api = await createTestApi([FundsModule, InventoryModule, DonationsModule]);
    for (const role of ['coordinator', 'auditor', 'council', 'provider', 'funder'] as const) tokens.set(role, await api.token({ role }));
    coordinator = tokens.get('coordinator')!;
  });
  afterAll(async () => api.close());

  const openFund = (body: unknown, token = coordinator) => api.http().post('/funds').set('Authorization', `Bearer ${token}`).send(body as object);
  const getFund = (fundId: string, role = 'coordinator') => api.http().get(`/funds/${fundId}`).set('Authorization', `Bearer ${tokens.get(role)}`);

  it('opens a fund: 201, its figures at zero, the stream version as ETag', async () => {
    const res = await openFund({ fundId: 'general', name: 'General donations', restricted: false }).expect(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe('/funds/general');
    expect(res.body).toEqual({
      fundId: 'general',
      name: 'General donations',
      restricted: false,
      status: 'open',
      receivedCents: 0,
      disbursedCents: 0,
      reservedCents: 0,
      balanceCents: 0,
      availableCents: 0,
      position: res.headers['x-position'],
    });
    const [opened] = (await api.store.readStream(fundStreamId('general'))).events;
    expect(opened).toMatchObject({ type: 'FundOpened', metadata: { actor: { role: 'coordinator', userId: 'coordinator-1' } } });
  });

  it('refuses to open the same fund twice (409) and writes nothing', async () => {
    const before = (await api.allEvents()).length;
    const res = await openFund({ fundId: 'general', name: 'Other', restricted: true }).expect(409);
    expect(res.body).toMatchObject({ code: 'FUND.ALREADY_OPEN' });
    expect((await api.allEvents()).length).toBe(before);
  });

  it('shows received, reserved, balance and available, as the fund decides on them', async () => {
    await api
      .http()
      .post('/donations/monetary')
      .set('Authorization', `Bearer ${coordinator}`)
      .send({ fundId: 'general', amountCents: 50_000, restricted: false, donorKind: 'anonymous', receivedOn: daysAgo(1) })
      .expect(201);
    // Reservations come from approving fund requests (another lib); here the decider is driven directly.
    const context: CommandContext = { actor: { userId: 'council-1', role: 'council', organizationId: 'org-a' }, correlationId: 'test-reserve', now: new Date() };
    await handleCommand(api.store, fundStreamId('general'), fundDecider, { type: 'ReserveMoney', data: { requestId: 'r-1', amountCents: 20_000 } }, { context });

    const res = await getFund('general').expect(200);
    expect(res.headers.etag).toBe('"3"');
    expect(res.body).toMatchObject({ receivedCents: 50_000, reservedCents: 20_000, disbursedCents: 0, balanceCents: 50_000, availableCents: 30_000 });
  });

  it('lets auditors and council members read a fund, not providers or funders', async () => {
    await getFund('general', 'auditor').expect(200);
    await getFund('general', 'council').expect(200);
    expect((await getFund('general', 'provider').expect(403)).body).toMatchObject({ code: 'AUTH.ROLE_NOT_ALLOWED' });
    await getFund('general', 'funder').expect(403);
    await api.http().get('/funds/general').expect(401);
  });

  it('lets only coordinators open funds', async () => {
    const before = (await api.allEvents()).length;
    await openFund({ fundId: 'grant-a', name: 'Grant A', restricted: true }, tokens.get('council')).expect(403);
    expect((await api.allEvents()).length).toBe(before);
  });

  it('answers 404 for a fund that does not exist, 400 for an id that cannot be one', async () => {
    expect((await getFund('nowhere').expect(404)).body).toMatchObject({ code: 'FUND.NOT_FOUND' });
    const bad = await getFund('Not_A_Slug').expect(400);
    expect(bad.body.details.errors[0]).toMatchObject({ field: 'fundId' });
  });

  it.each([
    ['a missing field', { fundId: 'grant-b', name: 'Grant B' }, 'restricted'],
    ['an unknown field', { fundId: 'grant-b', name: 'Grant B', restricted: true, balanceCents: 100 }, 'balanceCents'],
    ['an id that is not a slug', { fundId: 'Grant B', name: 'Grant B', restricted: true }, 'fundId'],
    ['a name with control characters', { fundId: 'grant-b', name: 'Grant\nB', restricted: true }, 'name'],
    ['a string for a boolean', { fundId: 'grant-b', name: 'Grant B', restricted: 'yes' }, 'restricted'],
  ])('refuses %s with a 400 naming the field, and writes nothing', async (_, body, field) => {
    const before = (await api.allEvents()).length;
    const res = await openFund(body).expect(400);
    expect(res.body.code).toBe('VALIDATION.FAILED');
    expect(res.body.details.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await api.allEvents()).length).toBe(before);
  });

  it('refuses malformed JSON with a 400 and writes nothing', async () => {
    const before = (await api.allEvents()).length;
    const res = await api.http().post('/funds').set('Authorization', `Bearer ${coordinator}`).set('Content-Type', 'application/json').send('{"fundId": "x",').expect(400);
    expect(res.body.statusCode).toBe(400);
    expect((await api.allEvents()).length).toBe(before);
  });
});
