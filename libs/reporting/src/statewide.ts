import type { SqlExecutor } from '@fund/event-sourcing';
import { dayOf, fiscalQuarter, type Period, type Quarter } from './periods';
import type { FunderReport, ReportCell, ReportTable } from './report-model';
import { REPORT_TABLES, STATEWIDE_TABLES } from './report-tables';
import { annualReport, INTERNAL, quarterlyReport, type Audience } from './reports';

/**
 * The statewide picture (issue 17.6): need across member agencies for the Provider Council and
 * coordinators - requests, approvals, denials and unmet need by county and by expense category,
 * by quarter, and time to decision. No agency's rows: every figure is a figure of the quarterly
 * or annual report of the same lattice period, through the same linked suppression. The unmet
 * need tables show the requests tables' counts again (`cellsOf`), hidden where those are; the
 * tables by quarter repeat each quarter's published totals beside the year's, so they add
 * nothing a reader of the quarterly and annual reports does not already hold.
 */

export const STATEWIDE_TABLE_NAMES = ['requests_by_county', 'unmet_need_by_county', 'requests_by_category', 'unmet_need_by_category', 'time_to_decision_and_payment'] as const;

const CATALOGUE = [...REPORT_TABLES, ...STATEWIDE_TABLES];

const NOTES = [
  "The Provider Council's statewide picture of need across member agencies. No agency's own requests appear: every figure is a figure of the funder report of the same period, with the same suppression; the tables by quarter repeat each quarter's published totals.",
  'Unmet need is the amount requested less the amount approved, as at the end of the period: all of it for a request denied, withdrawn, expired or still pending.',
];

export interface StatewideReportInput {
  readonly fiscalYear: number;
  /** Absent: the whole fiscal year, with its quarters side by side. */
  readonly quarter?: Quarter;
  readonly threshold?: number;
  readonly now?: Date;
}

const HIDDEN: ReportCell = { count: null, amountCents: null, suppressed: true };

/** `FY2027_Q1`: a quarter as a row key. */
const quarterKey = (period: Period) => period.label.replace(/\s+/g, '_');

/**
 * A table of the year by quarter: each quarter's row is that quarter's published column totals
 * and grand total of `source`; the totals are the year's published ones.
 */
function byQuarter(name: string, title: string, source: string, quarters: readonly FunderReport[], year: FunderReport): ReportTable | null {
  const whole = year.tables.find((t) => t.name === source);
  if (!whole) return null;
  return {
    ...whole,
    name,
    title,
    description: `${whole.description} One line per quarter: each quarter's totals as its quarterly report publishes them; the totals are the fiscal year's.`,
    rowHeading: 'Quarter',
    rows: quarters.map((q) => {
      const table = q.tables.find((t) => t.name === source);
      const cellOf = (key: string) => {
        const c = table?.columns.findIndex((col) => col.key === key) ?? -1;
        return (c >= 0 ? table?.columnTotals?.[c] : undefined) ?? HIDDEN;
      };
      return { key: quarterKey(q.period), label: q.period.label, cells: whole.columns.map((col) => cellOf(col.key)), total: table?.grandTotal ?? HIDDEN };
    }),
  };
}

function picture(full: FunderReport, quarters: readonly FunderReport[]): FunderReport {
  const names: readonly string[] = STATEWIDE_TABLE_NAMES;
  const byName = new Map(full.tables.map((t) => [t.name, t]));
  const chosen = names.map((name) => byName.get(name)).filter((t): t is ReportTable => t !== undefined);
  const trend =
    quarters.length > 0
      ? [
          byQuarter('requests_by_quarter', 'Requests by quarter', 'requests_by_county', quarters, full),
          byQuarter('unmet_need_by_quarter', 'Unmet need by quarter', 'unmet_need_by_county', quarters, full),
        ].filter((t): t is ReportTable => t !== null)
      : [];
  return { ...full, report: 'statewide', title: `Statewide picture of need, ${full.period.label}`, notes: [...NOTES, ...full.notes], tables: [...trend, ...chosen] };
}

/** The statewide picture for a fiscal quarter, or a fiscal year (with its quarters so far). */
export async function statewideReport(db: SqlExecutor, input: StatewideReportInput, audience: Audience = INTERNAL): Promise<FunderReport> {
  if (input.quarter !== undefined) return picture(await quarterlyReport(db, { ...input, quarter: input.quarter }, audience, CATALOGUE), []);
  const year = await annualReport(db, input, audience, CATALOGUE);
  const today = dayOf(input.now ?? new Date());
  const quarters: FunderReport[] = [];
  for (const quarter of [1, 2, 3, 4] as const) {
    if (fiscalQuarter(input.fiscalYear, quarter).start > today) break;
    quarters.push(await quarterlyReport(db, { fiscalYear: input.fiscalYear, quarter, threshold: input.threshold, now: input.now }, audience, CATALOGUE));
  }
  return picture(year, quarters);
}
