import highsLoader from 'highs';

/**
 * The funder as an attacker, built from published JSON only and sharing no code with
 * suppression.ts: every figure a funder can fetch becomes a variable (a published one is fixed
 * to its value), every relation the documentation states becomes an equation (a table's lines
 * add up, tables of one population share their margins, an additive table of a half-year or a
 * year is the sum of its quarters, the statement's lines are the donations table's cells and
 * its balances chain), and for every suppressed figure a pair of linear programs finds the
 * least and greatest value it can take (counts and amounts are non-negative), as tau-argus's
 * audit does. Integer bounds are the LP bounds rounded inward (ceil of the least, floor of the
 * greatest), which contain the integer programme's bounds.
 *
 * A suppressed count whose interval is narrower than the threshold (upper - lower < threshold),
 * or a suppressed amount that is pinned exactly, is a finding.
 */

export interface PublishedCellJson {
  readonly count: number | null;
  readonly amountCents: number | null;
  readonly suppressed: boolean;
}

export interface PublishedTableJson {
  readonly name: string;
  readonly amountOf: string | null;
  readonly columns: readonly { readonly key: string }[];
  readonly rows: readonly { readonly key: string; readonly cells: readonly PublishedCellJson[]; readonly total: PublishedCellJson | null }[];
  readonly columnTotals: readonly PublishedCellJson[] | null;
  readonly grandTotal: PublishedCellJson | null;
}

export interface PublishedReportJson {
  readonly period: { readonly kind: string; readonly start: string; readonly end: string };
  readonly threshold: number;
  readonly tables: readonly PublishedTableJson[];
}

export interface StatementLineJson {
  readonly key: string;
  readonly count: number | null;
  readonly amountCents: number | null;
}

export interface PublishedStatementJson {
  readonly period: { readonly start: string; readonly end: string };
  readonly threshold: number;
  readonly openingBalanceCents: number | null;
  readonly donations: readonly StatementLineJson[];
  readonly donationsCents: number | null;
  readonly disbursements: readonly StatementLineJson[];
  readonly disbursementsCents: number | null;
  readonly voidsReturnedCents: number | null;
  readonly closingBalanceCents: number | null;
}

/** What the documentation tells a reader about a table: the population it counts and its two axes. */
export interface TableMeaning {
  readonly group: string;
  readonly rowField: string;
  readonly columnField: string;
  /** Cells of a longer period are the sums of its quarters' cells. */
  readonly additiveCells: boolean;
  /** Row (and grand) totals of a longer period are the sums of its quarters'. */
  readonly additiveTotals: boolean;
  /** Its counts are the cells of this other table (the statewide unmet need: the requests tables' counts, another amount). */
  readonly countsOf?: string;
  /** Its amounts are another population's (unmet need, not amount requested): their margins are that group's. */
  readonly amountGroup?: string;
  /** Rows are the quarters of the period (`FY2026_Q1`): a row's cells are that quarter's column totals, its total the quarter's grand total. */
  readonly byQuarter?: boolean;
}

const QUARTER_KEY = /^FY(\d{4})_Q([1-4])$/;

/** `FY2026_Q1` -> `2025-10-01..2025-12-31`, the quarter's period as the other figures name it. */
export function quarterPeriodOf(key: string): string {
  const m = QUARTER_KEY.exec(key);
  if (!m) throw new Error(`${key} is not a fiscal quarter`);
  const fy = Number(m[1]);
  const bounds = [
    [`${fy - 1}-10-01`, `${fy - 1}-12-31`],
    [`${fy}-01-01`, `${fy}-03-31`],
    [`${fy}-04-01`, `${fy}-06-30`],
    [`${fy}-07-01`, `${fy}-09-30`],
  ][Number(m[2]) - 1]!;
  return `${bounds[0]}..${bounds[1]}`;
}

type Measure = 'count' | 'amount';

interface Term {
  readonly v: number;
  readonly c: number;
}

export interface Finding {
  readonly figure: string;
  readonly measure: Measure;
  readonly lower: number;
  readonly upper: number;
  readonly threshold: number;
}

class System {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  readonly known = new Map<number, number>();
  readonly free = new Set<number>();
  readonly equations: Term[][] = [];
  readonly suppressed = new Map<number, number>();
  readonly conflicts: string[] = [];

