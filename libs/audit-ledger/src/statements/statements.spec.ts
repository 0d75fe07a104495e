import type { RecordedEvent } from '@fund/event-sourcing';
import type { LedgerEntry } from '../ledger.canonical';
import { journal, toLedgerEntry, type JournalLookups, type PostingScheme } from '../ledger.journal';
import { budgetVersusActual, fundPositions, inKindDisclosure, percentElapsed, statementOfActivities, trialBalanceOf, type FundFacts } from './statements';

/**
 * Given events, when journaled (the projection's lookups, in memory), then the statements.
 * The journal decides the lines; the statements only add them up.
 */
function ledgerOf(events: readonly (readonly [type: string, data: object, streamId: string, day: string])[], scheme: PostingScheme = 2): LedgerEntry[] {
  const categories = new Map<string, string>();
  const items = new Map<string, { category: string; unitValueCents: number }>();
  const restricted = new Set<string>();
  const lookups: JournalLookups = { requestCategory: (id) => categories.get(id), stockItem: (id) => items.get(id), fundRestricted: (id) => restricted.has(id) };
  const out: LedgerEntry[] = [];
  events.forEach(([type, data, streamId, day], i) => {
    const event: RecordedEvent = {
      type,
      data,
      streamId,
      streamVersion: i + 1,
      globalPosition: i + 1,
      position: { commit: i + 1, prepare: i + 1 },
      recordedAt: new Date(`${day}T12:00:00.000Z`),
      metadata: { eventId: `e-${i + 1}`, schemaVersion: 1, occurredAt: `${day}T12:00:00.000Z`, actor: { userId: 'u', role: 'coordinator', organizationId: 'coalition' } },
    } as RecordedEvent;
    if (type === 'FundRequestSubmitted') categories.set((data as { requestId: string }).requestId, (data as { category: string }).category);
    if (type === 'StockReceived') {
      const d = data as { itemId: string; category: string; unitValueCents: number };
      items.set(d.itemId, { category: d.category, unitValueCents: d.unitValueCents });
    }
    const posting = journal(event, lookups, scheme);
    if (!posting) return;
    if (posting.lines.some((l) => l.account.endsWith(':with-donor-restrictions') && l.account.startsWith('donations:')) && posting.fundId) restricted.add(posting.fundId);
    out.push(toLedgerEntry(event, posting));
  });
  return out;
}

const gift = (donationId: string, fundId: string, amountCents: number, restricted: boolean, donorKind: string, day: string) =>
  ['MonetaryDonationRecorded', { donationId, fundId, amountCents, restricted, donorKind, donorReference: null, receivedOn: day }, `donation-${donationId}`, day] as const;
const submitted = (requestId: string, category: string, day: string) => ['FundRequestSubmitted', { requestId, category }, `fund-request-${requestId}`, day] as const;
const reserved = (fundId: string, requestId: string, amountCents: number, day: string) => ['MoneyReserved', { requestId, amountCents }, `fund-${fundId}`, day] as const;
const paid = (fundId: string, requestId: string, disbursementId: string, amountCents: number, day: string) =>
  ['MoneyDisbursed', { requestId, disbursementId, amountCents, paidOn: day }, `fund-${fundId}`, day] as const;
const voided = (fundId: string, requestId: string, disbursementId: string, amountCents: number, day: string) =>
  ['DisbursementVoided', { requestId, disbursementId, amountCents }, `fund-${fundId}`, day] as const;
const stockIn = (itemId: string, category: string, quantity: number, unitValueCents: number, day: string, valuationMethod?: string) =>
  ['StockReceived', { itemId, kind: 'goods', category, quantity, unitValueCents, serials: null, donationId: 'g-1', receivedOn: day, ...(valuationMethod ? { valuationMethod } : {}) }, `stock-${itemId}`, day] as const;
const issued = (itemId: string, quantity: number, unitValueCents: number, requestId: string, day: string) =>
  ['StockIssued', { itemId, quantity, unitValueCents, serials: null, requestId, disbursementId: 's-1' }, `stock-${itemId}`, day] as const;
const lost = (itemId: string, quantity: number, day: string) => ['StockAdjusted', { itemId, quantityDelta: -quantity, reason: 'lost', serials: null }, `stock-${itemId}`, day] as const;

