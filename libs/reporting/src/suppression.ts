import { DomainError } from '@fund/event-sourcing';

/**
 * Small-cell suppression for published tables (domain.md, "Confidentiality is the first rule").
 *
 * A table is a grid of counts (with a parallel grid of amounts) and, optionally, a total per
 * row, a total per column and a grand total. We publish every count except:
 *
 * 1. Primary suppression: any count (cell or total) from 1 to threshold-1. Zero is published:
 *    "nobody in this cell" says nothing about a person, and hiding zeros would hide most of a
 *    sparse table for no protection.
 * 2. Margin protection: each published margin (the row totals with the grand total, the column
 *    totals with the grand total) is itself a one-line table; when it hides exactly one total,
 *    the next-smallest total of that margin is hidden too. This step looks at the margin's own
 *    values only, so two tables that share a margin (requests by category and by county share
 *    the outcome totals) hide the same totals and cannot be played against each other.
 * 3. Complementary suppression inside the grid, to a fixed point: a line (row or column whose
 *    total is published) with exactly one hidden entry gets its next-smallest published cell
 *    hidden (non-zero cells first, since a hidden zero protects little); then the whole system
 *    of line equations is solved the way an attacker would (exact linear algebra, not just
 *    "a line with one unknown") and any hidden entry it still pins down gets a further
 *    complementary cell, chosen so it breaks that recovery. Two lines of two hidden cells can
 *    still form a chain that gives a value away; only the full solve catches that.
 *
 * Amounts are hidden wherever their count is. What this does not claim: interval bounds
 * (a hidden count is known to lie between 0 and its line's total) are not widened on purpose.
 */
export const DEFAULT_THRESHOLD = 6;
export const MINIMUM_THRESHOLD = 3;
/** Above this a "small cell" is no longer small; also keeps report requests cheap. */
export const MAXIMUM_THRESHOLD = 100;

export function checkThreshold(threshold: number | undefined): number {
  const t = threshold ?? DEFAULT_THRESHOLD;
  if (!Number.isInteger(t) || t < MINIMUM_THRESHOLD || t > MAXIMUM_THRESHOLD) {
    throw new DomainError(
      'REPORTING.THRESHOLD_OUT_OF_RANGE',
      `The suppression threshold must be a whole number from ${MINIMUM_THRESHOLD} to ${MAXIMUM_THRESHOLD}; counts below it are hidden`,
      { field: 'threshold', minimum: MINIMUM_THRESHOLD, maximum: MAXIMUM_THRESHOLD },
      'validation',
    );
  }
  return t;
}

/**
 * The threshold a report is published at: the coalition's floor (REPORT_SUPPRESSION_THRESHOLD,
 * Maine's 6 by default) unless the reader asks for a higher one. A lower one is refused, naming
 * the parameter and the floor: the floor is the coalition's decision, not the reader's.
 */
export function resolveThreshold(requested: number | undefined, floor: number = DEFAULT_THRESHOLD): number {
  const f = checkThreshold(floor);
  if (requested === undefined) return f;
  if (!Number.isInteger(requested) || requested < f || requested > MAXIMUM_THRESHOLD) {
    const message = `threshold must be a whole number from ${f} (the coalition's floor: counts under ${f} are never published) to ${MAXIMUM_THRESHOLD}`;
    throw new DomainError('VALIDATION.FAILED', message, { errors: [{ field: 'threshold', rule: 'coalitionFloor', message, floor: f, maximum: MAXIMUM_THRESHOLD }] }, 'validation');
  }
  return requested;
}

export interface CountTable {
  /** rows x columns, non-negative integers. */
  readonly counts: readonly (readonly number[])[];
  /** Same shape as counts, integer cents. */
  readonly amounts?: readonly (readonly number[])[];
  readonly rowTotals: boolean;
  readonly columnTotals: boolean;
}

/** One published number pair. `null` means hidden; the reason is deliberately not said. */
export interface PublishedCell {
  readonly count: number | null;
  readonly amountCents: number | null;
  readonly suppressed: boolean;
}

