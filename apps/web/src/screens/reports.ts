import { download, get, query } from '../api.js';
import { barChart } from '../chart.js';
import { h, replace, scrollTable } from '../dom.js';
import { FieldProblem, Form, input, selectOf } from '../forms.js';
import { dateTime, money } from '../format.js';
import type { ScreenContext } from '../router.js';
import type { Report, ReportCell, ReportTable } from '../types.js';
import { PageStatus, pageHeading } from '../ui.js';

/** The federal fiscal quarter of a date: October to December is Q1 of the next fiscal year. */
export function fiscalQuarterOf(date: Date): { fiscalYear: number; quarter: number } {
  const month = date.getMonth();
  return month >= 9 ? { fiscalYear: date.getFullYear() + 1, quarter: 1 } : { fiscalYear: date.getFullYear(), quarter: Math.floor(month / 3) + 2 };
}

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
            table.columns.map((c) => h('th', { scope: 'col' }, c.label)),
            hasRowTotals ? h('th', { scope: 'col' }, 'Total') : null,
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

/** Disbursements by category: the "distributed" table's row totals (money and in-kind). */
function categoryChart(report: Report): HTMLElement | null {
  const table = report.tables.find((t) => t.name === 'distributed_by_category') ?? report.tables.find((t) => t.name === 'disbursements_by_category_payment_method');
  if (!table) return null;
  const bars = table.rows.map((row) => ({ label: row.label, cents: row.total && !row.total.suppressed ? (row.total.amountCents ?? 0) : null }));
  const shown = bars.filter((b) => b.cents !== null && b.cents > 0).length;
  const hidden = bars.filter((b) => b.cents === null).length;
  return barChart(
    `Disbursements by category, ${report.period.label} (money and in-kind, US$)`,
    `${shown} categories with payments shown as bars; ${hidden} suppressed because they have fewer than ${report.threshold} payments. The same figures are in the table “${table.title}” below.`,
    bars,
  );
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

/** Funder home (also coordinators and auditors): quarterly and semi-annual reports. */
export function renderReports({ main }: ScreenContext): void {
  const status = new PageStatus();
  const out = h('div', { class: 'report' });
  const now = fiscalQuarterOf(new Date());
  const currentYear = new Date().getFullYear();

  const kind = selectOf(
    [
      ['quarterly', 'Quarterly (federal fiscal quarter)'],
      ['semi-annual', 'Semi-annual (calendar half year)'],
    ],
    'quarterly',
  );
  const fiscalYear = input({ type: 'number', min: 2000, max: 2100, value: now.fiscalYear, class: 'short' });
  const quarter = selectOf(
    [
      ['1', 'Q1 (October to December)'],
      ['2', 'Q2 (January to March)'],
      ['3', 'Q3 (April to June)'],
      ['4', 'Q4 (July to September)'],
    ],
    String(now.quarter),
  );
  const year = input({ type: 'number', min: 2000, max: 2100, value: currentYear, class: 'short' });
  const half = selectOf(
    [
      ['1', 'January to June'],
      ['2', 'July to December'],
    ],
    new Date().getMonth() < 6 ? '1' : '2',
  );
  const threshold = input({ type: 'number', min: 3, max: 100, value: 6, class: 'short' });

  const quarterly = h('div', { class: 'row' });
  const semiAnnual = h('div', { class: 'row', hidden: true });
  kind.addEventListener('change', () => {
    quarterly.hidden = kind.value !== 'quarterly';
    semiAnnual.hidden = kind.value !== 'semi-annual';
  });

  const params = (): { path: string; q: Record<string, string> } => {
    const whole = (control: HTMLInputElement, field: string): string => {
      if (!/^\d+$/.test(control.value)) throw new FieldProblem(field, 'Enter a whole number');
      return control.value;
    };
    const t = whole(threshold, 'threshold');
    return kind.value === 'quarterly'
      ? { path: '/reports/quarterly', q: { fiscalYear: whole(fiscalYear, 'fiscalYear'), quarter: quarter.value, threshold: t } }
      : { path: '/reports/semi-annual', q: { year: whole(year, 'year'), half: half.value, threshold: t } };
  };

  const form = new Form({
    title: 'Choose a report',
    submitLabel: 'Show report',
    busyLabel: 'Loading…',
    onSubmit: async () => {
      const { path, q } = params();
      const report = await get<Report>(`${path}${query(q)}`);
      renderReport(out, report);
      return `${report.title} shown below.`;
    },
  });
  quarterly.append(form.field(fiscalYear, { name: 'fiscalYear', label: 'Fiscal year', required: true, className: 'inline-field' }), form.field(quarter, { name: 'quarter', label: 'Quarter', required: true, className: 'inline-field' }));
  semiAnnual.append(form.field(year, { name: 'year', label: 'Year', required: true, className: 'inline-field' }), form.field(half, { name: 'half', label: 'Half', required: true, className: 'inline-field' }));
  form.body.append(
    h('div', { class: 'row' }, form.field(kind, { name: 'kind', label: 'Report', required: true, className: 'inline-field' }), form.field(threshold, { name: 'threshold', label: 'Suppress counts under', required: true, className: 'inline-field' })),
    quarterly,
    semiAnnual,
  );

  const downloads = h('div', { class: 'actions downloads' });
  for (const format of ['csv', 'xlsx'] as const) {
    const button = h('button', { type: 'button' }, `Download ${format.toUpperCase()}`);
    button.addEventListener('click', () => {
      button.disabled = true;
      let request: { path: string; q: Record<string, string> };
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
  // Show the current period straight away.
  form.element.requestSubmit();
}
