import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { DonationsModule } from '@fund/donations';
import type { CommandContext } from '@fund/event-sourcing';
import { FundsModule } from '@fund/funds';
import { InventoryModule } from '@fund/inventory';
import { OrganizationsModule } from '@fund/organizations';
import { createTestApi, type TestApi } from '@fund/platform/testing';
import { PrivacyModule } from '@fund/privacy';
import { DEMO_PROTOCOL_RULES, ProtocolsModule } from '@fund/protocols';
import { CastRequestVoteCommand } from '../cast-vote/cast-vote.command';
import type { CastVoteDto } from '../cast-vote/cast-vote.dto';
import { FundRequestsModule } from '../fund-requests.module';
import { SubmitFundRequestCommand } from '../submit-fund-request/submit-fund-request.command';
import type { SubmitFundRequestDto } from '../submit-fund-request/submit-fund-request.dto';

/**
 * A payment dated (paidOn) in a month that has since closed is refused, naming the rule, and
 * nothing is written; dated in a later month that is still open, it is recorded. The request is
 * submitted and approved back then through the command bus with that day's clock (the http edge
 * always reads the real one).
 */
describe('a payment dated in a closed month (embedded store)', () => {
  let api: TestApi;
  const t: Record<string, string> = {};
  const post = (path: string, who: string, body?: object) => api.http().post(path).set('Authorization', `Bearer ${t[who]}`).send(body);
  const get = (path: string, who: string) => api.http().get(path).set('Authorization', `Bearer ${t[who]}`);
  const at = (now: string, userId: string, role: CommandContext['actor']['role'], organizationId: string): CommandContext => ({
    actor: { userId, role, organizationId },
    correlationId: randomUUID(),
    now: new Date(now),
  });
  const month = (back: number) => {
    const n = new Date();
    return new Date(Date.UTC(n.getUTCFullYear(), n.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
  };
  const closedMonth = month(2);
  const openMonth = month(1);
  let requestId: string;

  beforeAll(async () => {
    api = await createTestApi([PrivacyModule, ProtocolsModule, OrganizationsModule, FundsModule, DonationsModule, InventoryModule, FundRequestsModule]);
    t.coord = await api.token({ userId: 'coord-1', role: 'coordinator', organizationId: 'coalition' });
    t.adv = await api.token({ userId: 'adv-1', role: 'provider', organizationId: 'org-a' });
    await post('/protocols/bootstrap', 'coord', { version: '2026-1', title: 'Protocol', rules: DEMO_PROTOCOL_RULES }).expect(201);
    await post('/funds', 'coord', { fundId: 'general', name: 'General', restricted: false }).expect(201);
    await post('/donations/monetary', 'coord', { fundId: 'general', amountCents: 100_000, restricted: false, donorKind: 'individual', receivedOn: `${closedMonth}-02` }).expect(201);
    await post('/organizations', 'coord', { organizationId: 'org-a', providerType: 'other', county: 'york' }).expect(201);
    const reference = (await post('/survivor-references', 'adv').expect(201)).body.reference as string;

    const bus = api.app.get(CommandBus);
    requestId = randomUUID();
    await bus.execute(
      new SubmitFundRequestCommand(
        requestId,
        { survivorReference: reference, category: 'lodging', amountCents: 30_000, paymentMethod: 'vendor_payment', urgency: 'standard', neededBy: '2099-01-01' } as SubmitFundRequestDto,
        at(`${closedMonth}-05T10:00:00Z`, 'adv-1', 'provider', 'org-a'),
      ),
    );
    for (const [member, org] of [
      ['c1', 'org-b'],
      ['c2', 'org-c'],
    ] as const) {
      await bus.execute(new CastRequestVoteCommand(requestId, { vote: 'approve', amountCents: 30_000 } as CastVoteDto, at(`${closedMonth}-06T10:00:00Z`, member, 'council', org)));
    }
    await post('/ledger/periods', 'coord', { kind: 'month', period: closedMonth }).expect(201);
  }, 120_000);
  afterAll(async () => api?.close());

  it('refuses a payment paid on a day of the closed month with 422 PERIOD.CLOSED and writes nothing', async () => {
    const fundBefore = (await get('/funds/general', 'coord').expect(200)).body;
    const requestBefore = (await get(`/fund-requests/${requestId}`, 'coord').expect(200)).body;
    const refused = await post(`/fund-requests/${requestId}/disbursements`, 'coord', { source: 'money', amountCents: 10_000, paymentMethod: 'vendor_payment', paidOn: `${closedMonth}-20` }).expect(422);
    expect(refused.body).toMatchObject({ code: 'PERIOD.CLOSED', details: { effectiveDate: `${closedMonth}-20`, period: closedMonth } });
    expect((await get('/funds/general', 'coord').expect(200)).body).toEqual(fundBefore);
    expect((await get(`/fund-requests/${requestId}`, 'coord').expect(200)).body).toEqual(requestBefore);
  });

  it('records the same payment dated in the month after, which is still open', async () => {
    await post(`/fund-requests/${requestId}/disbursements`, 'coord', { source: 'money', amountCents: 10_000, paymentMethod: 'vendor_payment', paidOn: `${openMonth}-03` }).expect(201);
  });
});
