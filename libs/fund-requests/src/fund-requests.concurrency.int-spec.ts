import { createTestDatabase, describeWithPostgres, type TestDatabase } from '@fund/event-sourcing/testing';
import { createTestApi, type TestApi } from '@fund/platform/testing';
import { DonationsModule } from '@fund/donations';
import { FundsModule } from '@fund/funds';
import { InventoryModule } from '@fund/inventory';
import { OrganizationsModule } from '@fund/organizations';
import { PrivacyModule } from '@fund/privacy';
import { DEMO_PROTOCOL_RULES, ProtocolsModule } from '@fund/protocols';
import { FundRequestsModule } from './fund-requests.module';

/**
 * Many council approvals and payouts race against one small fund on real PostgreSQL. Whatever
 * interleaving happens, the fund is never over-committed nor negative, and every request's
 * story is consistent with the fund's.
 */
describeWithPostgres('fund requests under concurrency (PostgreSQL)', () => {
  let db: TestDatabase;
  let api: TestApi;
  const tokens: Record<string, string> = {};
  const post = (path: string, token: string, body?: object) => {
    const req = api.http().post(path).set('Authorization', `Bearer ${token}`);
    return body === undefined ? req : req.send(body);
  };

  /** A client that retries when the server reports a lost race (409), as ours should. */
  async function postRetrying(path: string, token: string, body?: object) {
    for (let attempt = 0; ; attempt++) {
      const res = await post(path, token, body);
      if (res.status !== 409 || res.body.code !== 'EVENT_STORE.CONCURRENCY_CONFLICT' || attempt > 20) return res;
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase('fund_conc');
    api = await createTestApi([ProtocolsModule, FundsModule, InventoryModule, DonationsModule, OrganizationsModule, PrivacyModule, FundRequestsModule], {
      databaseUrl: db.url,
    });
    tokens.coord = await api.token({ role: 'coordinator', userId: 'coord-1', organizationId: 'coalition' });
    tokens.coord2 = await api.token({ role: 'coordinator', userId: 'coord-2', organizationId: 'coalition' });
    tokens.adv = await api.token({ role: 'provider', userId: 'adv-1', organizationId: 'org-a' });
    tokens.council = await api.token({ role: 'council', userId: 'c1', organizationId: 'org-b' });
    await post('/protocols/bootstrap', tokens.coord!, { version: '2026-1', title: 'Protocol', rules: { ...DEMO_PROTOCOL_RULES, defaultFundId: 'small' } }).expect(201);
    await post('/funds', tokens.coord!, { fundId: 'small', name: 'Small fund', restricted: false }).expect(201);
    await post('/donations/monetary', tokens.coord!, { fundId: 'small', amountCents: 100_000, restricted: false, donorKind: 'anonymous', receivedOn: '2026-01-02' }).expect(201);
    await post('/organizations', tokens.coord!, { organizationId: 'org-a', providerType: 'anti_trafficking_program', county: 'york' }).expect(201);
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('approves exactly what the fund holds, pays each request at most its approval, and never goes negative', async () => {
    const references: string[] = [];
    for (let i = 0; i < 3; i++) references.push((await post('/survivor-references', tokens.adv!).expect(201)).body.reference);
    const requestIds: string[] = [];
    for (let i = 0; i < 24; i++) {
      const res = await post('/fund-requests', tokens.adv!, {
        survivorReference: references[i % 3],
        category: 'lodging',
        amountCents: 10_000,
        paymentMethod: 'vendor_payment',
        urgency: 'urgent',
        neededBy: '2099-01-01',
      }).expect(201);
      requestIds.push(res.body.requestId);
    }

    // $1,000 in the fund, 24 requests of $100 approved at once: exactly 10 can be.
    const votes = await Promise.all(requestIds.map((id) => postRetrying(`/fund-requests/${id}/votes`, tokens.council!, { vote: 'approve', amountCents: 10_000 })));
    const approved = requestIds.filter((_, i) => votes[i]!.status === 200);
    const refused = votes.filter((v) => v.status === 422);
    expect(approved).toHaveLength(10);
    expect(refused).toHaveLength(14);
    refused.forEach((r) => expect(r.body.code).toBe('FUND.INSUFFICIENT_FUNDS'));

    // Two coordinators race to pay each approved request $60 of its $100: one wins each time.
    const payouts = await Promise.all(
      approved.flatMap((id) =>
        [tokens.coord!, tokens.coord2!].map((token) => postRetrying(`/fund-requests/${id}/disbursements`, token, { source: 'money', amountCents: 6_000, paymentMethod: 'vendor_payment' })),
      ),
    );
    expect(payouts.filter((p) => p.status === 201)).toHaveLength(10);
    payouts.filter((p) => p.status !== 201).forEach((p) => expect(p.body.code).toBe('FUND_REQUEST.OVER_APPROVED_AMOUNT'));

    const fund = (await api.http().get('/funds/small').set('Authorization', `Bearer ${tokens.coord}`).expect(200)).body;
    expect(fund).toMatchObject({ receivedCents: 100_000, disbursedCents: 60_000, reservedCents: 40_000, availableCents: 0, balanceCents: 40_000 });

    // Each request's own story agrees with the fund's.
    const events = await api.allEvents();
    const fundEvents = events.filter((e) => e.streamId === 'fund-small');
    for (const id of requestIds) {
      const requestEvents = events.filter((e) => e.streamId === `fund-request-${id}`).map((e) => e.type);
      const reserved = fundEvents.filter((e) => e.type === 'MoneyReserved' && (e.data as { requestId: string }).requestId === id).length;
      const paid = fundEvents.filter((e) => e.type === 'MoneyDisbursed' && (e.data as { requestId: string }).requestId === id).length;
      expect(reserved).toBe(requestEvents.includes('FundRequestApproved') ? 1 : 0);
      expect(paid).toBe(requestEvents.filter((t) => t === 'DisbursementRecorded').length);
    }
  }, 120_000);
});
