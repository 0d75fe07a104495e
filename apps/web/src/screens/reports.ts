import { download, get, query } from '../api.js';
import { barChart, suppressedShare } from '../chart.js';
import { h, replace, scrollTable } from '../dom.js';
import { Form } from '../forms.js';
import { dateTime, money } from '../format.js';
import type { ScreenContext } from '../router.js';
import type { Report, ReportCell, ReportTable } from '../types.js';
import { PageStatus, pageHeading } from '../ui.js';
import { PeriodChoice, ThresholdField, type ReportKind } from './report-periods.js';

function cellContent(cell: ReportCell | null, table: ReportTable): (string | HTMLElement)[] {
  if (!cell) return ['—'];
  if (cell.suppressed) return [h('span', { class: 'suppressed' }, 'suppressed')];
  const parts: (string | HTMLElement)[] = [h('span', { class: 'count' }, cell.count === null ? '—' : String(cell.count))];
  if (table.hasMedians) parts.push(h('span', { class: 'amount' }, cell.medianDays === null || cell.medianDays === undefined ? 'no median' : `median ${cell.medianDays} days`));
  else if (table.amountOf && cell.amountCents !== null) parts.push(h('span', { class: 'amount' }, money(cell.amountCents)));
  return parts;
}

function reportTable(table: ReportTable): HTMLElement {
  const hasRowTotals = table.rows.some((r) => r.total !== null);
  const explain = table.hasMedians ? `Each cell: number of ${table.countOf}, then the median in days.` : table.amountOf ? `Each cell: number of ${table.countOf}, then the ${table.amountOf}.` : `Each cell: number of ${table.countOf}.`;
  return h(
    'div',
    { class: 'report-table' },
    h('h3', { id: `table-${table.name}`, tabindex: -1 }, table.title),
    h('p', { class: 'hint' }, table.description, ' ', explain),
    scrollTable(
      table.title,
      h(
        'table',
        null,
        h('caption', { class: 'visually-hidden' }, `${table.title}. ${explain}`),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, table.rowHeading),
            table.columns.map((c) => h('th', { scope: 'col', class: 'num' }, c.label)),
            hasRowTotals ? h('th', { scope: 'col', class: 'num' }, 'Total') : null,
          ),
        ),
        h(
          'tbody',
          null,
          table.rows.map((row) =>
            h(
              'tr',
              null,
              h('th', { scope: 'row' }, row.label),
              row.cells.map((cell) => h('td', { class: 'num cell' }, cellContent(cell, table))),
              hasRowTotals ? h('td', { class: 'num cell total' }, cellContent(row.total, table)) : null,
            ),
          ),
        ),
        table.columnTotals
          ? h(
              'tfoot',
              null,
              h(
                'tr',
                null,
                h('th', { scope: 'row' }, 'Total'),
                table.columnTotals.map((cell) => h('td', { class: 'num cell total' }, cellContent(cell, table))),
                hasRowTotals ? h('td', { class: 'num cell total' }, cellContent(table.grandTotal, table)) : null,
              ),
            )
          : null,
      ),
    ),
  );
}

/** "2 of 9", in words a screen reader and a skimming reader both take in. */
function share(part: number, whole: number, noun: string): string {
  if (part === 0) return `no ${noun}`;
  if (part === whole) return whole === 1 ? `the only ${noun.replace(/ies$/, 'y')}` : `all ${whole} ${noun}`;
  return `${part} of ${whole} ${noun}`;
}

/** What a chart of a table's row amounts is about. */
interface ChartSubject {
  /** "Disbursements by category" */
  readonly title: string;
  /** "money and in-kind, US$" */
  readonly unit: string;
  /** Plural of what a bar is: "categories", "counties". */
  readonly bars: string;
  /** What a count counts, for the reason a bar is hidden: "payments", "requests". */
  readonly counted: string;
  /** Said when no bar has an amount and none is hidden. */
  readonly nothing: string;
}

/**
 * A chart of a table's row totals (amounts), honest about suppression: a suppressed row is a
 * hatched bar that says "suppressed"; where the published grand total tells how much the
 * suppressed rows hold together (the total less the published rows), one more hatched bar shows
 * that share, and the share is said in words beside the chart. Only published figures are used,
 * so nothing here tells more than the table below it.
 */
