import { createTestApi, type TestApi } from '@fund/platform/testing';
import { FundsModule, payeeStreamId } from '../index';

describe('payee register over HTTP (embedded store)', () => {
  let api: TestApi;
  const tokens = new Map<string, string>();
  const register = (body: object, role = 'coordinator') => api.http().post('/payees').set('Authorization', `Bearer ${tokens.get(role)}`).send(body);
  const read = (payeeId: string, role = 'auditor') => api.http().get(`/payees/${payeeId}`).set('Authorization', `Bearer ${tokens.get(role)}`);
  const motel = { payeeId: 'maine-motel-llc', name: 'Maine Motel LLC', kind: 'business', taxId: '12-3456789' };

  beforeAll(async () => {
    api = await createTestApi([FundsModule]);
    for (const role of ['coordinator', 'auditor', 'provider', 'council', 'funder'] as const) tokens.set(role, await api.token({ role }));
  });
  afterAll(async () => api.close());

  it('registers a business for the coordinator, and the auditor reads it back', async () => {
    const res = await register(motel).expect(201);
    expect(res.headers.location).toBe('/payees/maine-motel-llc');
    expect(res.body).toMatchObject({ ...motel, position: res.headers['x-position'] });
    expect((await read('maine-motel-llc').expect(200)).body).toEqual(motel);
    await register({ payeeId: 'county-transit', name: 'County Transit Authority', kind: 'government_agency' }).expect(201);
    expect((await read('county-transit', 'coordinator').expect(200)).body).toMatchObject({ taxId: null });
  });

  it('refuses a second registration with 409 naming the rule, and writes nothing', async () => {
    const before = await api.store.headPosition();
    const res = await register({ ...motel, name: 'Renamed' }).expect(409);
    expect(res.body.code).toBe('PAYEE.ALREADY_REGISTERED');
    expect(await api.store.headPosition()).toEqual(before);
  });

  it.each([
    ['taxId', { taxId: '123-45-6789' }],
    ['name', { name: 'Call 207-555-0134' }],
    ['name', { name: 'jane.doe@example.com' }],
    ['kind', { kind: 'individual' }],
    ['payeeId', { payeeId: 'Jane Doe' }],
  ])('refuses a payee whose %s could be a person or identify one (400, nothing written)', async (field, change) => {
    const before = await api.store.headPosition();
    const res = await register({ ...motel, payeeId: 'another-payee', ...change }).expect(400);
    expect(res.body.code).toBe('VALIDATION.FAILED');
    expect(res.body.details.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(JSON.stringify(res.body)).not.toContain('207-555-0134');
    expect(await api.store.headPosition()).toEqual(before);
    expect((await api.store.readStream(payeeStreamId('another-payee'))).events).toEqual([]);
  });

  it.each([['provider'], ['council'], ['funder'], ['auditor']])('keeps the register to coordinators: 403 for the %s', async (role) => {
    await register({ ...motel, payeeId: 'x-payee' }, role).expect(403);
  });

  it('answers 404 for a payee never registered', async () => {
    expect((await read('nobody-here').expect(404)).body.code).toBe('PAYEE.NOT_FOUND');
  });
});
