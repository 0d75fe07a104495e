import { createHash } from 'node:crypto';
import highsLoader from 'highs';
import { cellEntry, columnTotalEntry, rowTotalEntry, suppressionPattern, type TableLayout } from './suppression';

/**
 * Suppression of one population's tables as one linked set (issue 17, ADR 0009).
 *
 * The tables of a suppression group count the same records cut different ways, so they share
 * margins: every table with "expense category" as its rows has the same category totals, every
 * table of the group the same grand total. Each figure is therefore one entry, named by what it
 * is (a cell of a table, the margin of a field's code, the grand total), whichever table shows
 * it, and the true relations between them are the line equations of every table over those
 * shared entries. A reader knows those equations and that counts are never negative.
 *
 * 1. Primary: every present entry from 1 to threshold-1 is hidden, and every entry already
 *    hidden in `initial` (the floor's pattern when a higher threshold is asked for, so a higher
 *    threshold only ever hides more; the pattern of a longer period's quarters).
 * 2. Audit and complement, as tau-argus's audit does: for each hidden entry, two linear
 *    programmes over the equations (published entries fixed, hidden ones free and non-negative)
 *    give the least and greatest value a reader can work out. While that interval is narrower
 *    than the threshold, the smallest published entry that shares an equation with the hidden
 *    entry's component is hidden too (cells before totals, non-zero before zero). Hiding more
 *    only widens every interval, so an entry that passed stays passed and one pass suffices.
 *
 * Amounts are hidden wherever their count is; the attacker test checks that no hidden amount is
 * pinned either.
 */

export interface LinkedTable {
  readonly name: string;
  readonly rowField: string;
  readonly rowCodes: readonly string[];
  readonly columnField: string;
  readonly columnCodes: readonly string[];
  readonly counts: readonly (readonly number[])[];
  readonly rowTotals: boolean;
  readonly columnTotals: boolean;
}

/** Entry names: one per figure, whichever table shows it. */
export const cellId = (table: string, row: string, column: string) => `cell|${table}|${row}|${column}`;
export const marginId = (field: string, code: string) => `margin|${field}|${code}`;
export const GRAND_ID = 'grand';

/** The id of a per-table layout entry (suppression.ts numbers cells, row totals, column totals, grand). */
function entryId(t: LinkedTable, layout: TableLayout, e: number): string {
  if (e < rowTotalEntry(layout, 0)) {
    const r = Math.floor(e / layout.columns);
    return cellId(t.name, t.rowCodes[r]!, t.columnCodes[e - cellEntry(layout, r, 0)]!);
  }
  if (e < columnTotalEntry(layout, 0)) return marginId(t.rowField, t.rowCodes[e - rowTotalEntry(layout, 0)]!);
  if (e < columnTotalEntry(layout, layout.columns)) return marginId(t.columnField, t.columnCodes[e - columnTotalEntry(layout, 0)]!);
  return GRAND_ID;
}

interface Term {
  readonly v: number;
  readonly c: 1 | -1;
}

interface System {
  readonly ids: string[];
  readonly values: number[];
  readonly present: boolean[];
  readonly isCell: boolean[];
  readonly equations: Term[][];
}

