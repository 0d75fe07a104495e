/**
 * What someone holding a published table can work out. Built only from the published grid (a
 * hidden value is null) and the fact that totals are sums, sharing no code with suppression.ts,
 * so the specs test the suppression against an outside attacker rather than against itself.
 */
export interface PublishedGrid {
  readonly cells: readonly (readonly (number | null)[])[];
  /** null when the table publishes no row totals (a hidden total is a null inside). */
  readonly rowTotals: readonly (number | null)[] | null;
  readonly columnTotals: readonly (number | null)[] | null;
  readonly grandTotal: number | null | undefined;
}

/** Where a recovered value sits: ['cell', r, c], ['row', r], ['column', c] or ['grand']. */
export type Place = readonly ['cell', number, number] | readonly ['row', number] | readonly ['column', number] | readonly ['grand'];

interface Equation {
  readonly terms: readonly { readonly place: string; readonly coefficient: 1 | -1 }[];
}

function equations(grid: PublishedGrid): { equations: Equation[]; values: Map<string, number | null> } {
  const values = new Map<string, number | null>();
  const rows = grid.cells.length;
  const columns = grid.cells[0]?.length ?? 0;
  grid.cells.forEach((row, r) => row.forEach((v, c) => values.set(JSON.stringify(['cell', r, c]), v)));
  grid.rowTotals?.forEach((v, r) => values.set(JSON.stringify(['row', r]), v));
  grid.columnTotals?.forEach((v, c) => values.set(JSON.stringify(['column', c]), v));
  const hasGrand = grid.grandTotal !== undefined && (grid.rowTotals !== null || grid.columnTotals !== null);
  if (hasGrand) values.set(JSON.stringify(['grand']), grid.grandTotal ?? null);
  const eqs: Equation[] = [];
  const place = (...p: (string | number)[]) => JSON.stringify(p);
  if (grid.rowTotals) {
    for (let r = 0; r < rows; r++) {
      eqs.push({ terms: [...Array.from({ length: columns }, (_, c) => ({ place: place('cell', r, c), coefficient: 1 as const })), { place: place('row', r), coefficient: -1 }] });
    }
    if (hasGrand) eqs.push({ terms: [...Array.from({ length: rows }, (_, r) => ({ place: place('row', r), coefficient: 1 as const })), { place: place('grand'), coefficient: -1 }] });
  }
  if (grid.columnTotals) {
    for (let c = 0; c < columns; c++) {
      eqs.push({ terms: [...Array.from({ length: rows }, (_, r) => ({ place: place('cell', r, c), coefficient: 1 as const })), { place: place('column', c), coefficient: -1 }] });
    }
    if (hasGrand) eqs.push({ terms: [...Array.from({ length: columns }, (_, c) => ({ place: place('column', c), coefficient: 1 as const })), { place: place('grand'), coefficient: -1 }] });
  }
  return { equations: eqs, values };
}

/** Attack 1: fill any equation with exactly one unknown, until nothing changes. */
export function eliminationAttack(grid: PublishedGrid): Map<string, number> {
  const { equations: eqs, values } = equations(grid);
  const known = new Map([...values].flatMap(([k, v]) => (v === null ? [] : [[k, v] as const])));
  const recovered = new Map<string, number>();
  for (let progress = true; progress; ) {
    progress = false;
    for (const eq of eqs) {
      const unknown = eq.terms.filter((t) => !known.has(t.place));
      if (unknown.length !== 1) continue;
      const target = unknown[0]!;
      const rest = eq.terms.filter((t) => t !== target).reduce((sum, t) => sum + t.coefficient * known.get(t.place)!, 0);
      const value = -rest / target.coefficient;
      known.set(target.place, value);
      recovered.set(target.place, value);
      progress = true;
    }
  }
  return recovered;
}

interface Fraction {
  readonly n: bigint;
  readonly d: bigint;
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
 * Attack 2: Gauss-Jordan elimination over exact rationals on all equations at once. A hidden
 * value is recovered when a reduced row names it alone.
 */
export function linearAlgebraAttack(grid: PublishedGrid): Map<string, number> {
  const { equations: eqs, values } = equations(grid);
  const unknowns = [...values].flatMap(([k, v]) => (v === null ? [k] : []));
  const index = new Map(unknowns.map((k, i) => [k, i]));
  const width = unknowns.length;
  const rows: Fraction[][] = eqs.map((eq) => {
    const row = Array.from({ length: width + 1 }, () => frac(0n));
    let rhs = 0n;
    for (const t of eq.terms) {
      const i = index.get(t.place);
      if (i === undefined) rhs -= BigInt(t.coefficient) * BigInt(values.get(t.place)!);
      else row[i] = frac(BigInt(t.coefficient));
    }
    row[width] = frac(rhs);
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
  const recovered = new Map<string, number>();
  for (const r of rows.slice(0, pivot)) {
    const nonZero = r.slice(0, width).flatMap((v, i) => (v.n === 0n ? [] : [i]));
    if (nonZero.length === 1) recovered.set(unknowns[nonZero[0]!]!, Number(r[width]!.n) / Number(r[width]!.d));
  }
  return recovered;
}

/** Both attacks on both grids (counts and amounts) of a published report table. */
export function attackReportTable(table: {
  readonly rows: readonly { readonly cells: readonly { count: number | null; amountCents: number | null }[]; readonly total: { count: number | null; amountCents: number | null } | null }[];
  readonly columnTotals: readonly { count: number | null; amountCents: number | null }[] | null;
  readonly grandTotal: { count: number | null; amountCents: number | null } | null;
  readonly amountOf: string | null;
}): string[] {
  const grid = (pick: (c: { count: number | null; amountCents: number | null }) => number | null): PublishedGrid => ({
    cells: table.rows.map((r) => r.cells.map(pick)),
    rowTotals: table.rows.every((r) => r.total === null) ? null : table.rows.map((r) => (r.total ? pick(r.total) : null)),
    columnTotals: table.columnTotals ? table.columnTotals.map(pick) : null,
    grandTotal: table.grandTotal ? pick(table.grandTotal) : undefined,
  });
  const grids = [grid((c) => c.count), ...(table.amountOf ? [grid((c) => c.amountCents)] : [])];
  return grids.flatMap((g) => [...eliminationAttack(g).keys(), ...linearAlgebraAttack(g).keys()]);
}
