import fc from 'fast-check';
import {
  DEFAULT_THRESHOLD,
  cellEntry,
  checkThreshold,
  columnTotalEntry,
  grandTotalEntry,
  rowTotalEntry,
  suppressTable,
  suppressionPattern,
  type CountTable,
  type SuppressedTable,
  type TableLayout,
} from './suppression';

/** What a reader of the published table sees: entry -> value, hidden entries absent. */
function publishedValues(layout: TableLayout, published: SuppressedTable): Map<number, number> {
  const known = new Map<number, number>();
  const put = (entry: number, count: number | null) => {
    if (count !== null) known.set(entry, count);
  };
  published.cells.forEach((row, r) => row.forEach((cell, c) => put(cellEntry(layout, r, c), cell.count)));
  published.rowTotals?.forEach((cell, r) => put(rowTotalEntry(layout, r), cell.count));
  published.columnTotals?.forEach((cell, c) => put(columnTotalEntry(layout, c), cell.count));
  if (published.grandTotal) put(grandTotalEntry(layout), published.grandTotal.count);
  return known;
}

function hiddenEntries(layout: TableLayout, known: Map<number, number>): number[] {
  return layout.values.flatMap((_, e) => (layout.present[e] && !known.has(e) ? [e] : []));
}

/** Attack 1: fill any line with exactly one unknown, until nothing changes. */
function eliminationAttack(layout: TableLayout, published: Map<number, number>): Map<number, number> {
  const known = new Map(published);
  const recovered = new Map<number, number>();
  for (let progress = true; progress; ) {
    progress = false;
    for (const line of layout.lines) {
      const unknown = line.members.filter((m) => !known.has(m.entry));
      if (unknown.length !== 1) continue;
      const target = unknown[0]!;
      const rest = line.members.filter((m) => m !== target).reduce((sum, m) => sum + m.coefficient * known.get(m.entry)!, 0);
      const value = -rest / target.coefficient;
      known.set(target.entry, value);
      recovered.set(target.entry, value);
      progress = true;
    }
  }
  return recovered;
}

/** Exact rationals, so this attacker shares no arithmetic with the code under test. */
interface Fraction {
  n: bigint;
  d: bigint;
}
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
const frac = (n: bigint, d = 1n): Fraction => {
  const g = gcd(n, d) || 1n;
  const s = d < 0n ? -1n : 1n;
  return { n: (s * n) / g, d: (s * d) / g };
};
const sub = (a: Fraction, b: Fraction) => frac(a.n * b.d - b.n * a.d, a.d * b.d);
const mul = (a: Fraction, b: Fraction) => frac(a.n * b.n, a.d * b.d);
const div = (a: Fraction, b: Fraction) => frac(a.n * b.d, a.d * b.n);

/**
 * Attack 2: Gauss-Jordan elimination over the rationals on every line equation at once. A hidden
 * entry is recovered when a reduced row names it alone; its value is that row's right side.
 */
function linearAlgebraAttack(layout: TableLayout, published: Map<number, number>): Map<number, number> {
  const unknowns = hiddenEntries(layout, published);
  const index = new Map(unknowns.map((e, i) => [e, i]));
  const width = unknowns.length;
  const rows: Fraction[][] = layout.lines.map((line) => {
    const row = Array.from({ length: width + 1 }, () => frac(0n));
    let rhs = 0;
    for (const m of line.members) {
      const i = index.get(m.entry);
      if (i === undefined) rhs -= m.coefficient * published.get(m.entry)!;
      else row[i] = frac(BigInt(m.coefficient));
    }
    row[width] = frac(BigInt(rhs));
    return row;
  });
  let pivot = 0;
  for (let col = 0; col < width && pivot < rows.length; col++) {
    const found = rows.findIndex((r, i) => i >= pivot && r[col]!.n !== 0n);
    if (found < 0) continue;
    [rows[pivot], rows[found]] = [rows[found]!, rows[pivot]!];
    const p = rows[pivot]!;
    const lead = p[col]!;
    for (let k = 0; k <= width; k++) p[k] = div(p[k]!, lead);
    rows.forEach((r, i) => {
      if (i === pivot || r[col]!.n === 0n) return;
      const f = r[col]!;
      for (let k = 0; k <= width; k++) r[k] = sub(r[k]!, mul(f, p[k]!));
    });
    pivot++;
  }
  const recovered = new Map<number, number>();
  for (const r of rows.slice(0, pivot)) {
    const nonZero = r.slice(0, width).flatMap((v, i) => (v.n === 0n ? [] : [i]));
    if (nonZero.length === 1) recovered.set(unknowns[nonZero[0]!]!, Number(r[width]!.n) / Number(r[width]!.d));
  }
  return recovered;
}