export function amountChart(report: Report, table: ReportTable, subject: ChartSubject): HTMLElement {
  const bars = table.rows.map((row) => ({ label: row.label, cents: row.total && !row.total.suppressed ? (row.total.amountCents ?? 0) : null }));
  const shown = bars.filter((b) => b.cents !== null && b.cents > 0).length;
  const hidden = bars.filter((b) => b.cents === null).length;
  const heading = `${subject.title}, ${report.period.label}`;
  if (shown === 0 && hidden === 0) return h('p', { class: 'chart-empty' }, `No chart of ${subject.title.toLowerCase()} for ${report.period.label}: ${subject.nothing}.`);
  const grand = table.grandTotal && !table.grandTotal.suppressed ? table.grandTotal.amountCents : null;
  const published = bars.reduce((sum, b) => sum + (b.cents ?? 0), 0);
  const together = hidden > 0 && grand !== null ? Math.max(0, grand - published) : null;
  const why = `fewer than ${report.threshold} ${subject.counted}, or could be worked out from other published figures`;
  const hiddenSaid = `${share(hidden, bars.length, subject.bars)} suppressed (${why})`;
  const shareSaid =
    hidden === 0
      ? 'none suppressed'
      : together !== null
        ? `${hiddenSaid}; together they hold ${suppressedShare(together, grand ?? 0)} of the total`
        : `${hiddenSaid}; how much they hold together is suppressed too`;
  const chart = barChart(
    `${heading} (${subject.unit})`,
    `${shown} ${subject.bars} shown as bars; ${shareSaid}. The same figures are in the table “${table.title}” below.`,
    bars,
    { suppressedCents: together },
  );
  if (hidden === 0) return chart;
  // The chart's description reaches screen readers only; sighted readers get the share too.
  return h('div', { class: 'chart-share' }, chart, h('p', { class: 'hint' }, `${shareSaid[0]!.toUpperCase()}${shareSaid.slice(1)}. Their bars are hatched; the table “${table.title}” marks each suppressed cell.`));
}

/** Disbursements by category: the "distributed" table's row totals (money and in-kind). */
export function categoryChart(report: Report): HTMLElement | null {
  const table = report.tables.find((t) => t.name === 'distributed_by_category') ?? report.tables.find((t) => t.name === 'disbursements_by_category_payment_method');
  if (!table) return null;
  return amountChart(report, table, { title: 'Disbursements by category', unit: 'money and in-kind, US$', bars: 'categories', counted: 'payments', nothing: 'nothing was paid in this period' });
}

function jumpTo(event: Event, id: string): void {
  event.preventDefault();
  const target = document.getElementById(id);
  target?.scrollIntoView();
  target?.focus();
}

export function renderReport(out: HTMLElement, report: Report, chart: (report: Report) => HTMLElement | null = categoryChart): void {
  replace(
    out,
    h('h2', { id: 'report-h' }, report.title),
    h('p', null, `Period ${report.period.start} to ${report.period.end}. Small-cell threshold: counts under ${report.threshold} are suppressed. Generated ${dateTime(report.generatedAt)}.`),
    chart(report),
    h('details', { class: 'notes' }, h('summary', null, 'How to read this report'), h('ul', null, report.notes.map((n) => h('li', null, n)))),
    h(
      'nav',
      { class: 'contents', 'aria-label': 'Tables in this report' },
      h('p', { class: 'contents-title' }, `${report.tables.length} tables:`),
      h(
        'ul',
        null,
        report.tables.map((t) => h('li', null, h('a', { href: `#table-${t.name}`, onclick: (e: Event) => jumpTo(e, `table-${t.name}`) }, t.title))),
      ),
    ),
    report.tables.map(reportTable),
  );
}

/** The federal tables (docs/reporting.md): PMT for a fiscal quarter or year, TIMS for a calendar half. */
const FEDERAL_KINDS: readonly ReportKind[] = [
  ['pmt-quarter', 'OVC PMT, federal fiscal quarter', 'quarterly'],
  ['pmt-year', 'OVC PMT, federal fiscal year', 'annual'],
  ['tims', 'OVC TIMS, calendar half year', 'semi-annual'],
];

