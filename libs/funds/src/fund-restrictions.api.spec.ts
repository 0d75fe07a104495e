import { createTestApi, type TestApi } from '@fund/platform/testing';
import { fundStreamId, FundsModule, RESTRICTED_FUNDS_STREAM } from './index';

const grant = {
  purpose: { categories: ['lodging', 'relocation'], paymentMethods: ['vendor_payment'] },
  period: { firstDay: '2026-10-01', lastDay: '2027-09-30', liquidationDeadline: '2027-12-29' },
  budgetLines: [{ lineId: 'housing', categories: ['lodging', 'relocation'], amountCents: 500_000 }],
  match: { requiredCents: 125_000 },
  reference: 'Award 2026-V-17',
};

describe('fund restrictions api (embedded store)', () => {
  let api: TestApi;
  const tokens = new Map<string, string>();
  const as = (role: string) => `Bearer ${tokens.get(role)}`;
  const setRestrictions = (fundId: string, body: object, role = 'coordinator') => api.http().post(`/funds/${fundId}/restrictions`).set('Authorization', as(role)).send(body);
  const getRestrictions = (fundId: string, role = 'coordinator') => api.http().get(`/funds/${fundId}/restrictions`).set('Authorization', as(role));

  beforeAll(async () => {
    api = await createTestApi([FundsModule]);
    for (const role of ['coordinator', 'auditor', 'council', 'provider', 'funder'] as const) tokens.set(role, await api.token({ role }));
    await api.http().post('/funds').set('Authorization', as('coordinator')).send({ fundId: 'voca', name: 'VOCA subaward', restricted: true }).expect(201);
    await api.http().post('/funds').set('Authorization', as('coordinator')).send({ fundId: 'general', name: 'General', restricted: false }).expect(201);
  });
  afterAll(async () => api.close());

  it('sets the award, then an amendment; both revisions stay readable and the fund is listed once among restricted funds', async () => {
    const first = await setRestrictions('voca', grant).expect(201);
    expect(first.body.current).toMatchObject({ revision: 1, reference: 'Award 2026-V-17', budgetLines: grant.budgetLines, match: { requiredCents: 125_000 } });
    const amended = await setRestrictions('voca', { ...grant, budgetLines: [{ ...grant.budgetLines[0], amountCents: 400_000 }], reference: 'Amendment 1' }).expect(201);
    expect(amended.body.revisions.map((r: { revision: number }) => r.revision)).toEqual([1, 2]);

    const read = await getRestrictions('voca', 'auditor').expect(200);
    expect(read.body.current).toMatchObject({ revision: 2, reference: 'Amendment 1' });
    expect(read.body.budget).toEqual([{ lineId: 'housing', categories: ['lodging', 'relocation'], budgetCents: 400_000, reservedCents: 0, spentCents: 0, remainingCents: 400_000 }]);
    expect((await api.store.readStream(RESTRICTED_FUNDS_STREAM)).events.map((e) => e.data)).toEqual([{ fundId: 'voca' }]);
  });

  it.each([
    ['an unknown category', { ...grant, purpose: { ...grant.purpose, categories: ['lodging', 'yachts'] } }, 'purpose.categories'],
    ['an unknown payment method', { ...grant, purpose: { ...grant.purpose, paymentMethods: ['cash'] } }, 'purpose.paymentMethods'],
    ['a date that is not a day', { ...grant, period: { ...grant.period, lastDay: '2027-02-30' } }, 'period.lastDay'],
    ['a budget line in fractional cents', { ...grant, budgetLines: [{ ...grant.budgetLines[0], amountCents: 10.5 }] }, 'budgetLines.0.amountCents'],
  ])('refuses %s with a 400 naming the field, and writes nothing', async (_, body, field) => {
    const before = (await api.allEvents()).length;
    const res = await setRestrictions('voca', body).expect(400);
    expect(res.body.details.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await api.allEvents()).length).toBe(before);
  });

  it.each([
    ['a period that ends before it starts', 'voca', { ...grant, period: { ...grant.period, lastDay: '2026-09-01' } }, 'FUND.PERIOD_OUT_OF_ORDER'],
    ['a category on a line the purpose does not allow', 'voca', { ...grant, budgetLines: [{ lineId: 'care', categories: ['childcare'], amountCents: 1 }] }, 'FUND.BUDGET_LINE_CATEGORY_NOT_ALLOWED'],
    ['restrictions on unrestricted money', 'general', grant, 'FUND.NOT_RESTRICTED'],
  ])('refuses %s with a 422 naming the rule, and writes nothing', async (_, fundId, body, code) => {
    const before = (await api.allEvents()).length;
    const res = await setRestrictions(fundId, body).expect(422);
    expect(res.body.code).toBe(code);
    expect((await api.allEvents()).length).toBe(before);
  });

  it('lets only coordinators set restrictions; 404 for a fund that does not exist', async () => {
    await setRestrictions('voca', grant, 'council').expect(403);
    await setRestrictions('missing', grant).expect(404);
    await getRestrictions('missing').expect(404);
    expect((await getRestrictions('general', 'council').expect(200)).body).toMatchObject({ restricted: false, current: null, revisions: [], budget: [] });
    expect((await api.store.readStream(fundStreamId('missing'))).events).toEqual([]);
  });
});
