import { download, get, query } from '../api.js';
import { barChart } from '../chart.js';
import { h, replace, scrollTable } from '../dom.js';
import { Form } from '../forms.js';
import { dateTime, money } from '../format.js';
import type { ScreenContext } from '../router.js';
import type { Report, ReportCell, ReportTable } from '../types.js';
import { PageStatus, pageHeading } from '../ui.js';
import { PeriodChoice, ThresholdField } from './report-periods.js';

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

/**
 * Disbursements by category: the "distributed" table's row totals (money and in-kind). Where
 * no category has a published amount the chart would be an empty frame, so the share that is
 * suppressed is said in words instead.
 */
export function categoryChart(report: Report): HTMLElement | null {
  const table = report.tables.find((t) => t.name === 'distributed_by_category') ?? report.tables.find((t) => t.name === 'disbursements_by_category_payment_method');
  if (!table) return null;
  const bars = table.rows.map((row) => ({ label: row.label, cents: row.total && !row.total.suppressed ? (row.total.amountCents ?? 0) : null }));
  const shown = bars.filter((b) => b.cents !== null && b.cents > 0).length;
  const hidden = bars.filter((b) => b.cents === null).length;
  const why = `fewer than ${report.threshold} payments, or could be worked out from other published figures`;
  if (shown === 0) {
    const said =
      hidden === 0
        ? `No chart of disbursements by category for ${report.period.label}: nothing was paid in this period.`
        : `No chart of disbursements by category for ${report.period.label}: ${share(hidden, bars.length, 'categories')} suppressed (${why}); no other category had payments. The table “${table.title}” below marks each suppressed cell.`;
    return h('p', { class: 'chart-empty' }, said);
  }
  const chart = barChart(
    `Disbursements by category, ${report.period.label} (money and in-kind, US$)`,
    `${shown} categories with payments shown as bars; ${hidden === 0 ? 'none suppressed' : `${share(hidden, bars.length, 'categories')} suppressed: ${why}`}. The same figures are in the table “${table.title}” below.`,
    bars,
  );
  if (hidden === 0) return chart;
  // The chart's description reaches screen readers only; sighted readers get the share too.
  return h('div', null, chart, h('p', { class: 'hint' }, `${share(hidden, bars.length, 'categories')} suppressed: ${why}. Their bars are left empty.`));
}

function jumpTo(event: Event, id: string): void {
  event.preventDefault();
  const target = document.getElementById(id);
  target?.scrollIntoView();
  target?.focus();
}

function renderReport(out: HTMLElement, report: Report): void {
  replace(
    out,
    h('h2', { id: 'report-h' }, report.title),
    h('p', null, `Period ${report.period.start} to ${report.period.end}. Small-cell threshold: counts under ${report.threshold} are suppressed. Generated ${dateTime(report.generatedAt)}.`),
    categoryChart(report),
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

/** Funder home (also coordinators and auditors): quarterly, semi-annual and annual reports. */
export function renderReports({ main, session }: ScreenContext): void {
  const status = new PageStatus();
  const out = h('div', { class: 'report' });
  const funder = session.role === 'funder';
  const choice = new PeriodChoice(!funder);
  const threshold = new ThresholdField();

  const params = (): { path: string; q: Record<string, string | undefined>; asked: string | undefined } => {
    const period = choice.chosen();
    const asked = threshold.value();
    return { path: `/reports/${period.kind}`, q: { ...period.params, threshold: asked }, asked };
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
      renderReport(out, report);
      return `${report.title} shown below.`;
    },
  });
  form.body.append(
    h('div', { class: 'row' }, ...choice.fields(form, funder ? 'Closed periods only: a period is published once it is over.' : undefined), threshold.field(form)),
  );

  const downloads = h('div', { class: 'actions downloads' });
  for (const format of ['csv', 'xlsx'] as const) {
    const button = h('button', { type: 'button' }, `Download ${format.toUpperCase()}`);
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
    ...pageHeading('Reports', 'Anonymous aggregate figures for funders. Small counts are suppressed, with any cell from which they could be worked out.'),
    status.element,
    h('section', { class: 'panel', 'aria-labelledby': 'choose-h' }, h('h2', { id: 'choose-h' }, 'Choose a period'), form.element, downloads),
    out,
  );
  // Funders open on the latest closed quarter (the only kind of period they may read); others on the one in progress.
  form.element.requestSubmit();
}