  variable(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(name);
      this.index.set(name, i);
    }
    return i;
  }

  /** A published value fixes the variable; a hidden one is to be bounded. */
  /** A figure fetched twice must say the same both times: hidden stays hidden, a value stays that value. */
  observe(name: string, value: number | null, hidden: boolean, threshold: number): number {
    const v = this.variable(name);
    const before = this.known.get(v);
    if (hidden || value === null) {
      if (!hidden) return v;
      if (before !== undefined) this.conflicts.push(`${name}: ${before} then suppressed`);
      else this.suppressed.set(v, Math.max(threshold, this.suppressed.get(v) ?? 0));
      return v;
    }
    if (this.suppressed.has(v)) this.conflicts.push(`${name}: suppressed then ${value}`);
    if (before !== undefined && before !== value) this.conflicts.push(`${name}: ${before} then ${value}`);
    this.known.set(v, value);
    return v;
  }

  equal(left: readonly number[], right: readonly number[]): void {
    this.equations.push([...left.map((v) => ({ v, c: 1 })), ...right.map((v) => ({ v, c: -1 }))]);
  }
}

const QUARTER_STARTS = ['10-01', '01-01', '04-01', '07-01'];

/** The fiscal quarters (as start dates) a lattice period is made of. */
export function quartersOf(period: { readonly start: string; readonly end: string }): string[] {
  const out: string[] = [];
  let [y, m] = [Number(period.start.slice(0, 4)), Number(period.start.slice(5, 7))];
  for (;;) {
    const start = `${y}-${String(m).padStart(2, '0')}-01`;
    if (start > period.end) return out;
    if (!QUARTER_STARTS.includes(start.slice(5))) throw new Error(`${period.start} is not a quarter start`);
    out.push(start);
    m += 3;
    if (m > 12) [y, m] = [y + 1, m - 12];
  }
}

const groupOf = (meaning: TableMeaning, measure: Measure) => (measure === 'amount' && meaning.amountGroup ? meaning.amountGroup : meaning.group);
const cellTableOf = (meaning: TableMeaning, name: string, measure: Measure) => (measure === 'count' && meaning.countsOf ? meaning.countsOf : name);

const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The attacker's system over every report and statement fetched (several fetches of one period
 * are the same figures: a closed period's figures never change, or `conflicts` says where).
 */
