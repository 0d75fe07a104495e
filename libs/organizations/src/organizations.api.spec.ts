import { createTestApi, type TestApi } from '@fund/platform/testing';
import { OrganizationsModule } from './organizations.module';
import { SURVIVOR_REFERENCE } from './survivor-reference';

describe('organizations and survivor references over HTTP', () => {
  let api: TestApi;
  let coord: string;
  let adv: string;
  beforeAll(async () => {
    api = await createTestApi([OrganizationsModule]);
    coord = await api.token({ role: 'coordinator' });
    adv = await api.token({ role: 'provider', userId: 'adv-1', organizationId: 'org-a' });
  });
  afterAll(async () => api?.close());

  const post = (path: string, token: string, body?: object) => api.http().post(path).set('Authorization', `Bearer ${token}`).send(body);

  it('refuses references to an agency the fund has not registered', async () => {
    const res = await post('/survivor-references', adv).expect(422);
    expect(res.body.code).toBe('ORGANIZATION.NOT_REGISTERED');
  });

  it('registers a member agency once; only coordinators may', async () => {
    await post('/organizations', adv, { organizationId: 'org-a', providerType: 'immigrant_services', county: 'york' }).expect(403);
    const res = await post('/organizations', coord, { organizationId: 'org-a', providerType: 'immigrant_services', county: 'york' }).expect(201);
    expect(res.headers.etag).toBe('"1"');
    const again = await post('/organizations', coord, { organizationId: 'org-a', providerType: 'immigrant_services', county: 'york' }).expect(409);
    expect(again.body.code).toBe('ORGANIZATION.ALREADY_REGISTERED');
  });

  it('refuses geography finer than a county and unknown provider types, naming the field', async () => {
    const before = (await api.allEvents()).length;
    const res = await post('/organizations', coord, { organizationId: 'org-z', providerType: 'shelter', county: 'Portland' }).expect(400);
    expect(res.body.details.errors.map((e: { field: string }) => e.field).sort()).toEqual(['county', 'providerType']);
    expect((await api.allEvents()).length).toBe(before);
  });

  it('issues random, opaque references to the asking organization, and accepts nothing about the survivor', async () => {
    const a = (await post('/survivor-references', adv).expect(201)).body;
    const b = (await post('/survivor-references', adv).expect(201)).body;
    expect(a.reference).toMatch(SURVIVOR_REFERENCE);
    expect(a.reference).not.toBe(b.reference);
    expect(a.organizationId).toBe('org-a');
    await post('/survivor-references', adv, { name: 'Jane' }).expect(400);
    await post('/survivor-references', coord).expect(403);
  });

  it('shows an organization to its own members only', async () => {
    await api.http().get('/organizations/org-a').set('Authorization', `Bearer ${adv}`).expect(200);
    const other = await api.token({ role: 'provider', organizationId: 'org-b' });
    await api.http().get('/organizations/org-a').set('Authorization', `Bearer ${other}`).expect(404);
  });
});
