import { createTestApi, type TestApi } from '@fund/platform/testing';
import { DonationsModule } from '@fund/donations';
import { FundsModule } from '@fund/funds';
import { InventoryModule } from '@fund/inventory';
import { OrganizationsModule } from '@fund/organizations';
import { NarrativeVault, PrivacyModule } from '@fund/privacy';
import { DEMO_PROTOCOL_RULES, ProtocolsModule } from '@fund/protocols';
import { FundRequestsModule, FundRequestsWorkerModule } from '../fund-requests.module';
import { NarrativeRetention } from './narrative-retention';

describe('narrative retention (crypto-shredding on the protocol schedule)', () => {
  let api: TestApi;
  const t: Record<string, string> = {};
  const post = (path: string, who: string, body?: object) => api.http().post(path).set('Authorization', `Bearer ${t[who]}`).send(body);

  beforeAll(async () => {
    api = await createTestApi([ProtocolsModule, FundsModule, InventoryModule, DonationsModule, OrganizationsModule, PrivacyModule, FundRequestsModule, FundRequestsWorkerModule]);
    t.coord = await api.token({ role: 'coordinator' });
    t.adv = await api.token({ role: 'provider', userId: 'adv-1', organizationId: 'org-a' });
    await post('/protocols/bootstrap', 'coord', { version: '2026-1', title: 'P', rules: { ...DEMO_PROTOCOL_RULES, narrativeRetentionDays: 90 } }).expect(201);
    await post('/organizations', 'coord', { organizationId: 'org-a', providerType: 'other', county: 'york' }).expect(201);
  }, 60_000);
  afterAll(async () => api?.close());

  it('shreds only narratives of requests that ended longer ago than the retention period, once', async () => {
    const reference = (await post('/survivor-references', 'adv').expect(201)).body.reference;
    const submit = async () =>
      (await post('/fund-requests', 'adv', { survivorReference: reference, category: 'hygiene', amountCents: 2_500, paymentMethod: 'vendor_payment', urgency: 'standard', neededBy: '2099-01-01', narrative: 'RETENTION-MARKER soap and towels' }).expect(201)).body
        .requestId as string;
    const ended = await submit();
    const open = await submit();
    await post(`/fund-requests/${ended}/withdrawal`, 'adv').expect(200);

    const sweeper = api.app.get(NarrativeRetention);
    const vault = api.app.get(NarrativeVault);
    expect(await sweeper.sweep(new Date(Date.now() + 89 * 86_400_000))).toEqual([]);
    expect(await sweeper.sweep(new Date(Date.now() + 91 * 86_400_000))).toEqual([ended]);
    expect(await vault.read(ended, 'narrative')).toEqual({ status: 'redacted' });
    expect((await vault.read(open, 'narrative')).status).toBe('present');
    expect(await sweeper.sweep(new Date(Date.now() + 92 * 86_400_000))).toEqual([]);

    const shredEvents = (await api.allEvents()).filter((e) => e.type === 'NarrativeShredded');
    expect(shredEvents.map((e) => [e.streamId, e.data])).toEqual([[`fund-request-${ended}`, { reason: 'retention' }]]);
    expect(shredEvents[0]!.metadata.actor).toMatchObject({ role: 'system', userId: 'narrative-retention' });
  });
});