const voca: FundFacts = {
  fundId: 'voca',
  name: 'VOCA subaward',
  restricted: true,
  awardReference: '2026-V2-GX-0042',
  periodOfPerformance: { firstDay: '2026-10-01', lastDay: '2027-09-30', liquidationDeadline: '2027-12-29' },
  budgetLines: [
    { lineId: 'lodging', categories: ['lodging'], amountCents: 100_000 },
    { lineId: 'transport', categories: ['transportation', 'phone_card'], amountCents: 50_000 },
  ],
};
const general: FundFacts = { fundId: 'general', name: 'General donations', restricted: false, awardReference: null, periodOfPerformance: null, budgetLines: [] };
const Q1 = { from: '2026-10-01', to: '2026-12-31' };

const lines = (e: LedgerEntry) => e.lines.map((l) => [l.account, l.debitCents, l.creditCents]);

describe('net asset classes in the journal (posting scheme 2)', () => {
  it('given a restricted gift into a grant, when journaled, then it is revenue with donor restrictions', () => {
    const [entry] = ledgerOf([gift('d-1', 'voca', 80_000, true, 'grant', '2026-10-01')]);
    expect(lines(entry!)).toEqual([
      ['cash:voca', 80_000, 0],
      ['donations:monetary:grant:with-donor-restrictions', 0, 80_000],
    ]);
  });

  it('given a payment out of the grant, then it carries a release from restriction; a void reverses it as a new pair', () => {
    const entries = ledgerOf([
      gift('d-1', 'voca', 80_000, true, 'grant', '2026-10-01'),
      submitted('r-1', 'lodging', '2026-10-02'),
      reserved('voca', 'r-1', 30_000, '2026-10-02'),
      paid('voca', 'r-1', 'm-1', 30_000, '2026-10-03'),
      voided('voca', 'r-1', 'm-1', 30_000, '2026-10-04'),
    ]);
    expect(lines(entries[2]!).slice(4)).toEqual([
      ['net-asset-release:voca:with-donor-restrictions', 30_000, 0],
      ['net-asset-release:voca:without-donor-restrictions', 0, 30_000],
    ]);
    expect(lines(entries[3]!).slice(4)).toEqual([
      ['net-asset-release:voca:without-donor-restrictions', 30_000, 0],
      ['net-asset-release:voca:with-donor-restrictions', 0, 30_000],
    ]);
  });

  it('given general money, then a payment releases nothing', () => {
    const entries = ledgerOf([gift('d-1', 'general', 10_000, false, 'individual', '2026-10-01'), submitted('r-1', 'groceries', '2026-10-01'), paid('general', 'r-1', 'm-1', 5_000, '2026-10-02')]);
    expect(entries[1]!.lines).toHaveLength(4);
    expect(lines(entries[0]!)[1]).toEqual(['donations:monetary:individual', 0, 10_000]);
  });

  it('given the same events under scheme 1 (journaled before classes existed), then the lines are those of then', () => {
    const entries = ledgerOf(
      [gift('d-1', 'voca', 80_000, true, 'grant', '2026-10-01'), submitted('r-1', 'lodging', '2026-10-02'), paid('voca', 'r-1', 'm-1', 30_000, '2026-10-03'), stockIn('coat', 'winter_gear', 2, 6_000, '2026-10-01', 'fair_market_value')],
      1,
    );
    expect(lines(entries[0]!)[1]).toEqual(['donations:monetary:grant', 0, 80_000]);
    expect(entries[1]!.lines).toHaveLength(4);
    expect(lines(entries[2]!)[1]).toEqual(['donations:in-kind:winter_gear', 0, 12_000]);
  });

  it('given an in-kind gift with its valuation method, then the revenue account names the technique', () => {
    const [entry] = ledgerOf([stockIn('coat', 'winter_gear', 2, 6_000, '2026-10-01', 'fair_market_value')]);
    expect(lines(entry!)[1]).toEqual(['donations:in-kind:winter_gear:fair_market_value', 0, 12_000]);
  });
});

