import { netAssetClassOf } from '../ledger.accounts';
import type { LedgerEntry } from '../ledger.canonical';

/**
 * The coalition's financial statements for a period, as pure functions of the journal: every
 * figure is a sum of ledger lines an auditor can re-add. Days are effective dates (when money or
 * goods moved), both ends included. Statements are internal (coordinator, auditor): they show
 * every amount; nothing here is published to a funder (that goes through libs/reporting).
 */
export interface StatementPeriod {
  /** First day, `YYYY-MM-DD`, included. */
  readonly from: string;
  /** Last day, `YYYY-MM-DD`, included. */
  readonly to: string;
}

/** A line of a statement with a column per net asset class; total = without + with. */
export interface ClassLine {
  readonly key: string;
  readonly label: string;
  readonly withoutRestrictionsCents: number;
  readonly withRestrictionsCents: number;
  readonly totalCents: number;
}

export interface StatementOfActivities {
  readonly period: StatementPeriod;
  /** Money donated, by donor kind (class from the revenue account). */
  readonly monetaryRevenue: readonly ClassLine[];
  /** Gifts in kind, by stock category: their own lines (ASU 2020-07). */
  readonly inKindRevenue: readonly ClassLine[];
  /** Donated stock sold for more than its recorded value: the excess, by stock category. */
  readonly gainsOnSales: readonly ClassLine[];
  readonly totalRevenueAndSupport: ClassLine;
  /** Restricted money spent for its purpose: negative in the restricted column, positive in the other. */
  readonly releasesFromRestriction: ClassLine;
  /** Help given, money and goods, by expense category (always without restrictions). */
  readonly expenses: readonly ClassLine[];
  /** Stock gone without a disbursement, by reason. */
  readonly stockWriteOffs: readonly ClassLine[];
  /** Donated stock sold for less than its recorded value: the shortfall, by stock category. */
  readonly lossesOnSales: readonly ClassLine[];
  readonly totalExpenses: ClassLine;
  readonly changeInNetAssets: ClassLine;
  readonly netAssetsBeginning: ClassLine;
  readonly netAssetsEnding: ClassLine;
}

/** What a statement needs to know about a fund that the ledger does not say. */
export interface FundFacts {
  readonly fundId: string;
  readonly name: string;
  readonly restricted: boolean;
  /** The grant's award number or agreement reference, from its restrictions; null for general money. */
  readonly awardReference: string | null;
  readonly periodOfPerformance: { readonly firstDay: string; readonly lastDay: string; readonly liquidationDeadline: string } | null;
  readonly budgetLines: readonly { readonly lineId: string; readonly categories: readonly string[]; readonly amountCents: number }[];
}

export interface FundPosition {
  readonly fundId: string;
  readonly name: string;
  readonly restricted: boolean;
  readonly openingCashCents: number;
  readonly receivedCents: number;
  readonly paidCents: number;
  readonly voidsReturnedCents: number;
  readonly closingCashCents: number;
  /** Reserved for approved requests, not yet paid, at the period's end. */
  readonly committedCents: number;
  readonly availableCents: number;
  readonly releasedInPeriodCents: number;
  /** Unspent restricted money at the period's end (restricted gifts less releases). */
  readonly withRestrictionsCents: number;
  readonly withoutRestrictionsCents: number;
}

export interface FundPositions {
  readonly period: StatementPeriod;
  readonly funds: readonly FundPosition[];
  /** Donated cards and goods on hand at the period's end, at recorded value: net assets without restrictions outside any fund. */
  readonly stockOnHandCents: number;
  readonly totals: { readonly closingCashCents: number; readonly committedCents: number; readonly withRestrictionsCents: number; readonly withoutRestrictionsCents: number; readonly netAssetsCents: number };
}

export interface BudgetLineActual {
  readonly lineId: string;
  readonly categories: readonly string[];
  readonly budgetCents: number;
  /** Paid out of the grant for the line's categories, from its start to the period's end. */
  readonly spentCents: number;
  readonly spentInPeriodCents: number;
  /** Reserved for approved requests at the period's end. */
  readonly committedCents: number;
  readonly remainingCents: number;
}

export interface GrantBudget {
  readonly fundId: string;
  readonly name: string;
  readonly awardReference: string | null;
  readonly periodOfPerformance: { readonly firstDay: string; readonly lastDay: string } | null;
  /** Share of the period of performance gone by at the statement's last day, 0..100 with one decimal. */
  readonly percentOfPeriodElapsed: number | null;
  readonly lines: readonly BudgetLineActual[];
  /** Spending and commitments in categories outside every line (none when the fund decider held the grant to its lines). */
  readonly outsideLines: { readonly spentCents: number; readonly committedCents: number };
  readonly totals: { readonly budgetCents: number; readonly spentCents: number; readonly spentInPeriodCents: number; readonly committedCents: number; readonly remainingCents: number };
}