export function buildSystem(
  reports: readonly PublishedReportJson[],
  statements: readonly PublishedStatementJson[],
  meanings: Readonly<Record<string, TableMeaning>>,
  measure: Measure,
): System {
  const s = new System();
  const pick = (c: PublishedCellJson | null) => (measure === 'count' ? c?.count ?? null : c?.amountCents ?? null);
  const periods = new Map<string, { start: string; end: string }>();
  for (const report of reports) {
    const p = `${report.period.start}..${report.period.end}`;
    periods.set(p, report.period);
    for (const table of report.tables) {
      if (measure === 'amount' && table.amountOf === null) continue;
      const meaning = meanings[table.name];
      if (!meaning) throw new Error(`the attacker does not know table ${table.name}`);
      const group = groupOf(meaning, measure);
      const cells = cellTableOf(meaning, table.name, measure);
      const cols = table.columns.map((c) => c.key);
      const cellName = (row: string, col: string) => (meaning.byQuarter ? `${quarterPeriodOf(row)}|${group}|${meaning.columnField}=${col}` : `${p}|${cells}|${row}|${col}`);
      const rowName = (row: string) => (meaning.byQuarter ? `${quarterPeriodOf(row)}|${group}|total` : `${p}|${group}|${meaning.rowField}=${row}`);
      const rowVars: number[] = [];
      const cellVars = table.rows.map((row) => {
        const vars = row.cells.map((cell, c) => s.observe(cellName(row.key, cols[c]!), pick(cell), cell.suppressed, report.threshold));
        const total = s.observe(rowName(row.key), pick(row.total), row.total?.suppressed ?? false, report.threshold);
        if (cols.length > 1) s.equal(vars, [total]);
        rowVars.push(total);
        return vars;
      });
      const grand = s.observe(`${p}|${group}|total`, pick(table.grandTotal), table.grandTotal?.suppressed ?? false, report.threshold);
      const colVars = cols.map((col, c) => {
        const total = table.columnTotals?.[c] ?? null;
        const v = s.observe(`${p}|${group}|${meaning.columnField}=${col}`, pick(total), total?.suppressed ?? false, report.threshold);
        if (table.rows.length > 1) s.equal(cellVars.map((r) => r[c]!), [v]);
        return v;
      });
      s.equal(rowVars, [grand]);
      s.equal(colVars, [grand]);
      if (table.rows.length === 1) s.equal(cellVars[0]!, [grand]);
      if (cols.length === 1) s.equal(cellVars.map((r) => r[0]!), [grand]);
    }
  }
  // Longer periods: sums of their quarters, for what the documentation says adds up.
  const quarterReport = new Map<string, PublishedReportJson>();
  for (const r of reports) if (r.period.kind === 'fiscal_quarter') quarterReport.set(r.period.start, r);
  for (const report of reports) {
    if (report.period.kind === 'fiscal_quarter') continue;
    const quarters = quartersOf(report.period).map((start) => quarterReport.get(start));
    if (quarters.some((q) => q === undefined)) continue;
    const p = `${report.period.start}..${report.period.end}`;
    const qp = quarters.map((q) => `${q!.period.start}..${q!.period.end}`);
    for (const table of report.tables) {
      if (measure === 'amount' && table.amountOf === null) continue;
      const meaning = meanings[table.name]!;
      const group = groupOf(meaning, measure);
      const sumOf = (suffix: string) => s.equal([s.variable(`${p}|${suffix}`)], qp.map((q) => s.variable(`${q}|${suffix}`)));
      if (meaning.additiveTotals) {
        sumOf(`${group}|total`);
        for (const row of table.rows) sumOf(`${group}|${meaning.rowField}=${row.key}`);
      }
      if (meaning.additiveCells) {
        for (const col of table.columns) sumOf(`${group}|${meaning.columnField}=${col.key}`);
        for (const row of table.rows) for (const col of table.columns) sumOf(`${cellTableOf(meaning, table.name, measure)}|${row.key}|${col.key}`);
      }
    }
  }
  for (const st of statements) {
    const p = `${st.period.start}..${st.period.end}`;
    const t = st.threshold;
    const line = (section: string, l: StatementLineJson) =>
      s.observe(`${p}|statement|${section}|${l.key}`, measure === 'count' ? l.count : l.amountCents, (measure === 'count' ? l.count : l.amountCents) === null, t);
    const donations = st.donations.map((l) => line('donations', l));
    const paid = st.disbursements.map((l) => line('disbursements', l));
    // Monetary donations by donor kind are the donations table's monetary column.
    st.donations.forEach((l, i) => s.equal([donations[i]!], [s.variable(`${p}|donations_received|${l.key}|monetary`)]));
    if (measure === 'amount') {
      const total = (name: string, v: number | null) => s.observe(`${p}|statement|${name}`, v, v === null, t);
      const dTotal = total('donations', st.donationsCents);
      const pTotal = total('disbursements', st.disbursementsCents);
      const voids = total('voids', st.voidsReturnedCents);
      s.equal(donations, [dTotal]);
      s.equal(paid, [pTotal]);
      const open = s.observe(`balance@${st.period.start}`, st.openingBalanceCents, st.openingBalanceCents === null, t);
      const close = s.observe(`balance@${dayAfter(st.period.end)}`, st.closingBalanceCents, st.closingBalanceCents === null, t);
      s.free.add(open).add(close);
      s.suppressed.delete(open);
      s.suppressed.delete(close);
      // closing = opening + donations - disbursements + voids returned
      s.equations.push([
        { v: close, c: 1 },
        { v: open, c: -1 },
        { v: dTotal, c: -1 },
        { v: pTotal, c: 1 },
        { v: voids, c: -1 },
      ]);
    }
  }
  // Statement flows of longer periods add up from their quarters too.
  const statementPeriods = new Map(statements.map((st) => [st.period.start + '..' + st.period.end, st]));
  for (const st of statements) {
    const quarters = quartersOf(st.period);
    if (quarters.length < 2) continue;
    const qp = quarters.map((start) => [...statementPeriods.keys()].find((k) => k.startsWith(`${start}..`) && quartersOf(statementPeriods.get(k)!.period).length === 1));
    if (qp.some((q) => q === undefined)) continue;
    const p = `${st.period.start}..${st.period.end}`;
    for (const name of measure === 'amount' ? ['donations', 'disbursements', 'voids'] : []) {
      s.equal([s.variable(`${p}|statement|${name}`)], qp.map((q) => s.variable(`${q}|statement|${name}`)));
    }
  }
  return s;
}