export interface SuppressedTable {
  readonly cells: readonly (readonly PublishedCell[])[];
  readonly rowTotals: readonly PublishedCell[] | null;
  readonly columnTotals: readonly PublishedCell[] | null;
  readonly grandTotal: PublishedCell | null;
}

/**
 * The table laid out as numbered entries (cells, then row totals, column totals and the grand
 * total) and the line equations "sum of a line's cells minus its total = 0" that a reader of the
 * published table knows. Shared with the tests, which attack the same equations independently.
 */
export interface TableLayout {
  readonly rows: number;
  readonly columns: number;
  readonly values: readonly number[];
  /** Which entries appear in the published table at all (totals may not). */
  readonly present: readonly boolean[];
  readonly lines: readonly Line[];
  /** The margin lines (totals against the grand total), a subset of `lines`. */
  readonly marginLines: readonly Line[];
  /** Grid lines: each row and column whose total is published. */
  readonly gridLines: readonly Line[];
}

export interface Line {
  readonly members: readonly { readonly entry: number; readonly coefficient: 1 | -1 }[];
}

export const cellEntry = (layout: Pick<TableLayout, 'columns'>, row: number, column: number) => row * layout.columns + column;
export const rowTotalEntry = (layout: Pick<TableLayout, 'rows' | 'columns'>, row: number) => layout.rows * layout.columns + row;
export const columnTotalEntry = (layout: Pick<TableLayout, 'rows' | 'columns'>, column: number) => layout.rows * layout.columns + layout.rows + column;
export const grandTotalEntry = (layout: Pick<TableLayout, 'rows' | 'columns'>) => layout.rows * layout.columns + layout.rows + layout.columns;

function shapeOf(counts: readonly (readonly number[])[]): { rows: number; columns: number } {
  const rows = counts.length;
  const columns = counts[0]?.length ?? 0;
  if (rows === 0 || columns === 0) throw new Error('A table needs at least one row and one column');
  for (const row of counts) {
    if (row.length !== columns) throw new Error('Every row of a table has the same number of columns');
    for (const v of row) if (!Number.isInteger(v) || v < 0) throw new Error('Counts are non-negative integers');
  }
  return { rows, columns };
}

/**
 * A total that only repeats one cell (row totals of a one-column table, column totals of a
 * one-row table) is not published: it adds nothing and would undo the cell's suppression.
 */
export function publishedTotals(table: CountTable): { rowTotals: boolean; columnTotals: boolean } {
  const { rows, columns } = shapeOf(table.counts);
  return { rowTotals: table.rowTotals && columns > 1, columnTotals: table.columnTotals && rows > 1 };
}

export function layoutOf(input: CountTable): TableLayout {
  const { rows, columns } = shapeOf(input.counts);
  const table = { ...input, ...publishedTotals(input) };
  const shape = { rows, columns };
  const values: number[] = [];
  const present: boolean[] = [];
  const add = (value: number, published: boolean) => {
    values.push(value);
    present.push(published);
  };
  for (const row of table.counts) for (const v of row) add(v, true);
  const rowSums = table.counts.map((row) => row.reduce((a, b) => a + b, 0));
  const columnSums = Array.from({ length: columns }, (_, c) => table.counts.reduce((a, row) => a + row[c]!, 0));
  for (const v of rowSums) add(v, table.rowTotals);
  for (const v of columnSums) add(v, table.columnTotals);
  values.push(rowSums.reduce((a, b) => a + b, 0));
  present.push(table.rowTotals || table.columnTotals);

  const gridLines: Line[] = [];
  const marginLines: Line[] = [];
  if (table.rowTotals) {
    for (let r = 0; r < rows; r++) {
      gridLines.push({
        members: [...Array.from({ length: columns }, (_, c) => ({ entry: cellEntry(shape, r, c), coefficient: 1 as const })), { entry: rowTotalEntry(shape, r), coefficient: -1 }],
      });
    }
    marginLines.push({
      members: [...Array.from({ length: rows }, (_, r) => ({ entry: rowTotalEntry(shape, r), coefficient: 1 as const })), { entry: grandTotalEntry(shape), coefficient: -1 }],
    });
  }
  if (table.columnTotals) {
    for (let c = 0; c < columns; c++) {
      gridLines.push({
        members: [...Array.from({ length: rows }, (_, r) => ({ entry: cellEntry(shape, r, c), coefficient: 1 as const })), { entry: columnTotalEntry(shape, c), coefficient: -1 }],
      });
    }
    marginLines.push({
      members: [...Array.from({ length: columns }, (_, c) => ({ entry: columnTotalEntry(shape, c), coefficient: 1 as const })), { entry: grandTotalEntry(shape), coefficient: -1 }],
    });
  }
  return { rows, columns, values, present, lines: [...gridLines, ...marginLines], marginLines, gridLines };
}