/** The api route of each report a form offers; a lattice period's own parameters go with it. */
const REPORT_PATHS: Readonly<Record<string, string>> = {
  quarterly: '/reports/quarterly',
  'semi-annual': '/reports/semi-annual',
  annual: '/reports/annual',
  'pmt-quarter': '/reports/pmt',
  'pmt-year': '/reports/pmt',
  tims: '/reports/tims',
  'statewide-quarter': '/reports/statewide',
  'statewide-year': '/reports/statewide',
};

export interface ReportScreen {
  readonly heading: string;
  readonly intro: string;
  /** Read as funders do: closed periods only. */
  readonly closedOnly: boolean;
  readonly kinds?: readonly ReportKind[];
  readonly extraKinds?: readonly ReportKind[];
  readonly chart?: (report: Report) => HTMLElement | null;
}

const FORMATS = [
  ['csv', 'Download CSV'],
  ['xlsx', 'Download XLSX'],
  ['zip', 'Download ZIP (a CSV per table)'],
  ['pdf', 'Download PDF'],
] as const;

/** A report screen: choose a report and a period of the lattice, read its tables, download them. */
export function renderReportScreen({ main }: ScreenContext, screen: ReportScreen): void {
  const status = new PageStatus();
  const out = h('div', { class: 'report' });
  const choice = new PeriodChoice(!screen.closedOnly, screen.extraKinds ?? [], undefined, screen.kinds);
  const threshold = new ThresholdField();

  const params = (): { path: string; q: Record<string, string | undefined>; asked: string | undefined } => {
    const period = choice.chosen();
    const asked = threshold.value();
    return { path: REPORT_PATHS[choice.report] ?? `/reports/${period.kind}`, q: { ...period.params, threshold: asked }, asked };
  };

  const form = new Form({
    title: 'Choose a report',
    submitLabel: 'Show report',
    busyLabel: 'Loading…',
    failurePrefix: 'Not shown: ',
    onSubmit: async () => {
      const { path, q, asked } = params();
      const report = await get<Report>(`${path}${query(q)}`);
      threshold.answered(report.threshold, asked);
      renderReport(out, report, screen.chart);
      return `${report.title} shown below.`;
    },
  });
  form.body.append(
    h('div', { class: 'row' }, ...choice.fields(form, screen.closedOnly ? 'Closed periods only: a period is published once it is over.' : undefined), threshold.field(form)),
  );

  const downloads = h('div', { class: 'actions downloads' });
  for (const [format, text] of FORMATS) {
    const button = h('button', { type: 'button' }, text);
    button.addEventListener('click', () => {
      button.disabled = true;
      let request: { path: string; q: Record<string, string | undefined> };
      try {
        request = params();
      } catch (error) {
        status.error(error);
        button.disabled = false;
        return;
      }
      void download(`${request.path}/export${query({ ...request.q, format })}`, `report.${format}`)
        .then((file) => status.success(`Downloaded ${file.filename}.`))
        .catch((error: unknown) => status.error(error))
        .finally(() => (button.disabled = false));
    });
    downloads.append(button);
  }

  main.append(
    ...pageHeading(screen.heading, screen.intro),
    status.element,
    h('section', { class: 'panel', 'aria-labelledby': 'choose-h' }, h('h2', { id: 'choose-h' }, 'Choose a period'), form.element, downloads),
    out,
  );
  // Funders open on the latest closed quarter (the only kind of period they may read); others on the one in progress.
  form.element.requestSubmit();
}

/** Funder home (also coordinators and auditors): quarterly, semi-annual and annual reports, and the federal PMT and TIMS tables. */
export function renderReports(context: ScreenContext): void {
  renderReportScreen(context, {
    heading: 'Reports',
    intro: 'Anonymous aggregate figures for funders, and the federal PMT and TIMS tables. Small counts are suppressed, with any cell from which they could be worked out.',
    closedOnly: context.session.role === 'funder',
    extraKinds: FEDERAL_KINDS,
  });
}
