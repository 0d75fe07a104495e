import type { ProtocolRules } from '@fund/protocols';
import { suppressTable, type PublishedCell } from '@fund/reporting';
import { OUTCOMES, outcomeOfStatus, type Outcome, type RefusalStage, type ReplayResult, type WorldResult } from './replay';

/** A count about survivors as it may be shown: `null` when small-cell suppression hides it. */
export interface ShownCount {
  readonly count: number | null;
  readonly suppressed: boolean;
}

export interface ShownAmount {
  readonly amountCents: number | null;
  readonly suppressed: boolean;
}

export interface OutcomeRow {
  readonly outcome: Outcome;
  readonly happened: ShownCount;
  readonly draft: ShownCount;
}

export interface RefusalRow {
  readonly stage: RefusalStage;
  /** The rule's stable error code, as the api would have answered the command. */
  readonly code: string;
  readonly requests: ShownCount;
}

export interface MoneyRow {
  readonly fundId: string;
  /** `YYYY-MM` (UTC) of the approval. */
  readonly month: string;
  readonly happened: ShownAmount;
  readonly draft: ShownAmount;
}

export interface RunwaySide {
  /** Money not promised to any request when the window ends. */
  readonly availableCents: number;
  /** Net commitments (approved minus released) per month of the window, on average. */
  readonly monthlyCommittedCents: number;
  /** How many months `availableCents` lasts at that pace; null when nothing was committed. */
  readonly runwayMonths: number | null;
}

export interface RunwayRow {
  readonly fundId: string;
  readonly happened: RunwaySide;
  readonly draft: RunwaySide;
}

export interface ForesightSummary {
  readonly requests: ShownCount;
  readonly outcomes: readonly OutcomeRow[];
  readonly refusals: readonly RefusalRow[];
  /** Requests the council approved whose approving votes would not have been enough. */
  readonly neededMoreVotes: ShownCount;
  /** Requests an earlier vote would already have approved. */
  readonly approvedWithFewerVotes: ShownCount;
  /** Survivor references that reached their 12-month cap or were refused by it (counted, never listed). */
  readonly referencesAtCap: { readonly happened: ShownCount; readonly draft: ShownCount };
  readonly money: readonly MoneyRow[];
  readonly runway: readonly RunwayRow[];
  /** What this replay cannot see, in plain words. */
  readonly limits: readonly string[];
}

export interface SummaryOptions {
  /** Counts from 1 to threshold-1 are hidden, as in the funder reports. */
  readonly threshold: number;
  readonly currentRules: Pick<ProtocolRules, 'giftCardFaceValueLimitCents'> | null;
  readonly draftRules: Pick<ProtocolRules, 'giftCardFaceValueLimitCents'>;
}

const shown = (cell: PublishedCell | undefined): ShownCount => ({ count: cell?.count ?? null, suppressed: cell?.suppressed ?? true });
const amount = (cell: PublishedCell | undefined): ShownAmount => ({ amountCents: cell?.amountCents ?? null, suppressed: cell?.suppressed ?? true });

/** A single count, through the reports' suppression (a one-cell table). */
export function shownCount(count: number, threshold: number): ShownCount {
  return shown(suppressTable({ counts: [[count]], rowTotals: false, columnTotals: false }, threshold).cells[0]?.[0]);
}

/** How many requests of the window ended each way, in each world: one table, so suppression sees both columns. */
export function compareOutcomes(happened: WorldResult, draft: WorldResult, threshold: number): { rows: OutcomeRow[]; requests: ShownCount } {
  const tally = (world: WorldResult) => {
    const counts = new Map<Outcome, number>(OUTCOMES.map((o) => [o, 0]));
    for (const outcome of world.outcomes.values()) counts.set(outcomeOfStatus(outcome.status), (counts.get(outcomeOfStatus(outcome.status)) ?? 0) + 1);
    return counts;
  };
  const h = tally(happened);
  const d = tally(draft);
  const table = suppressTable({ counts: OUTCOMES.map((o) => [h.get(o) ?? 0, d.get(o) ?? 0]), rowTotals: false, columnTotals: true }, threshold);
  return {
    rows: OUTCOMES.map((outcome, i) => ({ outcome, happened: shown(table.cells[i]?.[0]), draft: shown(table.cells[i]?.[1]) })),
    requests: shown(table.columnTotals?.[0]),
  };
}

