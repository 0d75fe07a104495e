import * as crypto from 'node:crypto';
import { DonationsModule } from '@fund/donations';
import { SubscriptionRunner, type SqlDatabase } from '@fund/event-sourcing';
import { FundRequestsModule } from '@fund/fund-requests';
import { FundsModule } from '@fund/funds';
import { InventoryModule } from '@fund/inventory';
import { OrganizationsModule } from '@fund/organizations';
import { READ_DATABASE } from '@fund/platform';
import { createTestApi, type TestApi } from '@fund/platform/testing';
import { PrivacyModule } from '@fund/privacy';
import { DEMO_PROTOCOL_RULES, ProtocolsModule } from '@fund/protocols';
import { AuditLedgerModule } from '../audit-ledger.module';
import { AuditLedgerProjection } from '../ledger.projection';
import type { ClosedPeriod } from './closed-periods.reader';

/** The month `back` months before the current one (UTC), written YYYY-MM. */
function monthsAgo(back: number): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  return d.toISOString().slice(0, 7);
}

/** A CSV row split as RFC 4180 reads it (quoted cells may hold commas and doubled quotes). */
function csvCells(row: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < row.length; i++) {
    const c = row[i]!;
    if (quoted && c === '"' && row[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else {
      cell += c;
    }
  }
  cells.push(cell);
  return cells;
}

/** JCS for this shape (ASCII keys and codes, safe integers): keys sorted at every depth, no spaces. */
function jcs(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jcs).join(',')}]`;
  const o = value as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${jcs(o[k])}`)
    .join(',')}}`;
}

describe('period close over HTTP (embedded store)', () => {
  let api: TestApi;
  const t: Record<string, string> = {};
  const closedMonth = monthsAgo(2);
  const openMonth = monthsAgo(1);
  const post = (path: string, who: string, body?: object) => api.http().post(path).set('Authorization', `Bearer ${t[who]}`).send(body);
  const get = (path: string, who: string) => api.http().get(path).set('Authorization', `Bearer ${t[who]}`);
  const project = () => new SubscriptionRunner(api.store, api.app.get<SqlDatabase>(READ_DATABASE), api.app.get(AuditLedgerProjection)).catchUp();

  beforeAll(async () => {
    api = await createTestApi([PrivacyModule, ProtocolsModule, OrganizationsModule, FundsModule, DonationsModule, InventoryModule, FundRequestsModule, AuditLedgerModule]);
    for (const [userId, role, organizationId] of [
      ['coordinator', 'coordinator', 'coalition'],
      ['auditor', 'auditor', 'coalition'],
      ['advocate', 'provider', 'ssac-portland'],
      ['member', 'council', 'dv-bangor'],
    ] as const) {
      t[userId] = await api.token({ userId, role, organizationId });
    }
    await post('/protocols/bootstrap', 'coordinator', { version: '2026-1', title: 'Emergency fund protocol', rules: DEMO_PROTOCOL_RULES }).expect(201);
    await post('/funds', 'coordinator', { fundId: 'general', name: 'General donations', restricted: false }).expect(201);
    await post('/donations/monetary', 'coordinator', { fundId: 'general', amountCents: 120_000, restricted: false, donorKind: 'individual', receivedOn: `${closedMonth}-10` }).expect(201);
    await post('/donations/in-kind', 'coordinator', {
      donorKind: 'organization',
      receivedOn: `${closedMonth}-12`,
      items: [{ itemId: 'bus-pass-monthly', kind: 'bus_pass', category: 'transportation', quantity: 2, unitValueCents: 4_000, valuationMethod: 'face_value', serials: ['BP-1', 'BP-2'] }],
    }).expect(201);
    await post('/donations/monetary', 'coordinator', { fundId: 'general', amountCents: 3_000, restricted: false, donorKind: 'organization', receivedOn: `${openMonth}-03` }).expect(201);
  }, 120_000);
  afterAll(async () => api?.close());

  it('lets only a coordinator close a period, with a valid body', async () => {
    await post('/ledger/periods', 'auditor', { kind: 'month', period: closedMonth }).expect(403);
    await post('/ledger/periods', 'member', { kind: 'month', period: closedMonth }).expect(403);
    const bad = await post('/ledger/periods', 'coordinator', { kind: 'quarter', period: '2026-13' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('kind');
    expect(JSON.stringify(bad.body)).toContain('period');
  });

  it('refuses the month in progress, naming the rule and when it can close', async () => {
    const thisMonth = monthsAgo(0);
    const refused = await post('/ledger/periods', 'coordinator', { kind: 'month', period: thisMonth }).expect(422);
    expect(refused.body).toMatchObject({ code: 'PERIOD.NOT_ENDED' });
  });

  it('closes a month once, then refuses every entry dated in it and writes nothing', async () => {
    const closed = await post('/ledger/periods', 'coordinator', { kind: 'month', period: closedMonth }).expect(201);
    expect(closed.body).toMatchObject({ kind: 'month', period: closedMonth, from: `${closedMonth}-01` });
    const again = await post('/ledger/periods', 'coordinator', { kind: 'month', period: closedMonth }).expect(409);
    expect(again.body).toMatchObject({ code: 'PERIOD.ALREADY_CLOSED' });

    const before = (await get('/funds/general', 'coordinator').expect(200)).body;
    const late = await post('/donations/monetary', 'coordinator', { fundId: 'general', amountCents: 5_000, restricted: false, donorKind: 'individual', receivedOn: `${closedMonth}-20` }).expect(422);
    expect(late.body).toMatchObject({ code: 'PERIOD.CLOSED', details: { effectiveDate: `${closedMonth}-20`, period: closedMonth } });
    const lateGoods = await post('/donations/in-kind', 'coordinator', {
      donorKind: 'organization',
      receivedOn: `${closedMonth}-28`,
      items: [{ itemId: 'winter-coat', kind: 'goods', category: 'winter_gear', quantity: 1, unitValueCents: 6_000, valuationMethod: 'fair_market_value', serials: [] }],
    }).expect(422);
    expect(lateGoods.body).toMatchObject({ code: 'PERIOD.CLOSED' });
    await get('/stock/winter-coat', 'coordinator').expect(404);
    expect((await get('/funds/general', 'coordinator').expect(200)).body).toEqual(before);

    // The correction goes in the open period.
    await post('/donations/monetary', 'coordinator', { fundId: 'general', amountCents: 5_000, restricted: false, donorKind: 'individual', receivedOn: `${openMonth}-20` }).expect(201);
  });

  it('journals the close as an entry of the chain sealing the trial balance, which an auditor recomputes from a later export', async () => {
    await project();
    const list = await get('/ledger/periods', 'auditor').expect(200);
    await get('/ledger/periods', 'coordinator').expect(200);
    await get('/ledger/periods', 'advocate').expect(403);
    const periods = list.body.periods as ClosedPeriod[];
    expect(periods).toHaveLength(1);
    const [period] = periods;
    expect(period).toMatchObject({ kind: 'month', period: closedMonth, ledgerStillAgrees: true, totalDebitCents: 128_000, totalCreditCents: 128_000 });
    expect(period!.trialBalance).toEqual([
      { account: 'cash:general', debitCents: 120_000, creditCents: 0 },
      // The revenue accounts' codes may carry a valuation or net asset class after the category.
      { account: expect.stringMatching(/^donations:in-kind:transportation/), debitCents: 0, creditCents: 8_000 },
      { account: expect.stringMatching(/^donations:monetary:individual/), debitCents: 0, creditCents: 120_000 },
      { account: 'stock:bus-pass-monthly', debitCents: 8_000, creditCents: 0 },
    ]);

    const entries = (await get('/ledger?limit=1000', 'auditor').expect(200)).body.entries as { eventType: string; canonicalFormat: number; closing?: object; lines: unknown[]; hash: string; seq: number }[];
    const closing = entries.find((e) => e.eventType === 'PeriodClosed')!;
    expect(closing).toMatchObject({ canonicalFormat: 3, lines: [], hash: period!.entryHash, seq: period!.entrySeq });
    expect(closing.closing).toEqual({ kind: 'month', period: closedMonth, from: period!.from, to: period!.to, trialBalanceDigest: period!.trialBalanceDigest });
    expect((await get('/ledger/verify', 'auditor').expect(200)).body).toMatchObject({ ok: true, firstBroken: null });

    // The auditor's procedure (docs/auditors-guide.md), on the CSV exported after the close and after more entries.
    const csv = (await get('/ledger/export.csv?from=2000-01-01&to=2099-12-31', 'auditor').buffer(true).expect(200)).text.trim().split(/\r?\n/);
    const header = csvCells(csv[0]!);
    const col = (name: string) => header.indexOf(name);
    const sums = new Map<string, { debitCents: number; creditCents: number }>();
    for (const row of csv.slice(1).map(csvCells)) {
      if (row[col('effective_date')]! > period!.to) continue;
      const account = row[col('account')]!;
      const s = sums.get(account) ?? { debitCents: 0, creditCents: 0 };
      sums.set(account, { debitCents: s.debitCents + Number(row[col('debit_cents')]), creditCents: s.creditCents + Number(row[col('credit_cents')]) });
    }
    const lines = [...sums].sort(([a], [b]) => (a < b ? -1 : 1)).map(([account, s]) => ({ account, ...s }));
    const text = jcs({ format: 'survivor-fund/trial-balance/1', kind: period!.kind, period: period!.period, from: period!.from, to: period!.to, lines });
    expect(crypto.createHash('sha256').update(text).digest('hex')).toBe(period!.trialBalanceDigest);
  });
});