export interface InKindDisclosureRow {
  readonly category: string;
  readonly receivedCents: number;
  /** Handed to survivors in the program (StockIssued), at recorded value. */
  readonly usedCents: number;
  /** Sold (ASU 2020-07 "monetized", `StockSold`), at recorded value; what the sale brought is in the proceeds and the activities' gains and losses. */
  readonly monetizedCents: number;
  /** What the buyers paid for the stock sold in the period. */
  readonly saleProceedsCents: number;
  readonly writtenOffCents: number;
  readonly onHandEndCents: number;
  readonly restrictions: string;
  /** Valuation techniques of the gifts received in the period ('not recorded' for receipts that stated none). */
  readonly valuationTechniques: readonly string[];
}

export interface InKindDisclosure {
  readonly period: StatementPeriod;
  readonly rows: readonly InKindDisclosureRow[];
  readonly totals: {
    readonly receivedCents: number;
    readonly usedCents: number;
    readonly monetizedCents: number;
    readonly saleProceedsCents: number;
    readonly writtenOffCents: number;
    readonly onHandEndCents: number;
  };
}

export const NOT_RECORDED = 'not_recorded';
export const NO_DONOR_RESTRICTIONS = 'No donor restrictions';

const words = (code: string) => code.replace(/[_-]/g, ' ');
const inPeriod = (e: LedgerEntry, p: StatementPeriod) => e.effectiveDate >= p.from && e.effectiveDate <= p.to;
const before = (e: LedgerEntry, p: StatementPeriod) => e.effectiveDate < p.from;
const upTo = (e: LedgerEntry, p: StatementPeriod) => e.effectiveDate <= p.to;

function classLine(key: string, label: string, without: number, withR: number): ClassLine {
  return { key, label, withoutRestrictionsCents: without, withRestrictionsCents: withR, totalCents: without + withR };
}
const sumLines = (key: string, label: string, lines: readonly ClassLine[]) =>
  classLine(
    key,
    label,
    lines.reduce((s, l) => s + l.withoutRestrictionsCents, 0),
    lines.reduce((s, l) => s + l.withRestrictionsCents, 0),
  );

/** Net assets by class that the given entries add: revenue less expenses, with releases moving money between the classes. */
function netAssetEffect(entries: Iterable<LedgerEntry>): { without: number; with: number } {
  let without = 0;
  let withR = 0;
  for (const e of entries) {
    for (const l of e.lines) {
      const cls = netAssetClassOf(l.account);
      if (!cls) continue;
      // Every classed account moves net assets by credit minus debit: revenue and release credits add, expense and release debits take away.
      const delta = l.creditCents - l.debitCents;
      if (cls === 'with_donor_restrictions') withR += delta;
      else without += delta;
    }
  }
  return { without, with: withR };
}

/** Accumulates credit-minus-debit per key over the lines a picker selects. */
function byKey(entries: Iterable<LedgerEntry>, pick: (account: string, entry: LedgerEntry) => string | null, sign: 1 | -1 = 1): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of entries) {
    for (const l of e.lines) {
      const key = pick(l.account, e);
      if (key === null) continue;
      out.set(key, (out.get(key) ?? 0) + sign * (l.creditCents - l.debitCents));
    }
  }
  return out;
}

const sorted = <T>(m: Map<string, T>) => [...m].sort(([a], [b]) => a.localeCompare(b));