describe('statements for a period', () => {
  const history = ledgerOf([
    gift('d-0', 'general', 5_000, false, 'individual', '2026-09-15'), // before the period: opening net assets
    gift('d-1', 'voca', 80_000, true, 'grant', '2026-10-01'),
    gift('d-2', 'general', 20_000, false, 'organization', '2026-10-05'),
    submitted('r-1', 'lodging', '2026-10-06'),
    reserved('voca', 'r-1', 30_000, '2026-10-06'),
    paid('voca', 'r-1', 'm-1', 25_000, '2026-10-07'),
    submitted('r-2', 'transportation', '2026-11-01'),
    reserved('voca', 'r-2', 10_000, '2026-11-01'),
    submitted('r-3', 'groceries', '2026-11-02'),
    reserved('general', 'r-3', 4_000, '2026-11-02'),
    paid('general', 'r-3', 'm-2', 4_000, '2026-11-03'),
    stockIn('coat', 'winter_gear', 3, 6_000, '2026-11-04', 'fair_market_value'),
    issued('coat', 1, 6_000, 'r-3', '2026-11-05'),
    lost('coat', 1, '2026-11-06'),
    paid('voca', 'r-2', 'm-3', 10_000, '2027-01-05'), // after the period
  ]);

  it('statement of activities: revenue by donor kind and class, in-kind on its own lines, releases, expenses by category, net assets by class', () => {
    const s = statementOfActivities(history, Q1);
    expect(s.monetaryRevenue.map((l) => [l.key, l.withoutRestrictionsCents, l.withRestrictionsCents])).toEqual([
      ['donations:monetary:grant', 0, 80_000],
      ['donations:monetary:organization', 20_000, 0],
    ]);
    expect(s.inKindRevenue.map((l) => [l.key, l.totalCents])).toEqual([['donations:in-kind:winter_gear', 18_000]]);
    expect(s.releasesFromRestriction).toMatchObject({ withoutRestrictionsCents: 25_000, withRestrictionsCents: -25_000, totalCents: 0 });
    expect(s.expenses.map((l) => [l.key, l.totalCents])).toEqual([
      ['assistance:groceries', 10_000],
      ['assistance:lodging', 25_000],
    ]);
    expect(s.stockWriteOffs.map((l) => [l.key, l.totalCents])).toEqual([['stock-writeoff:lost', 6_000]]);
    expect(s.netAssetsBeginning).toMatchObject({ withoutRestrictionsCents: 5_000, withRestrictionsCents: 0 });
    // without: 5,000 + 20,000 + 18,000 in kind + 25,000 released - 41,000 spent; with: 80,000 - 25,000 released
    expect(s.netAssetsEnding).toMatchObject({ withoutRestrictionsCents: 27_000, withRestrictionsCents: 55_000, totalCents: 82_000 });
  });

  it('fund positions: unspent restricted money at the period end is shown as such, commitments beside it', () => {
    const p = fundPositions(history, Q1, [voca, general]);
    expect(p.funds.find((f) => f.fundId === 'voca')).toMatchObject({
      openingCashCents: 0,
      receivedCents: 80_000,
      paidCents: 25_000,
      closingCashCents: 55_000,
      committedCents: 15_000,
      availableCents: 40_000,
      releasedInPeriodCents: 25_000,
      withRestrictionsCents: 55_000,
      withoutRestrictionsCents: 0,
    });
    expect(p.funds.find((f) => f.fundId === 'general')).toMatchObject({ openingCashCents: 5_000, closingCashCents: 21_000, withRestrictionsCents: 0, withoutRestrictionsCents: 21_000 });
    expect(p.stockOnHandCents).toBe(6_000);
    expect(p.totals).toMatchObject({ netAssetsCents: 82_000, withRestrictionsCents: 55_000, withoutRestrictionsCents: 27_000 });
  });

  it('budget versus actual: spent, committed, remaining per line and the share of the period of performance gone by', () => {
    const [grant] = budgetVersusActual(history, Q1, [voca, general]);
    expect(grant).toMatchObject({ fundId: 'voca', awardReference: '2026-V2-GX-0042', percentOfPeriodElapsed: 25.2 });
    expect(grant!.lines.map((l) => [l.lineId, l.budgetCents, l.spentCents, l.committedCents, l.remainingCents])).toEqual([
      ['lodging', 100_000, 25_000, 5_000, 70_000],
      ['transport', 50_000, 0, 10_000, 40_000],
    ]);
    expect(grant!.outsideLines).toEqual({ spentCents: 0, committedCents: 0 });
    const [later] = budgetVersusActual(history, { from: '2027-01-01', to: '2027-03-31' }, [voca]);
    expect(later!.lines[1]).toMatchObject({ spentCents: 10_000, spentInPeriodCents: 10_000, committedCents: 0, remainingCents: 40_000 });
  });

  it('in-kind disclosure: per category the amount, used or monetized, restrictions and valuation technique', () => {
    expect(inKindDisclosure(history, Q1).rows).toEqual([
      {
        category: 'winter_gear',
        receivedCents: 18_000,
        usedCents: 6_000,
        monetizedCents: 0,
        saleProceedsCents: 0,
        writtenOffCents: 6_000,
        onHandEndCents: 6_000,
        restrictions: 'No donor restrictions',
        valuationTechniques: ['fair_market_value'],
      },
    ]);
  });

  it('ties out with the trial balance at the period end', () => {
    const tb = trialBalanceOf(history, Q1.to);
    const assets = [...tb].filter(([a]) => a.startsWith('cash:') || a.startsWith('stock:')).reduce((s, [, v]) => s + v, 0);
    expect(assets).toBe(statementOfActivities(history, Q1).netAssetsEnding.totalCents);
    expect([...tb.values()].reduce((s, v) => s + v, 0)).toBe(0);
  });

  it('counts whole days of the period of performance', () => {
    expect(percentElapsed('2026-10-01', '2027-09-30', '2026-09-30')).toBe(0);
    expect(percentElapsed('2026-10-01', '2027-09-30', '2027-09-30')).toBe(100);
    expect(percentElapsed('2026-10-01', '2027-09-30', '2028-01-01')).toBe(100);
  });
});