function systemOf(tables: readonly LinkedTable[]): System {
  const index = new Map<string, number>();
  const s: System = { ids: [], values: [], present: [], isCell: [], equations: [] };
  const entry = (id: string, value: number, present: boolean, isCell: boolean) => {
    let i = index.get(id);
    if (i === undefined) {
      i = s.ids.length;
      index.set(id, i);
      s.ids.push(id);
      s.values.push(value);
      s.present.push(present);
      s.isCell.push(isCell);
    } else if (present) {
      s.present[i] = true;
    }
    return i;
  };
  for (const t of tables) {
    const rows = t.rowCodes.length;
    const cols = t.columnCodes.length;
    const rowTotals = t.rowTotals && cols > 1;
    const columnTotals = t.columnTotals && rows > 1;
    const cells = t.counts.map((line, r) => line.map((v, c) => entry(cellId(t.name, t.rowCodes[r]!, t.columnCodes[c]!), v, true, true)));
    const rowSums = t.counts.map((line) => line.reduce((a, b) => a + b, 0));
    const grandValue = rowSums.reduce((a, b) => a + b, 0);
    const rowMargins = t.rowCodes.map((code, r) => entry(marginId(t.rowField, code), rowSums[r]!, rowTotals, false));
    const colMargins = t.columnCodes.map((code, c) => entry(marginId(t.columnField, code), t.counts.reduce((a, line) => a + line[c]!, 0), columnTotals, false));
    const grand = entry(GRAND_ID, grandValue, rowTotals || columnTotals, false);
    cells.forEach((line, r) => s.equations.push([...line.map((v) => ({ v, c: 1 as const })), { v: rowMargins[r]!, c: -1 }]));
    colMargins.forEach((m, c) => s.equations.push([...cells.map((line) => ({ v: line[c]!, c: 1 as const })), { v: m, c: -1 }]));
    s.equations.push([...rowMargins.map((v) => ({ v, c: 1 as const })), { v: grand, c: -1 }]);
    s.equations.push([...colMargins.map((v) => ({ v, c: 1 as const })), { v: grand, c: -1 }]);
  }
  return s;
}

/** How many complement candidates are tried per step (each costs two small linear programmes). */
const CANDIDATES = 6;

let solver: Awaited<ReturnType<typeof highsLoader>> | undefined;

/** Loads the solver once per process (WebAssembly, no native code). */
export async function loadSolver(): Promise<void> {
  solver ??= await highsLoader();
}

/** The hidden entries connected to `target` through equations: what a complement must touch. */
function componentOf(s: System, hidden: ReadonlySet<number>, target: number): Set<number> {
  const unknown = (v: number) => hidden.has(v) || !s.present[v];
  const component = new Set<number>([target]);
  const used = new Set<number>();
  for (let grew = true; grew; ) {
    grew = false;
    s.equations.forEach((eq, i) => {
      if (used.has(i) || !eq.some((t) => component.has(t.v))) return;
      used.add(i);
      for (const t of eq) {
        if (unknown(t.v) && !component.has(t.v)) {
          component.add(t.v);
          grew = true;
        }
      }
    });
  }
  return component;
}

/**
 * One persistent HiGHS model of the group: every entry a column (a published one fixed to its
 * value, a hidden or absent one free and non-negative), every equation a row. Hiding an entry
 * frees its column and bounding another entry changes the objective, so each solve starts warm
 * from the last; a fresh model per question cost about 50 ms a solve on a loaded machine.
 */
class Audit {
  private readonly model: ReturnType<NonNullable<typeof solver>['createModel']>;
  private objective = -1;

  constructor(
    private readonly s: System,
    hidden: ReadonlySet<number>,
  ) {
    const highs = solver!;
    this.model = highs.createModel();
    this.model.options.set({ output_flag: false });
    const unknown = (v: number) => hidden.has(v) || !s.present[v];
    this.model.addVars(
      s.values.map((value, v) => (unknown(v) ? 0 : value)),
      s.values.map((value, v) => (unknown(v) ? highs.infinity : value)),
    );
    for (const eq of s.equations) this.model.addRow(0, 0, { indices: eq.map((t) => t.v), values: eq.map((t) => t.c) });
  }

  hide(v: number): void {
    this.model.changeColBounds(v, 0, solver!.infinity);
  }

  publish(v: number): void {
    this.model.changeColBounds(v, this.s.values[v]!, this.s.values[v]!);
  }

  /** The interval a reader can work out for entry `target`, given what is hidden now. */
  interval(target: number): { lower: number; upper: number } {
    const highs = solver!;
    if (this.objective !== target) {
      if (this.objective >= 0) this.model.changeColCost(this.objective, 0);
      this.model.changeColCost(target, 1);
      this.objective = target;
    }
    const solve = (sense: 'minimize' | 'maximize') => {
      this.model.changeObjectiveSense(highs.constants.objectiveSense[sense]);
      const { modelStatus } = this.model.run();
      const status = highs.constants.modelStatus;
      if (modelStatus === status.optimal) return this.model.getObjectiveValue();
      // The true counts are a solution, so "unbounded or infeasible" can only be unbounded.
      if (sense === 'maximize' && (modelStatus === status.unbounded || modelStatus === status.unboundedOrInfeasible)) return Number.POSITIVE_INFINITY;
      throw new Error(`Suppression audit: no ${sense} for an entry (HiGHS model status ${modelStatus})`);
    };
    return { lower: Math.ceil(solve('minimize') - 1e-6), upper: Math.floor(solve('maximize') + 1e-6) };
  }

