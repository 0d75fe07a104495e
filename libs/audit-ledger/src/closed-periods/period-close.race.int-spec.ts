import { DonationsModule } from '@fund/donations';
import { SubscriptionRunner, type LogPosition, type RecordedEvent, type SqlDatabase } from '@fund/event-sourcing';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '@fund/event-sourcing/testing';
import { FundsModule } from '@fund/funds';
import { InventoryModule } from '@fund/inventory';
import { laterPosition, parsePosition, READ_DATABASE } from '@fund/platform';
import { createTestApi, type TestApi } from '@fund/platform/testing';
import { PrivacyModule } from '@fund/privacy';
import { DEMO_PROTOCOL_RULES, ProtocolsModule } from '@fund/protocols';
import { AuditLedgerModule } from '../audit-ledger.module';
import { AuditLedgerProjection } from '../ledger.projection';
import type { ClosedPeriod } from './closed-periods.reader';

function monthsAgo(back: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
}

/**
 * A close and gifts dated in the month it closes race on real PostgreSQL. Whatever the
 * interleaving, every gift dated in a month either landed before that month's close in the
 * global order (so its closing trial balance counts it) or was refused PERIOD.CLOSED with nothing
 * written; never one after the close.
 */
describeWithPostgres('period close racing dated entries (PostgreSQL)', () => {
  let db: TestDatabase;
  let api: TestApi;
  const tokens: Record<string, string> = {};
  const post = (path: string, token: string, body?: object) => api.http().post(path).set('Authorization', `Bearer ${token}`).send(body);

  beforeAll(async () => {
    db = await createTestDatabase('period_race');
    api = await createTestApi([ProtocolsModule, FundsModule, InventoryModule, DonationsModule, PrivacyModule, AuditLedgerModule], { databaseUrl: db.url });
    tokens.coord = await api.token({ role: 'coordinator', userId: 'coord-1', organizationId: 'coalition' });
    tokens.coord2 = await api.token({ role: 'coordinator', userId: 'coord-2', organizationId: 'coalition' });
    tokens.auditor = await api.token({ role: 'auditor', userId: 'aud-1', organizationId: 'coalition' });
    await post('/protocols/bootstrap', tokens.coord!, { version: '2026-1', title: 'Protocol', rules: DEMO_PROTOCOL_RULES }).expect(201);
    await post('/funds', tokens.coord!, { fundId: 'general', name: 'General', restricted: false }).expect(201);
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('never admits a gift dated in a month after that month has closed', async () => {
    const months = [5, 4, 3, 2].map(monthsAgo);
    const outcomes: { month: string; status: number; code?: string }[] = [];
    let written: LogPosition | undefined;
    const note = (res: { headers: Record<string, string | undefined> }) => {
      const at = parsePosition(res.headers['x-position'] ?? '');
      if (at) written = laterPosition(written, at);
    };
    for (const month of months) {
      const gifts = Array.from({ length: 12 }, (_, i) =>
        post('/donations/monetary', tokens.coord2!, { fundId: 'general', amountCents: 1_000 + i, restricted: false, donorKind: 'individual', receivedOn: `${month}-${String(10 + i).padStart(2, '0')}` }),
      );
      // The close starts in the middle of the gifts.
      const [closed, ...answers] = await Promise.all([new Promise((r) => setTimeout(r, 5)).then(() => post('/ledger/periods', tokens.coord!, { kind: 'month', period: month })), ...gifts]);
      expect(closed!.status).toBe(201);
      for (const res of [closed!, ...answers]) note(res);
      for (const a of answers) outcomes.push({ month, status: a.status, code: a.body.code });
    }
    // Each gift either recorded or refused by the rule, never a server error or an unresolved race.
    for (const o of outcomes) expect([201, 422]).toContain(o.status);
    for (const o of outcomes.filter((x) => x.status === 422)) expect(o.code).toBe('PERIOD.CLOSED');

    // Everything written must be visible before the log is read: another client's open
    // transaction on the server hides newer events for a while (the store's fence).
    const ledger = new SubscriptionRunner(api.store, api.app.get<SqlDatabase>(READ_DATABASE), api.app.get(AuditLedgerProjection));
    expect(written).toBeDefined();
    await ledger.catchUp(undefined, written);
    const events: RecordedEvent[] = [];
    for (let after: RecordedEvent['position'] | undefined; ; ) {
      const batch = await api.store.readAll({ ...(after ? { after } : {}), limit: 1000 });
      if (batch.length === 0) break;
      events.push(...batch);
      after = batch.at(-1)!.position;
    }
    const closeAt = new Map(events.filter((e) => e.type === 'PeriodClosed').map((e) => [(e.data as { period: string }).period, e.globalPosition]));
    const gifts = events.filter((e) => e.type === 'MonetaryDonationRecorded');
    for (const gift of gifts) {
      const month = (gift.data as { receivedOn: string }).receivedOn.slice(0, 7);
      expect({ month, before: gift.globalPosition < closeAt.get(month)! }).toEqual({ month, before: true });
    }
    // Every gift answered 201 is stored, every refused one is not.
    expect(gifts).toHaveLength(outcomes.filter((o) => o.status === 201).length);
    // eslint-disable-next-line no-console
    console.log(`period race: ${outcomes.filter((o) => o.status === 201).length} gifts recorded before their month closed, ${outcomes.filter((o) => o.status === 422).length} refused PERIOD.CLOSED`);

    await ledger.catchUp();
    const periods = (await api.http().get('/ledger/periods').set('Authorization', `Bearer ${tokens.auditor}`).expect(200)).body.periods as ClosedPeriod[];
    expect(periods.map((p) => [p.period, p.ledgerStillAgrees])).toEqual(months.map((m) => [m, true]));
    // Each month's closing trial balance holds exactly the gifts recorded up to its end.
    for (const p of periods) {
      const expected = gifts.filter((g) => (g.data as { receivedOn: string }).receivedOn <= p.to).reduce((s, g) => s + (g.data as { amountCents: number }).amountCents, 0);
      expect(p.trialBalance.find((l) => l.account === 'cash:general')?.debitCents ?? 0).toBe(expected);
    }
  }, 120_000);
});
