import { PgliteDatabase, runUnitOfWork, SqlEventStore, SubscriptionRunner, type SqlDatabase } from '@fund/event-sourcing';
import { stockDecider, stockSalePlan, stockStreamId, type StockEvent, type StockReceived, type StockState } from '@fund/inventory';
import { generateHistory } from '../../../../bench/lib/fund-history';
import type { LedgerEntry } from '../ledger.canonical';
import { AuditLedgerProjection } from '../ledger.projection';
import { LedgerReader } from '../ledger.reader';
import { fetchEntries } from '../ledger.rows';
import { budgetVersusActual, fundPositions, inKindDisclosure, statementOfActivities, trialBalanceOf, type FundFacts, type StatementPeriod } from './statements';

/**
 * A generated year of the fund (the bench generator: the real deciders, three restricted grants,
 * gifts in money and in kind, payments, voids, write-offs), journaled by the real projection;
 * then, for several periods, the statements must agree with each other and with the trial
 * balance to the cent.
 */
const CATEGORIES = ['groceries', 'lodging', 'transportation', 'phone_card', 'hygiene', 'clothing', 'winter_gear', 'relocation', 'identity_documents', 'childcare', 'medical', 'other_basic_needs'];
const RESTRICTED = ['voca-2026', 'state-grant-2026', 'housing-restricted'];
const PERIODS: readonly StatementPeriod[] = [
  { from: '2025-10-01', to: '2025-12-31' },
  { from: '2026-01-01', to: '2026-03-31' },
  { from: '2025-10-01', to: '2026-03-31' },
  { from: '2025-11-17', to: '2026-02-03' },
  { from: '2025-10-01', to: '2026-09-30' },
];

