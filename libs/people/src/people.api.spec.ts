import { createTestApi, type TestApi } from '@fund/platform/testing';
import { PeopleModule } from './people.module';

describe('people directory (api)', () => {
  let api: TestApi;
  let coordinator: string;

  beforeAll(async () => {
    api = await createTestApi([PeopleModule]);
    coordinator = await api.token({ role: 'coordinator', userId: 'coord-1' }, { email: 'coord@coalition.example' });
  });
  afterAll(() => api.close());

  const list = (query = '') => api.http().get(`/people${query}`).set('Authorization', `Bearer ${coordinator}`).expect(200);

  it('knows everyone who signed in, with role, organization and email from the token', async () => {
    const member = await api.token({ role: 'council', userId: 'council-7', organizationId: 'org-b' }, { email: 'member@agency.example' });
    // Any authenticated request is a sign-in, even one the role may not make.
    await api.http().get('/people').set('Authorization', `Bearer ${member}`).expect(403);
    const { body } = await list('?role=council');
    expect(body.items).toEqual([
      expect.objectContaining({ userId: 'council-7', role: 'council', organizationId: 'org-b', email: 'member@agency.example', active: true, deactivatedAt: null }),
    ]);
    expect(Date.parse(body.items[0].lastSignInAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('keeps the known email when a later token has none, and follows a change of organization', async () => {
    await api.http().get('/people').set('Authorization', `Bearer ${await api.token({ role: 'provider', userId: 'adv-1', organizationId: 'org-a' }, { email: 'adv@agency.example' })}`);
    await api.http().get('/people').set('Authorization', `Bearer ${await api.token({ role: 'provider', userId: 'adv-1', organizationId: 'org-c' })}`);
    const { body } = await list('?role=provider');
    expect(body.items).toEqual([expect.objectContaining({ userId: 'adv-1', organizationId: 'org-c', email: 'adv@agency.example' })]);
  });

  it('lets a coordinator deactivate and reactivate a person; signing in again does not reactivate', async () => {
    const token = await api.token({ role: 'council', userId: 'council-9', organizationId: 'org-b' }, { email: 'nine@agency.example' });
    await api.http().get('/people').set('Authorization', `Bearer ${token}`).expect(403);
    const off = await api.http().post('/people/council-9/deactivate').set('Authorization', `Bearer ${coordinator}`).send({}).expect(200);
    expect(off.body).toMatchObject({ userId: 'council-9', active: false, deactivatedBy: 'coord-1' });
    await api.http().get('/people').set('Authorization', `Bearer ${await api.token({ role: 'council', userId: 'council-9', organizationId: 'org-b' })}`).expect(403);
    expect((await list('?active=false')).body.items.map((p: { userId: string }) => p.userId)).toEqual(['council-9']);
    const on = await api.http().post('/people/council-9/reactivate').set('Authorization', `Bearer ${coordinator}`).send({}).expect(200);
    expect(on.body).toMatchObject({ active: true, deactivatedAt: null, deactivatedBy: null });
  });

  it('answers 404 for someone who never signed in, and refuses other roles', async () => {
    const res = await api.http().post('/people/nobody/deactivate').set('Authorization', `Bearer ${coordinator}`).send({}).expect(404);
    expect(res.body.code).toBe('PEOPLE.NOT_FOUND');
    const provider = await api.token({ role: 'provider' });
    await api.http().post('/people/coord-1/deactivate').set('Authorization', `Bearer ${provider}`).send({}).expect(403);
  });
});