export function statementOfActivities(all: readonly LedgerEntry[], period: StatementPeriod): StatementOfActivities {
  const entries = all.filter((e) => inPeriod(e, period));
  const monetary = new Map<string, { without: number; with: number }>();
  for (const e of entries) {
    for (const l of e.lines) {
      if (!l.account.startsWith('donations:monetary:')) continue;
      const donorKind = l.account.split(':')[2]!;
      const row = monetary.get(donorKind) ?? { without: 0, with: 0 };
      if (netAssetClassOf(l.account) === 'with_donor_restrictions') row.with += l.creditCents - l.debitCents;
      else row.without += l.creditCents - l.debitCents;
      monetary.set(donorKind, row);
    }
  }
  const monetaryRevenue = sorted(monetary).map(([kind, v]) => classLine(`donations:monetary:${kind}`, `Contributions: ${words(kind)} donors`, v.without, v.with));
  const inKind = byKey(entries, (a) => (a.startsWith('donations:in-kind:') ? a.split(':')[2]! : null));
  const inKindRevenue = sorted(inKind).map(([category, cents]) => classLine(`donations:in-kind:${category}`, `Contributed nonfinancial assets: ${words(category)}`, cents, 0));
  const gainMap = byKey(entries, (a) => (a.startsWith('gain-on-sale:') ? a.slice('gain-on-sale:'.length) : null));
  const gainsOnSales = sorted(gainMap).map(([category, cents]) => classLine(`gain-on-sale:${category}`, `Gain on sale of contributed nonfinancial assets: ${words(category)}`, cents, 0));
  const totalRevenueAndSupport = sumLines('revenue', 'Total revenue and support', [...monetaryRevenue, ...inKindRevenue, ...gainsOnSales]);
  const released = byKey(entries, (a) => (a.startsWith('net-asset-release:') && netAssetClassOf(a) === 'without_donor_restrictions' ? 'released' : null)).get('released') ?? 0;
  const releasesFromRestriction = classLine('releases', 'Net assets released from restrictions', released, negate(released));
  const expenseMap = byKey(entries, (a) => (a.startsWith('assistance:') ? a.slice('assistance:'.length) : null), -1);
  const expenses = sorted(expenseMap).map(([category, cents]) => classLine(`assistance:${category}`, `Assistance: ${words(category)}`, cents, 0));
  const writeOffMap = byKey(entries, (a) => (a.startsWith('stock-writeoff:') ? a.slice('stock-writeoff:'.length) : null), -1);
  const stockWriteOffs = sorted(writeOffMap).map(([reason, cents]) => classLine(`stock-writeoff:${reason}`, `Donated stock written off: ${words(reason)}`, cents, 0));
  const lossMap = byKey(entries, (a) => (a.startsWith('loss-on-sale:') ? a.slice('loss-on-sale:'.length) : null), -1);
  const lossesOnSales = sorted(lossMap).map(([category, cents]) => classLine(`loss-on-sale:${category}`, `Loss on sale of contributed nonfinancial assets: ${words(category)}`, cents, 0));
  const totalExpenses = sumLines('expenses', 'Total expenses', [...expenses, ...stockWriteOffs, ...lossesOnSales]);
  const change = netAssetEffect(entries);
  const opening = netAssetEffect(all.filter((e) => before(e, period)));
  return {
    period,
    monetaryRevenue,
    inKindRevenue,
    gainsOnSales,
    totalRevenueAndSupport,
    releasesFromRestriction,
    expenses,
    stockWriteOffs,
    lossesOnSales,
    totalExpenses,
    changeInNetAssets: classLine('change', 'Change in net assets', change.without, change.with),
    netAssetsBeginning: classLine('beginning', 'Net assets, beginning of period', opening.without, opening.with),
    netAssetsEnding: classLine('ending', 'Net assets, end of period', opening.without + change.without, opening.with + change.with),
  };
}

/** Minus, without a negative zero (JSON and Object.is tell them apart). */
const negate = (cents: number) => (cents === 0 ? 0 : -cents);

/** Debit-minus-credit of one account over entries. */
function balanceOf(entries: Iterable<LedgerEntry>, account: string): number {
  let cents = 0;
  for (const e of entries) for (const l of e.lines) if (l.account === account) cents += l.debitCents - l.creditCents;
  return cents;
}

function sumWhere(entries: Iterable<LedgerEntry>, test: (e: LedgerEntry, account: string) => boolean, side: 'debit' | 'credit'): number {
  let cents = 0;
  for (const e of entries) for (const l of e.lines) if (test(e, l.account)) cents += side === 'debit' ? l.debitCents : l.creditCents;
  return cents;
}