describe('donated stock sold (issue 16: used or sold)', () => {
  const sold = (itemId: string, category: string, quantity: number, unitValueCents: number, proceedsCents: number, day: string) =>
    ['StockSold', { itemId, saleId: `sale-${itemId}`, category, quantity, unitValueCents, serials: null, proceedsCents, fundId: 'general', buyerKind: 'resale_vendor', soldOn: day }, `stock-${itemId}`, day] as const;
  const history = ledgerOf([
    stockIn('coat', 'winter_gear', 4, 6_000, '2026-10-02', 'fair_market_value'),
    stockIn('kit', 'hygiene', 3, 1_000, '2026-10-02', 'donor_stated'),
    submitted('r-1', 'winter_gear', '2026-10-03'),
    issued('coat', 1, 6_000, 'r-1', '2026-10-04'),
    sold('coat', 'winter_gear', 2, 6_000, 15_000, '2026-10-05'), // 3,000 above value
    sold('kit', 'hygiene', 3, 1_000, 1_000, '2026-10-06'), // 2,000 below value
  ]);

  it('given a sale, when journaled, then the stock leaves at its value, the proceeds are cash and the difference a gain or a loss, dated soldOn', () => {
    const [gain, loss] = history.slice(3);
    expect(gain).toMatchObject({ eventType: 'StockSold', fundId: 'general', category: 'winter_gear', effectiveDate: '2026-10-05', effectiveDateSource: 'event' });
    expect(lines(gain!)).toEqual([
      ['cash:general', 12_000, 0],
      ['stock:coat', 0, 12_000],
      ['cash:general', 3_000, 0],
      ['gain-on-sale:winter_gear', 0, 3_000],
    ]);
    expect(lines(loss!)).toEqual([
      ['cash:general', 1_000, 0],
      ['stock:kit', 0, 1_000],
      ['loss-on-sale:hygiene', 2_000, 0],
      ['stock:kit', 0, 2_000],
    ]);
  });

  it('shows the sale in the activities (gain as revenue, loss as expense) and the disclosure per category, used and sold apart', () => {
    const s = statementOfActivities(history, Q1);
    expect(s.gainsOnSales.map((l) => [l.key, l.withoutRestrictionsCents, l.withRestrictionsCents])).toEqual([['gain-on-sale:winter_gear', 3_000, 0]]);
    expect(s.lossesOnSales.map((l) => [l.key, l.totalCents])).toEqual([['loss-on-sale:hygiene', 2_000]]);
    const d = inKindDisclosure(history, Q1);
    expect(d.rows.map((r) => [r.category, r.receivedCents, r.usedCents, r.monetizedCents, r.saleProceedsCents, r.onHandEndCents])).toEqual([
      ['hygiene', 3_000, 0, 3_000, 1_000, 0],
      ['winter_gear', 24_000, 6_000, 12_000, 15_000, 6_000],
    ]);
    expect(d.totals).toMatchObject({ monetizedCents: 15_000, saleProceedsCents: 16_000 });
  });

  it('ties out: the proceeds are fund cash received, and net assets are the assets of the trial balance', () => {
    const p = fundPositions(history, Q1, [general]);
    expect(p.funds[0]).toMatchObject({ fundId: 'general', receivedCents: 16_000, closingCashCents: 16_000, withoutRestrictionsCents: 16_000 });
    const s = statementOfActivities(history, Q1);
    const tb = trialBalanceOf(history, Q1.to);
    const assets = [...tb].filter(([a]) => a.startsWith('cash:') || a.startsWith('stock:')).reduce((sum, [, v]) => sum + v, 0);
    expect(s.netAssetsEnding.totalCents).toBe(assets);
    expect(s.changeInNetAssets.totalCents).toBe(s.totalRevenueAndSupport.totalCents - s.totalExpenses.totalCents);
    expect([...tb.values()].reduce((sum, v) => sum + v, 0)).toBe(0);
  });
});