const smallCount = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 8 }) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 80 }) },
);

const tables = fc
  .record({ rows: fc.integer({ min: 1, max: 6 }), columns: fc.integer({ min: 1, max: 6 }), rowTotals: fc.boolean(), columnTotals: fc.boolean() })
  .chain(({ rows, columns, rowTotals, columnTotals }) =>
    fc.record({
      counts: fc.array(fc.array(smallCount, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }),
      amounts: fc.array(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }),
      rowTotals: fc.constant(rowTotals),
      columnTotals: fc.constant(columnTotals),
      threshold: fc.integer({ min: 3, max: 10 }),
    }),
  );

describe('small-cell suppression', () => {
  it('defaults to 6 and refuses a threshold below 3 with a clear error', () => {
    expect(checkThreshold(undefined)).toBe(DEFAULT_THRESHOLD);
    expect(checkThreshold(3)).toBe(3);
    expect(() => checkThreshold(2)).toThrow(expect.objectContaining({ code: 'REPORTING.THRESHOLD_OUT_OF_RANGE', kind: 'validation' }));
    expect(() => checkThreshold(4.5)).toThrow(/whole number from 3/);
    expect(() => suppressTable({ counts: [[1]], rowTotals: false, columnTotals: false }, 1)).toThrow(/from 3/);
  });

  it('publishes zeros and counts at or above the threshold as they are', () => {
    const out = suppressTable({ counts: [[0, 6], [10, 7]], amounts: [[0, 600], [1000, 700]], rowTotals: true, columnTotals: true }, 6);
    expect(out.cells.map((r) => r.map((c) => c.count))).toEqual([[0, 6], [10, 7]]);
    expect(out.rowTotals?.map((c) => c.count)).toEqual([6, 17]);
    expect(out.columnTotals?.map((c) => c.amountCents)).toEqual([1000, 1300]);
    expect(out.grandTotal).toEqual({ count: 23, amountCents: 2300, suppressed: false });
  });

  it('hides a small cell, its amount, and enough neighbours that totals do not give it back', () => {
    const out = suppressTable(
      { counts: [[2, 10, 20], [8, 12, 30], [9, 15, 40]], amounts: [[200, 1, 1], [800, 1, 1], [900, 1, 1]], rowTotals: true, columnTotals: true },
      6,
    );
    const hidden = out.cells.map((r) => r.map((c) => c.suppressed));
    // The 2 at top left pairs with the smallest cells of its row and column, closing a rectangle.
    expect(hidden).toEqual([
      [true, true, false],
      [true, true, false],
      [false, false, false],
    ]);
    expect(out.cells[0]![0]).toEqual({ count: null, amountCents: null, suppressed: true });
    expect(out.rowTotals?.every((c) => !c.suppressed)).toBe(true);
  });

  it('hides small totals, and protects a hidden total inside its margin', () => {
    const out = suppressTable({ counts: [[1, 0], [2, 0], [20, 9]], rowTotals: true, columnTotals: true }, 6);
    expect(out.rowTotals?.map((c) => c.count)).toEqual([null, null, 29]);
    expect(out.grandTotal?.count).toBe(32);
  });

  it('catches a chain of hidden pairs that line counting alone would pass', () => {
    // Two 2x2 blocks of hidden cells joined by one more hidden cell: every line has two hidden
    // entries, yet the joining cell follows from the totals.
    const counts = [
      [1, 1, 1, 50, 50],
      [1, 1, 50, 50, 50],
      [50, 50, 1, 1, 50],
      [50, 50, 1, 1, 50],
    ];
    const table: CountTable = { counts, rowTotals: true, columnTotals: true };
    const { layout, hidden } = suppressionPattern(table, 3);
    const publishedExcept = (hide: ReadonlySet<number>) => new Map(layout.values.flatMap((v, e) => (layout.present[e] && !hide.has(e) ? [[e, v] as const] : [])));
    const primaryOnly = new Set(layout.values.flatMap((v, e) => (e < 20 && v === 1 ? [e] : [])));
    // Primary suppression alone survives the naive attack but not the full solve...
    expect(eliminationAttack(layout, publishedExcept(primaryOnly)).size).toBe(0);
    expect([...linearAlgebraAttack(layout, publishedExcept(primaryOnly))]).toEqual([[cellEntry(layout, 0, 2), 1]]);
    // ...so one more cell is hidden, and then neither attack recovers anything.
    expect(hidden.size).toBeGreaterThan(primaryOnly.size);
    expect(eliminationAttack(layout, publishedExcept(hidden)).size).toBe(0);
    expect(linearAlgebraAttack(layout, publishedExcept(hidden)).size).toBe(0);
  });

  it('property: every published count is 0 or at least the threshold; amounts hide with counts', () => {
    fc.assert(
      fc.property(tables, ({ threshold, ...table }) => {
        const out = suppressTable(table, threshold);
        const all = [...out.cells.flat(), ...(out.rowTotals ?? []), ...(out.columnTotals ?? []), ...(out.grandTotal ? [out.grandTotal] : [])];
        for (const cell of all) {
          if (cell.count !== null) expect(cell.count === 0 || cell.count >= threshold).toBe(true);
          expect(cell.suppressed).toBe(cell.count === null);
          if (cell.suppressed) expect(cell.amountCents).toBeNull();
        }
        out.cells.forEach((row, r) => row.forEach((cell, c) => {
          if (!cell.suppressed) expect([cell.count, cell.amountCents]).toEqual([table.counts[r]![c], table.amounts[r]![c]]);
        }));
      }),
      { numRuns: 400 },
    );
  });

  it('property: each line with a published total holds no hidden entry or at least two', () => {
    fc.assert(
      fc.property(tables, ({ threshold, ...table }) => {
        const { layout } = suppressionPattern(table, threshold);
        const known = publishedValues(layout, suppressTable(table, threshold));
        for (const line of layout.lines) {
          const unknown = line.members.filter((m) => !known.has(m.entry)).length;
          expect(unknown === 0 || unknown >= 2).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('property: an attacker with every published cell and total recovers no hidden value', () => {
    fc.assert(
      fc.property(tables, ({ threshold, ...table }) => {
        const { layout } = suppressionPattern(table, threshold);
        const known = publishedValues(layout, suppressTable(table, threshold));
        expect([...eliminationAttack(layout, known).keys()]).toEqual([]);
        expect([...linearAlgebraAttack(layout, known).keys()]).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('the attackers are real: a lone hidden cell is solved by both', () => {
    // Guards the attacker itself: a lone small cell in a row of published cells is solved exactly.
    const counts = [[2, 10, 10], [10, 10, 10]];
    const layout = suppressionPattern({ counts, rowTotals: true, columnTotals: true }, 6).layout;
    const known = new Map(layout.values.flatMap((v, e) => (e === cellEntry(layout, 0, 0) ? [] : [[e, v] as const])));
    expect(eliminationAttack(layout, known).get(cellEntry(layout, 0, 0))).toBe(2);
    expect(linearAlgebraAttack(layout, known).get(cellEntry(layout, 0, 0))).toBe(2);
  });

  it('property: tables sharing a margin hide the same totals in it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }).chain((columns) => fc.array(fc.array(smallCount, { minLength: columns, maxLength: columns }), { minLength: 3, maxLength: 6 })),
        fc.integer({ min: 3, max: 8 }),
        (a, threshold) => {
          // The same population broken down another way: rows merged, column totals unchanged.
          const b = [a[0]!.map((v, c) => v + a[1]![c]!), ...a.slice(2)];
          const hiddenTotals = (counts: number[][]) => {
            const out = suppressTable({ counts, rowTotals: true, columnTotals: true }, threshold);
            return [...out.columnTotals!.map((c) => c.suppressed), out.grandTotal!.suppressed];
          };
          expect(hiddenTotals(b)).toEqual(hiddenTotals(a));
        },
      ),
      { numRuns: 300 },
    );
  });
});
