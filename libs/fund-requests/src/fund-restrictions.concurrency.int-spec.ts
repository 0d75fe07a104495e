import { createTestDatabase, describeWithPostgres, type TestDatabase } from '@fund/event-sourcing/testing';
import { createTestApi, type TestApi } from '@fund/platform/testing';
import { DonationsModule } from '@fund/donations';
import { FundsModule } from '@fund/funds';
import { InventoryModule } from '@fund/inventory';
import { OrganizationsModule } from '@fund/organizations';
import { PrivacyModule } from '@fund/privacy';
import { DEMO_PROTOCOL_RULES, ProtocolsModule } from '@fund/protocols';
import { FundRequestsModule } from './fund-requests.module';

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * Approvals and payouts race against restricted funds' budget lines on real PostgreSQL, the way
 * fund-requests.concurrency.int-spec.ts races them against a fund's balance: whatever the
 * interleaving, no budget line is ever committed beyond its amount, and the fund-choice rule
 * spills over to general money exactly when the line is spent.
 */
describeWithPostgres('restricted funds under concurrency (PostgreSQL)', () => {
  let db: TestDatabase;
  let api: TestApi;
  const tokens: Record<string, string> = {};
  const post = (path: string, token: string, body?: object) => {
    const req = api.http().post(path).set('Authorization', `Bearer ${token}`);
    return body === undefined ? req : req.send(body);
  };
  const get = (path: string) => api.http().get(path).set('Authorization', `Bearer ${tokens.coord}`).expect(200);

  /** A client that retries when the server reports a lost race (409), as ours should. */
  async function postRetrying(path: string, token: string, body?: object) {
    for (let attempt = 0; ; attempt++) {
      const res = await post(path, token, body);
      if (res.status !== 409 || res.body.code !== 'EVENT_STORE.CONCURRENCY_CONFLICT' || attempt > 30) return res;
    }
  }

  const grant = (lastDayOffset: number, lineCents: number) => ({
    purpose: { categories: ['lodging', 'relocation'], paymentMethods: ['vendor_payment'] },
    period: { firstDay: day(-30), lastDay: day(lastDayOffset), liquidationDeadline: day(lastDayOffset + 90) },
    budgetLines: [{ lineId: 'housing', categories: ['lodging', 'relocation'], amountCents: lineCents }],
  });

  async function lodgingRequests(count: number): Promise<string[]> {
    const references: string[] = [];
    for (let i = 0; i < 4; i++) references.push((await post('/survivor-references', tokens.adv!).expect(201)).body.reference);
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const res = await post('/fund-requests', tokens.adv!, {
        survivorReference: references[i % references.length],
        category: 'lodging',
        amountCents: 10_000,
        paymentMethod: 'vendor_payment',
        urgency: 'urgent',
        neededBy: '2099-01-01',
      }).expect(201);
      ids.push(res.body.requestId);
    }
    return ids;
  }

  beforeAll(async () => {
    db = await createTestDatabase('restricted_conc');
    api = await createTestApi([ProtocolsModule, FundsModule, InventoryModule, DonationsModule, OrganizationsModule, PrivacyModule, FundRequestsModule], { databaseUrl: db.url });
    tokens.coord = await api.token({ role: 'coordinator', userId: 'coord-1', organizationId: 'coalition' });
    tokens.coord2 = await api.token({ role: 'coordinator', userId: 'coord-2', organizationId: 'coalition' });
    tokens.adv = await api.token({ role: 'provider', userId: 'adv-1', organizationId: 'org-a' });
    tokens.council = await api.token({ role: 'council', userId: 'c1', organizationId: 'org-b' });
    await post('/protocols/bootstrap', tokens.coord!, { version: '2026-1', title: 'Protocol', rules: { ...DEMO_PROTOCOL_RULES, defaultFundId: 'general' } }).expect(201);
    await post('/organizations', tokens.coord!, { organizationId: 'org-a', providerType: 'anti_trafficking_program', county: 'york' }).expect(201);
    for (const [fundId, restricted] of [['general', false], ['voca', true], ['county', true]] as const) {
      await post('/funds', tokens.coord!, { fundId, name: fundId, restricted }).expect(201);
      await post('/donations/monetary', tokens.coord!, { fundId, amountCents: 1_000_000, restricted, donorKind: 'anonymous', receivedOn: day(-1) }).expect(201);
    }
    // Money aplenty in every fund: the budget lines, not the balances, are what bind.
    await post('/funds/voca/restrictions', tokens.coord!, grant(365, 100_000)).expect(201);
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('approves exactly what a named fund\'s budget line holds, refuses the rest naming the rule, and pays each request at most once', async () => {
    const requestIds = await lodgingRequests(24);
    // A $1,000 line, 24 approvals of $100 naming the fund at once: exactly 10 fit.
    const votes = await Promise.all(requestIds.map((id) => postRetrying(`/fund-requests/${id}/votes`, tokens.council!, { vote: 'approve', amountCents: 10_000, fundId: 'voca' })));
    const approved = requestIds.filter((_, i) => votes[i]!.status === 200);
    const refused = votes.filter((v) => v.status === 422);
    expect(approved).toHaveLength(10);
    expect(refused).toHaveLength(14);
    refused.forEach((r) => expect(r.body).toMatchObject({ code: 'FUND.BUDGET_LINE_EXCEEDED', details: { rule: 'budgetLines', lineId: 'housing' } }));

    // Two coordinators race to pay each approved request $60 of its $100: one wins each time.
    const payouts = await Promise.all(
      approved.flatMap((id) => [tokens.coord!, tokens.coord2!].map((token) => postRetrying(`/fund-requests/${id}/disbursements`, token, { source: 'money', amountCents: 6_000, paymentMethod: 'vendor_payment' }))),
    );
    expect(payouts.filter((p) => p.status === 201)).toHaveLength(10);

    const { body } = await get('/funds/voca/restrictions');
    expect(body.budget).toEqual([{ lineId: 'housing', categories: ['lodging', 'relocation'], budgetCents: 100_000, reservedCents: 40_000, spentCents: 60_000, remainingCents: 0 }]);
    const events = await api.allEvents();
    const reservedOnLine = events.filter((e) => e.streamId === 'fund-voca' && e.type === 'MoneyReserved' && (e.data as { budgetLineId?: string }).budgetLineId === 'housing');
    expect(reservedOnLine).toHaveLength(10);
  }, 180_000);

  it('chooses the restricted fund ending first while its line lasts, then general money, never over the line', async () => {
    // A second grant ending sooner, with a $500 line: the rule draws on it first.
    await post('/funds/county/restrictions', tokens.coord!, grant(200, 50_000)).expect(201);
    const requestIds = await lodgingRequests(12);
    const votes = await Promise.all(requestIds.map((id) => postRetrying(`/fund-requests/${id}/votes`, tokens.council!, { vote: 'approve', amountCents: 10_000 })));
    expect(votes.map((v) => v.status)).toEqual(requestIds.map(() => 200));

    const events = await api.allEvents();
    const approvals = events.filter((e) => e.type === 'FundRequestApproved' && requestIds.some((id) => e.streamId === `fund-request-${id}`)).map((e) => e.data as { fundId: string; fundChoice: string });
    // voca's line was spent by the first test, so only county and then general can pay.
    expect(approvals.filter((a) => a.fundId === 'county')).toHaveLength(5);
    expect(approvals.filter((a) => a.fundId === 'general')).toHaveLength(7);
    approvals.forEach((a) => expect(a.fundChoice).toBe(a.fundId === 'general' ? 'protocol_default' : 'restricted_ending_first'));
    const county = (await get('/funds/county/restrictions')).body;
    expect(county.budget[0]).toMatchObject({ budgetCents: 50_000, reservedCents: 50_000, remainingCents: 0 });
    expect((await get('/funds/voca/restrictions')).body.budget[0].remainingCents).toBe(0);
  }, 180_000);

  it('races a close-out against approvals naming the grant: every approval is either in the close-out or refused, none charged after it', async () => {
    await post('/funds', tokens.coord!, { fundId: 'closing', name: 'closing', restricted: true }).expect(201);
    await post('/donations/monetary', tokens.coord!, { fundId: 'closing', amountCents: 1_000_000, restricted: true, donorKind: 'grant', receivedOn: day(-1) }).expect(201);
    await post('/funds/closing/restrictions', tokens.coord!, grant(0, 500_000)).expect(201);
    const requestIds = await lodgingRequests(12);
    const [close, ...votes] = await Promise.all([
      postRetrying('/funds/closing/close-out', tokens.coord!, { decisions: [], otherwise: { action: 'release' } }),
      ...requestIds.map((id) => postRetrying(`/fund-requests/${id}/votes`, tokens.council!, { vote: 'approve', amountCents: 10_000, fundId: 'closing' })),
    ]);
    expect(close!.status).toBe(201);
    votes.filter((v) => v.status !== 200).forEach((v) => expect(v.body).toMatchObject({ code: 'FUND.GRANT_CLOSED' }));
    const approved = requestIds.filter((_, i) => votes[i]!.status === 200);

    const fund = (await api.allEvents()).filter((e) => e.streamId === 'fund-closing');
    const closedAt = fund.findIndex((e) => e.type === 'GrantClosedOut');
    expect(fund.slice(closedAt + 1).filter((e) => e.type === 'MoneyReserved')).toEqual([]);
    const outcomes = (fund[closedAt]!.data as { outcomes: { requestId: string; action: string }[] }).outcomes;
    expect(outcomes.map((o) => o.requestId).sort()).toEqual([...approved].sort());
    expect(close!.body.totals).toMatchObject({ keptCents: 0, releasedCents: approved.length * 10_000, unspentCents: 1_000_000 });
    for (const id of approved) expect((await get(`/fund-requests/${id}`)).body.status).toBe('closed');
  }, 180_000);
});
