import type { ScreenContext } from '../router.js';
import type { Report } from '../types.js';
import type { ReportKind } from './report-periods.js';
import { amountChart, renderReportScreen } from './reports.js';

/** The statewide picture is published for fiscal quarters and fiscal years (its quarters side by side). */
const KINDS: readonly ReportKind[] = [
  ['statewide-quarter', 'Fiscal quarter', 'quarterly'],
  ['statewide-year', 'Fiscal year, quarter by quarter', 'annual'],
];

/** Unmet need by county: where the need the fund could not meet is, as far as suppression lets it be shown. */
export function unmetChart(report: Report): HTMLElement | null {
  const table = report.tables.find((t) => t.name === 'unmet_need_by_county');
  if (!table) return null;
  return amountChart(report, table, { title: 'Unmet need by county', unit: 'US$', bars: 'counties', counted: 'requests', nothing: 'no need was left unmet in this period' });
}

/**
 * The Provider Council's statewide picture of need (issue 17.6), for council members and
 * coordinators: aggregates across member agencies only, through the funder reports' suppression.
 * Council members read it as funders do, closed periods only.
 */
export function renderStatewide(context: ScreenContext): void {
  renderReportScreen(context, {
    heading: 'Statewide picture',
    intro:
      'Need across member agencies: requests, approvals, denials and unmet need by county and by expense category, by quarter, and time to decision. Aggregates only, no agency’s own requests; small counts are suppressed as in the funder reports.',
    closedOnly: context.session.role === 'council',
    kinds: KINDS,
    chart: unmetChart,
  });
}