/** Non-zero values first (a hidden zero protects little), then smallest, then first in order. */
function preference(values: readonly number[]) {
  return (a: number, b: number) => Number(values[a] === 0) - Number(values[b] === 0) || values[a]! - values[b]! || a - b;
}

/**
 * Which hidden entries the published table still determines exactly. The line equations form
 * (up to signs) the incidence matrix of a bipartite graph, which is totally unimodular, so rank
 * over a prime field equals rank over the rationals and arithmetic mod p is exact here.
 */
export function determinedEntries(layout: TableLayout, hidden: ReadonlySet<number>): number[] {
  const unknowns = [...hidden].filter((e) => layout.present[e]).sort((a, b) => a - b);
  const column = new Map(unknowns.map((e, i) => [e, i]));
  const matrix: number[][] = [];
  for (const line of layout.lines) {
    const row = new Array<number>(unknowns.length).fill(0);
    let any = false;
    for (const m of line.members) {
      const i = column.get(m.entry);
      if (i === undefined) continue;
      row[i] = (row[i]! + (m.coefficient === 1 ? 1 : P - 1)) % P;
      any = true;
    }
    if (any) matrix.push(row);
  }
  const reduced = rref(matrix, unknowns.length);
  const out: number[] = [];
  for (const row of reduced) {
    const nonZero = row.flatMap((v, i) => (v === 0 ? [] : [i]));
    if (nonZero.length === 1) out.push(unknowns[nonZero[0]!]!);
  }
  return out.sort((a, b) => a - b);
}

const P = 1_000_003;

function power(base: number, exponent: number): number {
  let result = 1;
  let b = base % P;
  let e = exponent;
  while (e > 0) {
    if (e & 1) result = (result * b) % P;
    b = (b * b) % P;
    e >>= 1;
  }
  return result;
}

function rref(input: number[][], width: number): number[][] {
  const m = input.map((r) => [...r]);
  let pivotRow = 0;
  for (let col = 0; col < width && pivotRow < m.length; col++) {
    const found = m.findIndex((r, i) => i >= pivotRow && r[col] !== 0);
    if (found < 0) continue;
    [m[pivotRow], m[found]] = [m[found]!, m[pivotRow]!];
    const pivot = m[pivotRow]!;
    const inverse = power(pivot[col]!, P - 2);
    for (let k = 0; k < width; k++) pivot[k] = (pivot[k]! * inverse) % P;
    for (let i = 0; i < m.length; i++) {
      const row = m[i]!;
      const factor = row[col]!;
      if (i === pivotRow || factor === 0) continue;
      for (let k = 0; k < width; k++) row[k] = (row[k]! - ((factor * pivot[k]!) % P) + P) % P;
    }
    pivotRow++;
  }
  return m.slice(0, pivotRow);
}