describe('statements tie out over a generated year', () => {
  let db: SqlDatabase;
  let store: SqlEventStore;
  let entries: LedgerEntry[];
  let funds: FundFacts[];

  beforeAll(async () => {
    db = await PgliteDatabase.open();
    store = await SqlEventStore.create(db);
    await generateHistory(store, { events: 6_000, days: 365, concurrency: 4, seed: 16 });
    await sellSomeDonatedStock(store);
    const runner = new SubscriptionRunner(store, db, new AuditLedgerProjection(), { batchSize: 500 });
    await runner.prepare();
    await runner.catchUp();
    entries = await fetchEntries(db, { limit: 1_000_000 });
    // The generator sets no restrictions on its grants: give each one line per pair of categories, so every payment falls on a line.
    funds = [...new Set(entries.map((e) => e.fundId).filter((f): f is string => f !== null))].map((fundId) => ({
      fundId,
      name: fundId,
      restricted: RESTRICTED.includes(fundId),
      awardReference: RESTRICTED.includes(fundId) ? `award-${fundId}` : null,
      periodOfPerformance: RESTRICTED.includes(fundId) ? { firstDay: '2025-10-01', lastDay: '2026-09-30', liquidationDeadline: '2026-12-29' } : null,
      budgetLines: RESTRICTED.includes(fundId)
        ? Array.from({ length: CATEGORIES.length / 2 }, (_, i) => ({ lineId: `line-${i + 1}`, categories: CATEGORIES.slice(2 * i, 2 * i + 2), amountCents: 5_000_000 }))
        : [],
    }));
  }, 600_000);
  afterAll(async () => store?.close());

  it('is a history worth checking: restricted gifts, releases, voids, gifts in kind (the generator writes off no stock; the pure spec covers write-offs)', () => {
    const accounts = new Set(entries.flatMap((e) => e.lines.map((l) => l.account.split(':').slice(0, 2).join(':'))));
    expect(entries.length).toBeGreaterThan(1_000);
    const missing = ['donations:monetary', 'donations:in-kind', 'net-asset-release:voca-2026', 'assistance:groceries'].filter((p) => ![...accounts].some((a) => a.startsWith(p)));
    expect({ missing, accounts: [...accounts].sort() }).toEqual({ missing: [], accounts: expect.any(Array) });
    expect(entries.some((e) => e.eventType === 'DisbursementVoided')).toBe(true);
    // Sales of donated stock (issue 16): at, above and below the recorded value.
    const sales = entries.filter((e) => e.eventType === 'StockSold');
    expect(sales.length).toBeGreaterThanOrEqual(3);
    expect(sales.some((e) => e.lines.some((l) => l.account.startsWith('gain-on-sale:'))) && sales.some((e) => e.lines.some((l) => l.account.startsWith('loss-on-sale:')))).toBe(true);
    expect(entries.some((e) => e.lines.some((l) => l.account.endsWith(':with-donor-restrictions') && l.account.startsWith('donations:')))).toBe(true);
  });

  it.each(PERIODS)('agrees with itself and the trial balance from $from to $to', (period) => {
    const activities = statementOfActivities(entries, period);
    const positions = fundPositions(entries, period, funds);
    const budgets = budgetVersusActual(entries, period, funds);
    const inKind = inKindDisclosure(entries, period);
    const tb = trialBalanceOf(entries, period.to);
    const tbSum = (test: (account: string) => boolean) => [...tb].filter(([a]) => test(a)).reduce((s, [, v]) => s + v, 0);

    // The trial balance balances, and its assets are the net assets of both statements.
    expect(tbSum(() => true)).toBe(0);
    const assets = tbSum((a) => a.startsWith('cash:') || a.startsWith('stock:'));
    expect(activities.netAssetsEnding.totalCents).toBe(assets);
    expect(positions.totals.netAssetsCents).toBe(assets);
    expect(activities.netAssetsEnding.withRestrictionsCents).toBe(positions.totals.withRestrictionsCents);
    expect(activities.netAssetsEnding.withoutRestrictionsCents).toBe(positions.totals.withoutRestrictionsCents);
    // Revenue less expenses is the change; releases move money between the classes and net to zero.
    expect(activities.releasesFromRestriction.totalCents).toBe(0);
    expect(activities.changeInNetAssets.totalCents).toBe(activities.totalRevenueAndSupport.totalCents - activities.totalExpenses.totalCents);
    expect(activities.netAssetsEnding.totalCents).toBe(activities.netAssetsBeginning.totalCents + activities.changeInNetAssets.totalCents);
    const dayBefore = new Date(Date.parse(`${period.from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const before = trialBalanceOf(entries, dayBefore);
    expect(activities.netAssetsBeginning.totalCents).toBe([...before].filter(([a]) => a.startsWith('cash:') || a.startsWith('stock:')).reduce((s, [, v]) => s + v, 0));
    // Each fund's cash and commitments are its accounts' balances; restricted money is never negative, and only grants hold it.
    for (const f of positions.funds) {
      expect(f.closingCashCents).toBe(tb.get(`cash:${f.fundId}`) ?? 0);
      expect(f.committedCents).toBe(0 - (tb.get(`net-assets:${f.fundId}:committed`) ?? 0));
      expect(f.closingCashCents).toBe(f.openingCashCents + f.receivedCents - f.paidCents + f.voidsReturnedCents);
      expect(f.withRestrictionsCents).toBeGreaterThanOrEqual(0);
      if (!RESTRICTED.includes(f.fundId)) expect(f.withRestrictionsCents).toBe(0);
      else expect(f.withoutRestrictionsCents).toBe(0);
    }
    // Money spent by the grants is what budget versus actual shows as spent; what they hold for requests is what it shows as committed.
    for (const grant of budgets) {
      const position = positions.funds.find((f) => f.fundId === grant.fundId)!;
      expect(grant.outsideLines).toEqual({ spentCents: 0, committedCents: 0 });
      expect(grant.totals.committedCents).toBe(position.committedCents);
      expect(grant.totals.spentInPeriodCents).toBe(position.paidCents - position.voidsReturnedCents);
      expect(grant.totals.spentInPeriodCents).toBe(position.releasedInPeriodCents);
      const spentToDate = entries
        .filter((e) => e.fundId === grant.fundId && e.effectiveDate <= period.to)
        .flatMap((e) => e.lines)
        .filter((l) => l.account.startsWith('assistance:'))
        .reduce((s, l) => s + l.debitCents - l.creditCents, 0);
      expect(grant.totals.spentCents).toBe(spentToDate);
      expect(grant.totals.remainingCents).toBe(grant.totals.budgetCents - grant.totals.spentCents - grant.totals.committedCents);
    }
    const released = budgets.reduce((s, g) => s + g.totals.spentInPeriodCents, 0);
    expect(activities.releasesFromRestriction.withoutRestrictionsCents).toBe(released);
    // Gifts in kind: the disclosure's receipts are the statement's in-kind lines; what is on hand is the stock accounts.
    expect(inKind.totals.receivedCents).toBe(activities.inKindRevenue.reduce((s, l) => s + l.totalCents, 0));
    expect(inKind.totals.onHandEndCents).toBe(positions.stockOnHandCents);
    expect(inKind.totals.onHandEndCents).toBe(tbSum((a) => a.startsWith('stock:')));
    expect(inKind.totals.writtenOffCents).toBe(activities.stockWriteOffs.reduce((s, l) => s + l.totalCents, 0));
    // Sold stock: its value plus the gains less the losses is what buyers paid, which is money received by the funds.
    const gains = activities.gainsOnSales.reduce((s, l) => s + l.totalCents, 0);
    const losses = activities.lossesOnSales.reduce((s, l) => s + l.totalCents, 0);
    expect(inKind.totals.saleProceedsCents).toBe(inKind.totals.monetizedCents + gains - losses);
    const proceedsInCash = entries.filter((e) => e.eventType === 'StockSold' && e.effectiveDate >= period.from && e.effectiveDate <= period.to).flatMap((e) => e.lines).filter((l) => l.account.startsWith('cash:'));
    expect(inKind.totals.saleProceedsCents).toBe(proceedsInCash.reduce((s, l) => s + l.debitCents, 0));
  });

  it('agrees, over the whole history, with the trial balance the api serves', async () => {
    const all = { from: '2000-01-01', to: '2999-12-31' };
    const served = await new LedgerReader(db).trialBalance();
    expect(served.balanced).toBe(true);
    const assets = served.accounts.filter((a) => a.type === 'asset').reduce((s, a) => s + a.balanceCents, 0);
    const revenue = served.accounts.filter((a) => a.type === 'revenue').reduce((s, a) => s - a.balanceCents, 0);
    const expenses = served.accounts.filter((a) => a.type === 'expense').reduce((s, a) => s + a.balanceCents, 0);
    const activities = statementOfActivities(entries, all);
    expect(activities.netAssetsEnding.totalCents).toBe(assets);
    expect(activities.totalRevenueAndSupport.totalCents).toBe(revenue);
    expect(activities.totalExpenses.totalCents).toBe(expenses);
    expect(fundPositions(entries, all, funds).totals.netAssetsCents).toBe(assets);
  });
});

/**
 * A few sales of donated stock, through the real stock decider and sale plan, after the generated
 * history: one unit of each of the first donated items still on hand, sold on the day of its last receipt,
 * at, above and below its value, into general money.
 */
async function sellSomeDonatedStock(store: SqlEventStore): Promise<void> {
  // The generator's receipts state no receivedOn: the day one was recorded is the day it came in (the last one per item is kept).
  const received = (await store.readAll({ limit: 1_000_000 })).filter((e) => e.type === 'StockReceived' && (e.data as StockReceived['data']).donationId);
  const donated = [...new Map(received.map((e) => [(e.data as StockReceived['data']).itemId, { itemId: (e.data as StockReceived['data']).itemId, receivedOn: e.metadata.occurredAt.slice(0, 10) }])).values()];
  const context = { actor: { userId: 'coord-tie-out', role: 'coordinator' as const, organizationId: 'coalition' }, correlationId: 'tie-out-sales', now: new Date('2026-09-30T12:00:00Z') };
  let sold = 0;
  for (const item of donated) {
    if (sold === 3) break;
    const { events } = await store.readStream<StockEvent>(stockStreamId(item.itemId));
    const state = events.reduce<StockState>((s, e) => stockDecider.evolve(s, e), stockDecider.initialState());
    if (state.status !== 'tracked' || state.onHand === 0) continue;
    const proceedsCents = [state.unitValueCents, state.unitValueCents + 500, Math.floor(state.unitValueCents / 2)][sold]!;
    const serials = state.availableSerials.length > 0 ? [state.availableSerials[0]!] : null;
    await runUnitOfWork(store, context, async (uow) => {
      const data = { saleId: `sale-${sold}`, quantity: 1, serials, proceedsCents, fundId: 'general', buyerKind: 'resale_vendor' as const, buyerRegistered: false, soldOn: item.receivedOn, today: '2026-09-30' };
      const decision = await uow.decide(stockStreamId(item.itemId), stockDecider, { type: 'SellStock', data });
      await uow.follow(stockSalePlan(decision));
    });
    sold++;
  }
}
