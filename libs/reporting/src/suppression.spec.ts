import fc from 'fast-check';
import { DEFAULT_THRESHOLD, checkThreshold, suppressTable, type SuppressedTable } from './suppression';
import { eliminationAttack, linearAlgebraAttack, type PublishedGrid } from './testing/attacks';

/** The published table as a reader holds it, for the outside attackers. */
function gridOf(published: SuppressedTable): PublishedGrid {
  return {
    cells: published.cells.map((row) => row.map((c) => c.count)),
    rowTotals: published.rowTotals?.map((c) => c.count) ?? null,
    columnTotals: published.columnTotals?.map((c) => c.count) ?? null,
    grandTotal: published.grandTotal ? published.grandTotal.count : undefined,
  };
}

/** A grid with every total, hiding the given cells only. */
function gridHiding(counts: number[][], hidden: (r: number, c: number) => boolean): PublishedGrid {
  return {
    cells: counts.map((row, r) => row.map((v, c) => (hidden(r, c) ? null : v))),
    rowTotals: counts.map((row) => row.reduce((a, b) => a + b, 0)),
    columnTotals: counts[0]!.map((_, c) => counts.reduce((a, row) => a + row[c]!, 0)),
    grandTotal: counts.flat().reduce((a, b) => a + b, 0),
  };
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
    const primaryOnly = gridHiding(counts, (r, c) => counts[r]![c] === 1);
    // Primary suppression alone survives the naive attack but not the full solve...
    expect(eliminationAttack(primaryOnly).size).toBe(0);
    expect([...linearAlgebraAttack(primaryOnly)]).toEqual([[JSON.stringify(['cell', 0, 2]), 1]]);
    // ...so more cells are hidden, and then neither attack recovers anything.
    const published = suppressTable({ counts, rowTotals: true, columnTotals: true }, 3);
    expect(published.cells.flat().filter((c) => c.suppressed).length).toBeGreaterThan(counts.flat().filter((v) => v === 1).length);
    expect(eliminationAttack(gridOf(published)).size).toBe(0);
    expect(linearAlgebraAttack(gridOf(published)).size).toBe(0);
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
        const grid = gridOf(suppressTable(table, threshold));
        const lines: (number | null)[][] = [];
        if (grid.rowTotals) {
          grid.cells.forEach((row, r) => lines.push([...row, grid.rowTotals![r]!]));
          lines.push([...grid.rowTotals, grid.grandTotal ?? null]);
        }
        if (grid.columnTotals) {
          grid.columnTotals.forEach((total, c) => lines.push([...grid.cells.map((row) => row[c]!), total]));
          lines.push([...grid.columnTotals, grid.grandTotal ?? null]);
        }
        for (const line of lines) {
          const hidden = line.filter((v) => v === null).length;
          expect(hidden === 0 || hidden >= 2).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('property: an attacker with every published cell and total recovers no hidden value', () => {
    fc.assert(
      fc.property(tables, ({ threshold, ...table }) => {
        const published = suppressTable(table, threshold);
        expect([...eliminationAttack(gridOf(published)).keys()]).toEqual([]);
        expect([...linearAlgebraAttack(gridOf(published)).keys()]).toEqual([]);
        // The amounts grid has the same holes and published totals: the same must hold.
        const amounts: PublishedGrid = {
          cells: published.cells.map((row) => row.map((c) => c.amountCents)),
          rowTotals: published.rowTotals?.map((c) => c.amountCents) ?? null,
          columnTotals: published.columnTotals?.map((c) => c.amountCents) ?? null,
          grandTotal: published.grandTotal ? published.grandTotal.amountCents : undefined,
        };
        expect([...linearAlgebraAttack(amounts).keys()]).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('the attackers are real: a lone hidden cell is solved by both', () => {
    const grid = gridHiding([[2, 10, 10], [10, 10, 10]], (r, c) => r === 0 && c === 0);
    expect(eliminationAttack(grid).get(JSON.stringify(['cell', 0, 0]))).toBe(2);
    expect(linearAlgebraAttack(grid).get(JSON.stringify(['cell', 0, 0]))).toBe(2);
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