let solver: Awaited<ReturnType<typeof highsLoader>> | undefined;

/** Least and greatest value of every suppressed figure, one connected component at a time. */
export async function boundSuppressed(s: System): Promise<Map<number, { lower: number; upper: number }>> {
  solver ??= await highsLoader();
  const highs = solver;
  // Substitute the published values; an equation left with no unknown is only a check.
  const reduced: { terms: Term[]; rhs: number }[] = [];
  for (const eq of s.equations) {
    const terms: Term[] = [];
    let rhs = 0;
    const merged = new Map<number, number>();
    for (const t of eq) merged.set(t.v, (merged.get(t.v) ?? 0) + t.c);
    for (const [v, c] of merged) {
      if (c === 0) continue;
      const k = s.known.get(v);
      if (k === undefined) terms.push({ v, c });
      else rhs -= c * k;
    }
    if (terms.length > 0) reduced.push({ terms, rhs });
  }
  const parent = new Map<number, number>();
  const find = (v: number): number => {
    let r = v;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(v, r);
    return r;
  };
  for (const eq of reduced) {
    for (const t of eq.terms) if (!parent.has(t.v)) parent.set(t.v, t.v);
    for (const t of eq.terms.slice(1)) parent.set(find(t.v), find(eq.terms[0]!.v));
  }
  const components = new Map<number, { eqs: typeof reduced; vars: Set<number> }>();
  for (const eq of reduced) {
    const root = find(eq.terms[0]!.v);
    const comp = components.get(root) ?? { eqs: [], vars: new Set<number>() };
    comp.eqs.push(eq);
    for (const t of eq.terms) comp.vars.add(t.v);
    components.set(root, comp);
  }
  const out = new Map<number, { lower: number; upper: number }>();
  for (const v of s.suppressed.keys()) {
    if (!parent.has(v)) out.set(v, { lower: 0, upper: Number.POSITIVE_INFINITY });
  }
  for (const comp of components.values()) {
    const targets = [...comp.vars].filter((v) => s.suppressed.has(v));
    if (targets.length === 0) continue;
    const name = (v: number) => `x${v}`;
    const rows = comp.eqs.map((eq, i) => ` e${i}: ${eq.terms.map((t) => `${t.c >= 0 ? '+' : '-'} ${Math.abs(t.c)} ${name(t.v)}`).join(' ')} = ${eq.rhs}`);
    const bounds = [...comp.vars].map((v) => (s.free.has(v) ? ` ${name(v)} free` : ` ${name(v)} >= 0`));
    const body = `Subject To\n${rows.join('\n')}\nBounds\n${bounds.join('\n')}\nEnd`;
    for (const v of targets) {
      const solve = (sense: 'Minimize' | 'Maximize') => {
        const result = highs.solve(`${sense}\n obj: ${name(v)}\n${body}`);
        if (result.Status === 'Unbounded') return sense === 'Maximize' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
        if (result.Status !== 'Optimal') throw new Error(`LP for ${s.names[v]} ended ${result.Status}: the published figures contradict the documented relations`);
        return result.ObjectiveValue;
      };
      out.set(v, { lower: Math.ceil(solve('Minimize') - 1e-6), upper: Math.floor(solve('Maximize') + 1e-6) });
    }
  }
  return out;
}

/** Every suppressed figure the attacker pins: a count to fewer than `threshold` values, an amount exactly. */
export async function attackAll(
  reports: readonly PublishedReportJson[],
  statements: readonly PublishedStatementJson[],
  meanings: Readonly<Record<string, TableMeaning>>,
): Promise<{ findings: Finding[]; conflicts: string[]; suppressed: number }> {
  const findings: Finding[] = [];
  const conflicts: string[] = [];
  let suppressed = 0;
  for (const measure of ['count', 'amount'] as const) {
    const s = buildSystem(reports, statements, meanings, measure);
    conflicts.push(...s.conflicts.map((c) => `${measure} ${c}`));
    if (s.conflicts.length > 0) continue;
    const bounds = await boundSuppressed(s);
    suppressed += s.suppressed.size;
    for (const [v, threshold] of s.suppressed) {
      const b = bounds.get(v)!;
      const width = b.upper - b.lower;
      if (measure === 'count' ? width < threshold : width < 1) findings.push({ figure: s.names[v]!, measure, lower: b.lower, upper: b.upper, threshold });
    }
  }
  return { findings, conflicts, suppressed };
}