/** The set of hidden entries (cells and totals) for a table: the whole algorithm above. */
export function suppressionPattern(table: CountTable, threshold: number): { layout: TableLayout; hidden: Set<number> } {
  const t = checkThreshold(threshold);
  const layout = layoutOf(table);
  const { values, present } = layout;
  const hidden = new Set<number>();
  values.forEach((v, e) => {
    if (present[e] && v > 0 && v < t) hidden.add(e);
  });
  const byPreference = preference(values);
  const grand = grandTotalEntry(layout);
  const cellCount = layout.rows * layout.columns;
  const isCell = (e: number) => e < cellCount;

  // Step 2: each margin line on its own values, to a fixed point (the grand total is shared).
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of layout.marginLines) {
      const members = line.members.map((m) => m.entry);
      if (members.filter((e) => hidden.has(e)).length !== 1) continue;
      const candidates = members.filter((e) => !hidden.has(e) && e !== grand).sort(byPreference);
      hidden.add(candidates[0] ?? grand);
      changed = true;
    }
  }

  // Step 3: complementary cells inside the grid, until nothing hidden can be solved for.
  const openCells = () => Array.from({ length: cellCount }, (_, e) => e).filter((e) => !hidden.has(e));
  for (let guard = 0; guard <= values.length; guard++) {
    let changed = false;
    for (const line of layout.gridLines) {
      const members = line.members.map((m) => m.entry);
      if (members.filter((e) => hidden.has(e)).length !== 1) continue;
      const next = members.filter((e) => isCell(e) && !hidden.has(e)).sort(byPreference)[0];
      if (next !== undefined) {
        hidden.add(next);
        changed = true;
      }
    }
    if (changed) continue;
    const determined = determinedEntries(layout, hidden);
    const target = determined[0];
    if (target === undefined) return { layout, hidden };
    const sameLine = new Set(layout.gridLines.filter((l) => l.members.some((m) => m.entry === target)).flatMap((l) => l.members.map((m) => m.entry)));
    const candidates = openCells().sort((a, b) => Number(!sameLine.has(a)) - Number(!sameLine.has(b)) || byPreference(a, b));
    const breaking = candidates.find((e) => !determinedEntries(layout, new Set([...hidden, e])).includes(target));
    // No single cell breaks it (it needs a whole new rectangle): take the nearest and go on.
    const pick = breaking ?? candidates[0] ?? values.map((_, e) => e).filter((e) => present[e] && !hidden.has(e)).sort(byPreference)[0];
    if (pick === undefined) return { layout, hidden };
    hidden.add(pick);
  }
  throw new Error('Suppression did not reach a fixed point');
}

/** Applies suppression and returns the table as it may be published. */
export function suppressTable(table: CountTable, threshold: number): SuppressedTable {
  const { layout, hidden } = suppressionPattern(table, threshold);
  const { rows, columns } = layout;
  const totals = publishedTotals(table);
  const amounts = table.amounts ?? table.counts.map((row) => row.map(() => 0));
  const rowAmounts = amounts.map((row) => row.reduce((a, b) => a + b, 0));
  const columnAmounts = Array.from({ length: columns }, (_, c) => amounts.reduce((a, row) => a + (row[c] ?? 0), 0));
  const hasAmounts = table.amounts !== undefined;
  const publish = (entry: number, amount: number): PublishedCell =>
    hidden.has(entry)
      ? { count: null, amountCents: null, suppressed: true }
      : { count: layout.values[entry]!, amountCents: hasAmounts ? amount : null, suppressed: false };
  return {
    cells: Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => publish(cellEntry(layout, r, c), amounts[r]?.[c] ?? 0))),
    rowTotals: totals.rowTotals ? rowAmounts.map((a, r) => publish(rowTotalEntry(layout, r), a)) : null,
    columnTotals: totals.columnTotals ? columnAmounts.map((a, c) => publish(columnTotalEntry(layout, c), a)) : null,
    grandTotal: totals.rowTotals || totals.columnTotals ? publish(grandTotalEntry(layout), rowAmounts.reduce((a, b) => a + b, 0)) : null,
  };
}

/**
 * Publishes the tables of one suppression group (report-tables.ts): cross-tabulations of one
 * population, which share margins. Each is protected on its own here, and margin protection
 * (step 2) makes tables sharing a margin hide the same totals; complementary suppression across
 * a group's tables (a cell of one worked out from the cells of another) belongs here, so that
 * every published table keeps coming through this one door.
 */
export function suppressGroup(tables: readonly CountTable[], threshold: number): SuppressedTable[] {
  return tables.map((table) => suppressTable(table, threshold));
}
