import { createTestApi, type TestApi } from '@fund/platform/testing';
import { DonationsModule } from '@fund/donations';
import { FundsModule } from '@fund/funds';
import { InventoryModule } from '@fund/inventory';
import { OrganizationsModule } from '@fund/organizations';
import { PrivacyModule } from '@fund/privacy';
import { DEMO_PROTOCOL_RULES, ProtocolsModule } from '@fund/protocols';
import { FundRequestsModule } from './fund-requests.module';

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('approvals and restricted funds over HTTP (embedded store)', () => {
  let api: TestApi;
  const t: Record<string, string> = {};
  let reference: string;
  const post = (path: string, token: string, body?: object) => {
    const req = api.http().post(path).set('Authorization', `Bearer ${token}`);
    return body === undefined ? req : req.send(body);
  };
  const submit = async (category: string, paymentMethod = 'vendor_payment') =>
    (await post('/fund-requests', t.adv!, { survivorReference: reference, category, amountCents: 10_000, paymentMethod, urgency: 'urgent', neededBy: '2099-01-01' }).expect(201)).body.requestId as string;

  beforeAll(async () => {
    api = await createTestApi([ProtocolsModule, FundsModule, InventoryModule, DonationsModule, OrganizationsModule, PrivacyModule, FundRequestsModule]);
    t.coord = await api.token({ role: 'coordinator', userId: 'coord-1', organizationId: 'coalition' });
    t.adv = await api.token({ role: 'provider', userId: 'adv-a', organizationId: 'org-a' });
    t.council = await api.token({ role: 'council', userId: 'c1', organizationId: 'org-b' });
    t.auditor = await api.token({ role: 'auditor', userId: 'aud-1', organizationId: 'coalition' });
    await post('/protocols/bootstrap', t.coord!, { version: '2026-1', title: 'Protocol', rules: { ...DEMO_PROTOCOL_RULES, defaultFundId: 'general' } }).expect(201);
    await post('/organizations', t.coord!, { organizationId: 'org-a', providerType: 'anti_trafficking_program', county: 'york' }).expect(201);
    for (const [fundId, restricted] of [['general', false], ['voca', true]] as const) {
      await post('/funds', t.coord!, { fundId, name: fundId, restricted }).expect(201);
      await post('/donations/monetary', t.coord!, { fundId, amountCents: 500_000, restricted, donorKind: 'anonymous', receivedOn: day(-1) }).expect(201);
    }
    await post('/funds/voca/restrictions', t.coord!, {
      purpose: { categories: ['lodging'], paymentMethods: ['vendor_payment'], providerTypes: ['anti_trafficking_program'] },
      period: { firstDay: day(-30), lastDay: day(300), liquidationDeadline: day(390) },
      budgetLines: [{ lineId: 'housing', categories: ['lodging'], amountCents: 200_000 }],
    }).expect(201);
    reference = (await post('/survivor-references', t.adv!).expect(201)).body.reference;
  }, 60_000);
  afterAll(async () => api?.close());

  it('draws a lodging approval from the grant, and a grocery approval from general money, as the council card previewed', async () => {
    const lodging = await submit('lodging');
    const groceries = await submit('groceries');
    const card = (id: string) => api.http().get(`/fund-requests/${id}/approval-fund`).set('Authorization', `Bearer ${t.council}`).expect(200);
    expect((await card(lodging)).body).toEqual({ fundId: 'voca', choice: 'restricted_ending_first', decided: false, amountCents: 10_000 });
    expect((await card(groceries)).body).toEqual({ fundId: 'general', choice: 'protocol_default', decided: false, amountCents: 10_000 });
    await api.http().get(`/fund-requests/${lodging}/approval-fund`).set('Authorization', `Bearer ${t.adv}`).expect(403);
    await post(`/fund-requests/${lodging}/votes`, t.council!, { vote: 'approve', amountCents: 10_000 }).expect(200);
    await post(`/fund-requests/${groceries}/votes`, t.council!, { vote: 'approve', amountCents: 10_000 }).expect(200);
    const approvals = (await api.allEvents()).filter((e) => e.type === 'FundRequestApproved');
    const preview = (id: string) => api.http().get(`/fund-requests/${id}/approval-fund`).set('Authorization', `Bearer ${t.council}`).expect(200);
    expect((await preview(lodging)).body).toEqual({ fundId: 'voca', choice: 'restricted_ending_first', decided: true, amountCents: 10_000 });
    expect(approvals.map((e) => [e.streamId, (e.data as { fundId: string }).fundId, (e.data as { fundChoice: string }).fundChoice])).toEqual([
      [`fund-request-${lodging}`, 'voca', 'restricted_ending_first'],
      [`fund-request-${groceries}`, 'general', 'protocol_default'],
    ]);
    const budget = (await api.http().get('/funds/voca/restrictions').set('Authorization', `Bearer ${t.coord}`).expect(200)).body.budget;
    expect(budget[0]).toMatchObject({ lineId: 'housing', reservedCents: 10_000, remainingCents: 190_000 });
  });

  it('refuses, naming the rule, an approval that names the grant for what it does not allow, and writes nothing', async () => {
    const groceries = await submit('groceries');
    const before = (await api.allEvents()).length;
    const res = await post(`/fund-requests/${groceries}/votes`, t.council!, { vote: 'approve', amountCents: 10_000, fundId: 'voca' }).expect(422);
    expect(res.body).toMatchObject({ code: 'FUND.CATEGORY_NOT_ALLOWED', details: { rule: 'purpose.categories' } });
    expect((await api.allEvents()).length).toBe(before);
  });

  it('refuses a payment out of the grant by a method it does not allow', async () => {
    const lodging = await submit('lodging');
    await post(`/fund-requests/${lodging}/votes`, t.council!, { vote: 'approve', amountCents: 10_000 }).expect(200);
    const before = (await api.allEvents()).length;
    const res = await post(`/fund-requests/${lodging}/disbursements`, t.coord!, { source: 'money', amountCents: 2_000, paymentMethod: 'gift_card', giftCardFaceValueCents: 2_000 }).expect(422);
    expect(res.body.code).toBe('FUND.PAYMENT_METHOD_NOT_ALLOWED');
    expect((await api.allEvents()).length).toBe(before);
  });

  it("paces a grant's budget line on its own: a quarterly plan for the housing line, its money left no more than the line's", async () => {
    const quarter = `${day(0).slice(0, 4)}-${String(Math.floor((Number(day(0).slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}`;
    const res = await post('/funds/voca/spending-plan', t.coord!, { budgetLineId: 'housing', cadence: 'quarter', periods: [{ start: quarter, amountCents: 100_000 }], warnings: { lowBalanceCents: null, overPacePercent: 10 } }).expect(201);
    const line = (await api.http().get('/funds/voca/restrictions').set('Authorization', `Bearer ${t.coord}`).expect(200)).body.budget[0];
    expect(res.body).toMatchObject({ fundId: 'voca', budgetLineId: 'housing', cadence: 'quarter', remainingCents: line.remainingCents, toDate: { committedCents: line.reservedCents + line.spentCents }, warnings: [] });
  });

  it('closes out a grant on its last day: each reservation kept, moved or released by decision, nothing charged to it afterwards, the figures a report', async () => {
    await post('/funds', t.coord!, { fundId: 'ending', name: 'Ending grant', restricted: true }).expect(201);
    await post('/donations/monetary', t.coord!, { fundId: 'ending', amountCents: 100_000, restricted: true, donorKind: 'grant', receivedOn: day(-1) }).expect(201);
    await post('/funds/ending/restrictions', t.coord!, {
      purpose: { categories: ['lodging'], paymentMethods: ['vendor_payment'] },
      period: { firstDay: day(-30), lastDay: day(0), liquidationDeadline: day(60) },
      budgetLines: [{ lineId: 'stays', categories: ['lodging'], amountCents: 50_000 }],
      reference: 'Award 2026-X-1',
    }).expect(201);
    const [kept, moved, released] = [await submit('lodging'), await submit('lodging'), await submit('lodging')];
    for (const id of [kept, moved, released]) await post(`/fund-requests/${id}/votes`, t.council!, { vote: 'approve', amountCents: 10_000 }).expect(200);
    await post(`/fund-requests/${kept}/disbursements`, t.coord!, { source: 'money', amountCents: 4_000, paymentMethod: 'vendor_payment' }).expect(201);

    const before = (await api.allEvents()).length;
    const undecided = await post('/funds/ending/close-out', t.coord!, { decisions: [{ requestId: kept, action: 'keep' }] }).expect(422);
    expect(undecided.body).toMatchObject({ code: 'FUND.CLOSE_OUT_UNDECIDED', details: { undecided: 2 } });
    await post('/funds/ending/close-out', t.coord!, { decisions: [{ requestId: moved, action: 'move' }], otherwise: { action: 'release' } }).expect(400);
    await post('/funds/ending/close-out', t.council!, { decisions: [], otherwise: { action: 'release' } }).expect(403);
    await post('/funds/general/close-out', t.coord!, { decisions: [], otherwise: { action: 'release' } }).expect(422);
    await post('/funds/missing/close-out', t.coord!, { decisions: [], otherwise: { action: 'release' } }).expect(404);
    expect((await api.allEvents()).length).toBe(before);

    const closed = await post('/funds/ending/close-out', t.coord!, {
      decisions: [
        { requestId: kept, action: 'keep' },
        { requestId: moved, action: 'move', toFundId: 'voca' },
      ],
      otherwise: { action: 'release' },
      reference: 'Final report',
    }).expect(201);
    expect(closed.body).toMatchObject({
      fundId: 'ending',
      award: { reference: 'Award 2026-X-1', budgetCents: 50_000, receivedCents: 100_000 },
      period: { lastDay: day(0), liquidationDeadline: day(60) },
      closedOn: day(0),
      closeOutReference: 'Final report',
      lines: [{ lineId: 'stays', budgetCents: 50_000, spentCents: 4_000, keptCents: 6_000, releasedCents: 10_000, movedCents: 10_000, unspentCents: 40_000 }],
      movedTo: [{ fundId: 'voca', amountCents: 10_000 }],
      totals: { spentCents: 4_000, keptCents: 6_000, releasedCents: 10_000, movedCents: 10_000, unspentCents: 90_000 },
    });
    const written = (await api.allEvents()).slice(before).map((e) => [e.streamId, e.type]);
    expect(written).toEqual(
      expect.arrayContaining([
        ['fund-ending', 'GrantClosedOut'],
        [`fund-request-${moved}`, 'ReservationMovedToFund'],
        ['fund-voca', 'MoneyReserved'],
        [`fund-request-${released}`, 'GrantCommitmentReleased'],
      ]),
    );

    // The moved request is paid from the fund it moved to; the kept one from the grant until its deadline; the grant takes nothing new.
    await post(`/fund-requests/${moved}/disbursements`, t.coord!, { source: 'money', amountCents: 10_000, paymentMethod: 'vendor_payment' }).expect(201);
    expect((await api.allEvents()).filter((e) => e.type === 'MoneyDisbursed').at(-1)?.streamId).toBe('fund-voca');
    await post(`/fund-requests/${kept}/disbursements`, t.coord!, { source: 'money', amountCents: 6_000, paymentMethod: 'vendor_payment' }).expect(201);
    const another = await submit('lodging');
    const refused = await post(`/fund-requests/${another}/votes`, t.council!, { vote: 'approve', amountCents: 10_000, fundId: 'ending' }).expect(422);
    expect(refused.body.code).toBe('FUND.GRANT_CLOSED');
    const card = await api.http().get(`/fund-requests/${another}/approval-fund`).set('Authorization', `Bearer ${t.council}`).expect(200);
    expect(card.body.fundId).toBe('voca');
    await post('/funds/ending/close-out', t.coord!, { decisions: [], otherwise: { action: 'release' } }).expect(409);

    const report = await api.http().get('/funds/ending/close-out').set('Authorization', `Bearer ${t.auditor}`).expect(200);
    expect(report.body.totals).toEqual({ spentCents: 10_000, keptCents: 0, releasedCents: 10_000, movedCents: 10_000, unspentCents: 90_000 });
    const releasedRequest = await api.http().get(`/fund-requests/${released}`).set('Authorization', `Bearer ${t.coord}`).expect(200);
    expect(releasedRequest.body.status).toBe('closed');
  });
});