export function fundPositions(all: readonly LedgerEntry[], period: StatementPeriod, funds: readonly FundFacts[]): FundPositions {
  const known = new Map(funds.map((f) => [f.fundId, f]));
  const ids = new Set<string>(funds.map((f) => f.fundId));
  for (const e of all) if (e.fundId && upTo(e, period)) ids.add(e.fundId);
  const toEnd = all.filter((e) => upTo(e, period));
  const opening = all.filter((e) => before(e, period));
  const during = all.filter((e) => inPeriod(e, period));
  const positions = [...ids].sort().map((fundId): FundPosition => {
    const facts = known.get(fundId);
    const cash = `cash:${fundId}`;
    const mine = (es: readonly LedgerEntry[]) => es.filter((e) => e.fundId === fundId);
    const closingCashCents = balanceOf(mine(toEnd), cash);
    const committedCents = negate(balanceOf(mine(toEnd), `net-assets:${fundId}:committed`));
    const restrictedEffect = netAssetEffect(mine(toEnd)).with;
    return {
      fundId,
      name: facts?.name ?? fundId,
      restricted: facts?.restricted ?? false,
      openingCashCents: balanceOf(mine(opening), cash),
      // Money in: gifts of money and the proceeds of donated stock sold.
      receivedCents: sumWhere(mine(during), (e, a) => a === cash && (e.eventType === 'MonetaryDonationRecorded' || e.eventType === 'StockSold'), 'debit'),
      paidCents: sumWhere(mine(during), (e, a) => a === cash && (e.eventType === 'MoneyDisbursed' || e.eventType === 'CardPurchaseRecorded'), 'credit'),
      voidsReturnedCents: sumWhere(mine(during), (e, a) => a === cash && e.eventType === 'DisbursementVoided', 'debit'),
      closingCashCents,
      committedCents,
      availableCents: closingCashCents - committedCents,
      releasedInPeriodCents: negate(balanceOf(mine(during), `net-asset-release:${fundId}:without-donor-restrictions`)),
      withRestrictionsCents: restrictedEffect,
      withoutRestrictionsCents: closingCashCents - restrictedEffect,
    };
  });
  let stockOnHandCents = 0;
  // Cards paid for and not yet confirmed received are the coalition's too.
  for (const e of toEnd) for (const l of e.lines) if (l.account.startsWith('stock:') || l.account.startsWith('stock-on-order:')) stockOnHandCents += l.debitCents - l.creditCents;
  const sum = (f: (p: FundPosition) => number) => positions.reduce((s, p) => s + f(p), 0);
  const closingCashCents = sum((p) => p.closingCashCents);
  return {
    period,
    funds: positions,
    stockOnHandCents,
    totals: {
      closingCashCents,
      committedCents: sum((p) => p.committedCents),
      withRestrictionsCents: sum((p) => p.withRestrictionsCents),
      withoutRestrictionsCents: sum((p) => p.withoutRestrictionsCents) + stockOnHandCents,
      netAssetsCents: closingCashCents + stockOnHandCents,
    },
  };
}

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00.000Z`) / 86_400_000;

/** Share of a period of performance gone by at the end of `day` (both ends of the period count as whole days). */
export function percentElapsed(firstDay: string, lastDay: string, day: string): number {
  const total = dayNumber(lastDay) - dayNumber(firstDay) + 1;
  const gone = Math.min(Math.max(dayNumber(day) - dayNumber(firstDay) + 1, 0), total);
  return Math.round((gone / total) * 1000) / 10;
}

export function budgetVersusActual(all: readonly LedgerEntry[], period: StatementPeriod, funds: readonly FundFacts[]): GrantBudget[] {
  return funds
    .filter((f) => f.restricted && (f.budgetLines.length > 0 || f.periodOfPerformance))
    .map((grant): GrantBudget => {
      const mine = all.filter((e) => e.fundId === grant.fundId && upTo(e, period));
      const spentBy = byKey(mine, (a, e) => (a.startsWith('assistance:') ? (e.category ?? '') : null), -1);
      const spentInPeriodBy = byKey(mine.filter((e) => inPeriod(e, period)), (a, e) => (a.startsWith('assistance:') ? (e.category ?? '') : null), -1);
      const committedBy = byKey(mine, (a, e) => (a === `net-assets:${grant.fundId}:committed` ? (e.category ?? '') : null));
      const take = (m: Map<string, number>, categories: readonly string[]) => categories.reduce((s, c) => s + (m.get(c) ?? 0), 0);
      const lines = grant.budgetLines.map((line): BudgetLineActual => {
        const spentCents = take(spentBy, line.categories);
        const committedCents = take(committedBy, line.categories);
        return {
          lineId: line.lineId,
          categories: [...line.categories],
          budgetCents: line.amountCents,
          spentCents,
          spentInPeriodCents: take(spentInPeriodBy, line.categories),
          committedCents,
          remainingCents: line.amountCents - spentCents - committedCents,
        };
      });
      const inLines = new Set(grant.budgetLines.flatMap((l) => l.categories));
      const outside = (m: Map<string, number>) => [...m].filter(([c]) => !inLines.has(c)).reduce((s, [, v]) => s + v, 0);
      const sum = (f: (l: BudgetLineActual) => number) => lines.reduce((s, l) => s + f(l), 0);
      const pop = grant.periodOfPerformance;
      return {
        fundId: grant.fundId,
        name: grant.name,
        awardReference: grant.awardReference,
        periodOfPerformance: pop ? { firstDay: pop.firstDay, lastDay: pop.lastDay } : null,
        percentOfPeriodElapsed: pop ? percentElapsed(pop.firstDay, pop.lastDay, period.to) : null,
        lines,
        outsideLines: { spentCents: outside(spentBy), committedCents: outside(committedBy) },
        totals: {
          budgetCents: sum((l) => l.budgetCents),
          spentCents: sum((l) => l.spentCents),
          spentInPeriodCents: sum((l) => l.spentInPeriodCents),
          committedCents: sum((l) => l.committedCents),
          remainingCents: sum((l) => l.remainingCents),
        },
      };
    });
}

export function inKindDisclosure(all: readonly LedgerEntry[], period: StatementPeriod): InKindDisclosure {
  // An item's category is the one it was received under (an issue's entry carries the request's category instead).
  const itemCategory = new Map<string, string>();
  for (const e of all) if (e.eventType === 'StockReceived' && e.references.itemId && e.category) itemCategory.set(e.references.itemId, e.category);
  // Cards bought with a fund's money are not contributed assets: their items (received from `stock-on-order:`) stay out of the disclosure.
  const purchased = new Set<string>();
  for (const e of all) if (e.eventType === 'StockReceived' && e.references.itemId && e.lines.some((l) => l.account.startsWith('stock-on-order:'))) purchased.add(e.references.itemId);
  const rows = new Map<string, { received: number; used: number; sold: number; proceeds: number; writtenOff: number; onHand: number; techniques: Set<string> }>();
  const row = (category: string) => {
    const r = rows.get(category) ?? { received: 0, used: 0, sold: 0, proceeds: 0, writtenOff: 0, onHand: 0, techniques: new Set<string>() };
    rows.set(category, r);
    return r;
  };
  for (const e of all) {
    if (!upTo(e, period)) continue;
    for (const l of e.lines) {
      if (!l.account.startsWith('stock:') || purchased.has(l.account.slice('stock:'.length))) continue;
      const category = itemCategory.get(l.account.slice('stock:'.length)) ?? e.category ?? 'uncategorized';
      const r = row(category);
      r.onHand += l.debitCents - l.creditCents;
      if (!inPeriod(e, period)) continue;
      if (e.eventType === 'StockReceived') r.received += l.debitCents;
      else if (e.eventType === 'StockIssued') r.used += l.creditCents;
      else if (e.eventType === 'StockAdjusted') r.writtenOff += l.creditCents - l.debitCents;
      else if (e.eventType === 'StockSold') r.sold += l.creditCents;
    }
    if (inPeriod(e, period) && e.eventType === 'StockSold' && e.category) {
      row(e.category).proceeds += e.lines.filter((l) => l.account.startsWith('cash:')).reduce((s, l) => s + l.debitCents, 0);
    }
    if (inPeriod(e, period) && e.eventType === 'StockReceived') {
      const revenue = e.lines.find((l) => l.account.startsWith('donations:in-kind:'));
      const technique = revenue?.account.split(':')[3];
      if (revenue && e.category) row(e.category).techniques.add(technique ?? NOT_RECORDED);
    }
  }
  const out = sorted(rows)
    .filter(([, r]) => r.received || r.used || r.sold || r.proceeds || r.writtenOff || r.onHand)
    .map(([category, r]): InKindDisclosureRow => ({
      category,
      receivedCents: r.received,
      usedCents: r.used,
      monetizedCents: r.sold,
      saleProceedsCents: r.proceeds,
      writtenOffCents: r.writtenOff,
      onHandEndCents: r.onHand,
      restrictions: NO_DONOR_RESTRICTIONS,
      valuationTechniques: [...r.techniques].sort(),
    }));
  const sum = (f: (r: InKindDisclosureRow) => number) => out.reduce((s, r) => s + f(r), 0);
  return {
    period,
    rows: out,
    totals: {
      receivedCents: sum((r) => r.receivedCents),
      usedCents: sum((r) => r.usedCents),
      monetizedCents: sum((r) => r.monetizedCents),
      saleProceedsCents: sum((r) => r.saleProceedsCents),
      writtenOffCents: sum((r) => r.writtenOffCents),
      onHandEndCents: sum((r) => r.onHandEndCents),
    },
  };
}

/** The trial balance over entries effective up to a day: debit-minus-credit per account. Pure, for tie-outs. */
export function trialBalanceOf(all: readonly LedgerEntry[], asOf: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of all) {
    if (e.effectiveDate > asOf) continue;
    for (const l of e.lines) out.set(l.account, (out.get(l.account) ?? 0) + l.debitCents - l.creditCents);
  }
  return out;
}