/** Requests the draft's rules would have refused, by stage and rule code. */
export function compareRefusals(draft: WorldResult, threshold: number): RefusalRow[] {
  const entries = [...draft.refusals.values()].sort((a, b) => a.stage.localeCompare(b.stage) || a.code.localeCompare(b.code));
  if (entries.length === 0) return [];
  const table = suppressTable({ counts: entries.map((e) => [e.requests]), rowTotals: false, columnTotals: true }, threshold);
  return entries.map((e, i) => ({ stage: e.stage, code: e.code, requests: shown(table.cells[i]?.[0]) }));
}

/**
 * Money committed (approved and reserved) per fund and month, side by side. An amount is shown
 * only where the number of approvals behind it is, so a month of one large approval is hidden.
 */
export function compareMoney(happened: WorldResult, draft: WorldResult, threshold: number): MoneyRow[] {
  const funds = [...new Set([...happened.money.keys(), ...draft.money.keys()])].sort();
  return funds.flatMap((fundId) => {
    const months = [...new Set([...(happened.money.get(fundId)?.keys() ?? []), ...(draft.money.get(fundId)?.keys() ?? [])])].sort();
    if (months.length === 0) return [];
    const figure = (world: WorldResult, month: string) => world.money.get(fundId)?.get(month);
    const table = suppressTable(
      {
        counts: months.map((m) => [figure(happened, m)?.approvals ?? 0, figure(draft, m)?.approvals ?? 0]),
        amounts: months.map((m) => [figure(happened, m)?.committedCents ?? 0, figure(draft, m)?.committedCents ?? 0]),
        rowTotals: false,
        columnTotals: true,
      },
      threshold,
    );
    return months.map((month, i) => ({ fundId, month, happened: amount(table.cells[i]?.[0]), draft: amount(table.cells[i]?.[1]) }));
  });
}

function runwaySide(world: WorldResult, fundId: string, windowMonths: number): RunwaySide {
  const availableCents = world.funds.get(fundId)?.availableCents ?? 0;
  const net = [...(world.money.get(fundId)?.values() ?? [])].reduce((sum, m) => sum + m.committedCents - m.releasedCents, 0);
  const monthlyCommittedCents = Math.round(net / Math.max(1, windowMonths));
  return { availableCents, monthlyCommittedCents, runwayMonths: monthlyCommittedCents > 0 ? Math.round((availableCents / monthlyCommittedCents) * 10) / 10 : null };
}

/** Each fund's money left and how long it lasts at the window's pace, with and without the draft. */
export function compareRunway(happened: WorldResult, draft: WorldResult, window: { from: Date; to: Date }): RunwayRow[] {
  // A 365-day window is twelve months, whatever its months' lengths.
  const windowMonths = ((window.to.getTime() - window.from.getTime()) / (365 * 24 * 3600 * 1000)) * 12;
  return [...happened.funds.keys()].sort().map((fundId) => ({ fundId, happened: runwaySide(happened, fundId, windowMonths), draft: runwaySide(draft, fundId, windowMonths) }));
}

/** Everything the council sees of one replay; every count about survivors has gone through suppression. */
export function summarize(result: ReplayResult, options: SummaryOptions): ForesightSummary {
  const { threshold } = options;
  const outcomes = compareOutcomes(result.happened, result.draft, threshold);
  const limits = [
    'Requests the rules refused at the time were never recorded, so a looser draft cannot show the requests it would have let in.',
    'The council voted under the rules in force; the replay keeps every vote as cast, and a request that would have needed more approvals stays undecided.',
    'Payments do not record gift-card face values: the replay takes the largest each card could have been, so a lower face-value limit is not tested.',
  ];
  if (options.currentRules && options.draftRules.giftCardFaceValueLimitCents >= options.currentRules.giftCardFaceValueLimitCents) limits.pop();
  return {
    requests: outcomes.requests,
    outcomes: outcomes.rows,
    refusals: compareRefusals(result.draft, threshold),
    neededMoreVotes: shownCount(result.draft.neededMoreVotes, threshold),
    approvedWithFewerVotes: shownCount(result.draft.approvedWithFewerVotes, threshold),
    referencesAtCap: { happened: shownCount(result.happened.referencesAtCap, threshold), draft: shownCount(result.draft.referencesAtCap, threshold) },
    money: compareMoney(result.happened, result.draft, threshold),
    runway: compareRunway(result.happened, result.draft, result.window),
    limits,
  };
}
