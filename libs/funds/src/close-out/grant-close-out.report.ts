import { budgetActuals, fundFigures, type FundState } from '../fund.decider';
import type { CloseOutAction } from '../fund.events';

/** One budget line at close-out: what it was given, what it paid, and what became of the rest. */
export interface CloseOutLine {
  readonly lineId: string;
  readonly categories: readonly string[];
  readonly budgetCents: number;
  /** Paid out (voids taken back). */
  readonly spentCents: number;
  /** Still reserved: kept at the close, payable until the liquidation deadline. */
  readonly keptCents: number;
  /** Released at the close. */
  readonly releasedCents: number;
  /** Moved to other funds at the close. */
  readonly movedCents: number;
  /** Budget minus spent minus kept: what the grant leaves unspent on this line. */
  readonly unspentCents: number;
}

export interface GrantCloseOutReport {
  readonly fundId: string;
  readonly name: string;
  readonly award: { readonly reference: string | null; readonly budgetCents: number; readonly receivedCents: number; readonly matchRequiredCents: number | null };
  readonly period: { readonly firstDay: string; readonly lastDay: string; readonly liquidationDeadline: string };
  /** Null while the grant is open: the figures are then what a close-out today would start from. */
  readonly closedOn: string | null;
  readonly closeOutReference: string | null;
  readonly lines: readonly CloseOutLine[];
  /** Reservations decided at the close, by decision: how many, how much. */
  readonly decisions: readonly { readonly action: CloseOutAction; readonly reservations: number; readonly amountCents: number }[];
  /** Money moved at the close, by the fund it moved to. */
  readonly movedTo: readonly { readonly fundId: string; readonly amountCents: number }[];
  readonly totals: {
    readonly spentCents: number;
    readonly keptCents: number;
    readonly releasedCents: number;
    readonly movedCents: number;
    /** Received minus spent minus kept: money of the grant no request holds, to return or report as unspent. */
    readonly unspentCents: number;
  };
}

const ACTIONS: readonly CloseOutAction[] = ['keep', 'release', 'move'];

/**
 * The close-out figures of a grant, from its fund's folded state alone, so the report, the screen
 * and the exports say the same thing and an auditor can recompute them from the fund's stream.
 * Spent and kept are as of the state given: payments of kept money until the liquidation deadline
 * move money from kept to spent. Null for a fund that is not a grant.
 */
export function grantCloseOutReport(state: FundState): GrantCloseOutReport | null {
  if (state.status !== 'open' || !state.restrictions) return null;
  const outcomes = state.closedOut?.outcomes ?? [];
  const sumOf = (action: CloseOutAction, lineId?: string) =>
    outcomes.filter((o) => o.action === action && (lineId === undefined || o.budgetLineId === lineId)).reduce((sum, o) => sum + o.amountCents, 0);
  const lines = budgetActuals(state).map((l) => ({
    lineId: l.lineId,
    categories: l.categories,
    budgetCents: l.budgetCents,
    spentCents: l.spentCents,
    keptCents: l.reservedCents,
    releasedCents: sumOf('release', l.lineId),
    movedCents: sumOf('move', l.lineId),
    unspentCents: l.budgetCents - l.spentCents - l.reservedCents,
  }));
  const movedTo = new Map<string, number>();
  for (const o of outcomes) if (o.action === 'move' && o.toFundId) movedTo.set(o.toFundId, (movedTo.get(o.toFundId) ?? 0) + o.amountCents);
  const figures = fundFigures(state);
  const current = state.revisions.at(-1);
  return {
    fundId: state.fundId,
    name: state.name,
    award: {
      reference: current?.reference ?? null,
      budgetCents: state.restrictions.budgetLines.reduce((sum, l) => sum + l.amountCents, 0),
      receivedCents: figures.receivedCents,
      matchRequiredCents: state.restrictions.match?.requiredCents ?? null,
    },
    period: { ...state.restrictions.period },
    closedOn: state.closedOut?.closedOn ?? null,
    closeOutReference: state.closedOut?.reference ?? null,
    lines,
    decisions: ACTIONS.map((action) => ({ action, reservations: outcomes.filter((o) => o.action === action).length, amountCents: sumOf(action) })),
    movedTo: [...movedTo].sort(([a], [b]) => a.localeCompare(b)).map(([fundId, amountCents]) => ({ fundId, amountCents })),
    totals: {
      spentCents: figures.disbursedCents,
      keptCents: figures.reservedCents,
      releasedCents: sumOf('release'),
      movedCents: sumOf('move'),
      unspentCents: figures.availableCents,
    },
  };
}