  dispose(): void {
    this.model.dispose();
  }
}

/**
 * The hidden entries (by id) of a group's tables at `threshold`. Deterministic: the same counts,
 * threshold and `initial` give the same pattern, so a period's figures never change.
 */
export function linkedPattern(tables: readonly LinkedTable[], threshold: number, initial: ReadonlySet<string> = new Set()): Set<string> {
  const key = createHash('sha256')
    .update(JSON.stringify([tables, threshold, [...initial].sort()]))
    .digest('base64');
  let pattern = patterns.get(key);
  if (pattern) {
    patterns.delete(key); // most recently used last
  } else {
    pattern = solvePattern(tables, threshold, initial);
  }
  patterns.set(key, pattern);
  if (patterns.size > PATTERNS_KEPT) patterns.delete(patterns.keys().next().value!);
  return new Set(pattern);
}

/**
 * Patterns already solved, by their whole input. The pattern is a pure function of the counts,
 * the threshold and what is hidden already, and every report of a longer period solves each of
 * its quarters again (a fiscal year four quarters, then itself; the federal and statewide tables
 * the same quarters once more), each solve costing linear programmes: the second asking of the
 * same figures is a lookup. Kept by last use, a few hundred at most.
 */
const patterns = new Map<string, ReadonlySet<string>>();
const PATTERNS_KEPT = 256;

function solvePattern(tables: readonly LinkedTable[], threshold: number, initial: ReadonlySet<string>): Set<string> {
  const s = systemOf(tables);
  // Each table's own line-based pattern first (suppression.ts): cheap, and it leaves the audit
  // below few complements to find, each of which costs linear programmes.
  const seeded = new Set(initial);
  for (const t of tables) {
    const { layout, hidden } = suppressionPattern({ counts: t.counts, rowTotals: t.rowTotals, columnTotals: t.columnTotals }, threshold);
    for (const e of hidden) seeded.add(entryId(t, layout, e));
  }
  const hidden = new Set<number>();
  s.ids.forEach((id, v) => {
    if (!s.present[v]) return;
    const value = s.values[v]!;
    if ((value > 0 && value < threshold) || seeded.has(id)) hidden.add(v);
  });
  const preference = (a: number, b: number) =>
    Number(!s.isCell[a]) - Number(!s.isCell[b]) || Number(s.values[a] === 0) - Number(s.values[b] === 0) || s.values[a]! - s.values[b]! || a - b;
  const queue = [...hidden].sort((a, b) => a - b);
  const audit = new Audit(s, hidden);
  try {
    for (let k = 0; k < queue.length; k++) {
      const target = queue[k]!;
      for (;;) {
        const { lower, upper } = audit.interval(target);
        if (upper - lower >= threshold) break;
        const component = componentOf(s, hidden, target);
        const frontier = new Set<number>();
        for (const eq of s.equations) {
          if (!eq.some((t) => component.has(t.v))) continue;
          for (const t of eq) if (s.present[t.v] && !hidden.has(t.v)) frontier.add(t.v);
        }
        // Of the likeliest few, the one that widens the target's interval most: hiding cells of a
        // line whose total is hidden can never free that total, and trying in order hid far too much.
        let pick: number | undefined;
        let best = -1;
        for (const candidate of [...frontier].sort(preference).slice(0, CANDIDATES)) {
          audit.hide(candidate);
          const widened = audit.interval(target);
          audit.publish(candidate);
          const width = widened.upper - widened.lower;
          if (width > best) [pick, best] = [candidate, width];
          if (width >= threshold) break;
        }
        if (pick === undefined) break;
        hidden.add(pick);
        audit.hide(pick);
        queue.push(pick);
      }
    }
  } finally {
    audit.dispose();
  }
  return new Set([...hidden].map((v) => s.ids[v]!));
}
