import type { components } from '../api-types.js';
import { download, get, query } from '../api.js';
import { h, replace, scrollTable } from '../dom.js';
import { FieldProblem, Form, input } from '../forms.js';
import { dateTime, money } from '../format.js';
import type { ScreenContext } from '../router.js';
import { PageStatus, pageHeading } from '../ui.js';
import { fiscalQuarter, fiscalQuarterOf, PeriodChoice, ThresholdField } from './report-periods.js';

type Statement = components['schemas']['FundActivityStatementView'];
type Line = components['schemas']['StatementLineView'];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function suppressed(): HTMLElement {
  return h('span', { class: 'suppressed' }, 'suppressed');
}

const countCell = (value: number | null): HTMLElement => h('td', { class: 'num' }, value === null ? suppressed() : String(value));
const amountCell = (value: number | null): HTMLElement => h('td', { class: 'num' }, value === null ? suppressed() : money(value));

/** One section of the statement: its lines, then the total the api publishes for them. */
function linesTable(title: string, countHeading: string, lines: readonly Line[], totalCents: number | null): HTMLElement {
  return scrollTable(
    title,
    h(
      'table',
      null,
      h('caption', null, title),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Line'), h('th', { scope: 'col', class: 'num' }, countHeading), h('th', { scope: 'col', class: 'num' }, 'Amount'))),
      h(
        'tbody',
        null,
        lines.length === 0 ? h('tr', null, h('td', { colspan: 3 }, 'Nothing in this period.')) : lines.map((line) => h('tr', null, h('th', { scope: 'row' }, line.label), countCell(line.count), amountCell(line.amountCents))),
      ),
      h('tfoot', null, h('tr', null, h('th', { scope: 'row' }, 'Total'), h('td', null), amountCell(totalCents))),
    ),
  );
}

/** Balances exist only on the internal statement; a funder's has none (two balances give a period's net flow). */
function balancesTable(statement: Statement): HTMLElement {
  const rows: [string, number | null][] = [
    ['Opening balance', statement.openingBalanceCents],
    ['Voided payments returned', statement.voidsReturnedCents],
    ['Closing balance', statement.closingBalanceCents],
    ['Committed, not yet paid', statement.commitmentsOutstandingCents],
    ['Available', statement.availableCents],
  ];
  return scrollTable(
    'Balances',
    h(
      'table',
      null,
      h('caption', null, 'Balances (internal)'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Balance'), h('th', { scope: 'col', class: 'num' }, 'Amount'))),
      h(
        'tbody',
        null,
        rows.map(([label, cents]) => h('tr', null, h('th', { scope: 'row' }, label), amountCell(cents))),
      ),
    ),
  );
}

function renderStatement(out: HTMLElement, statement: Statement): void {
  const hidden = [...statement.donations, ...statement.disbursements, ...statement.inKind.received, ...statement.inKind.distributed].filter((l) => l.amountCents === null).length;
  const all = statement.donations.length + statement.disbursements.length + statement.inKind.received.length + statement.inKind.distributed.length;
  replace(
    out,
    h('h2', { id: 'statement-h' }, statement.title),
    h(
      'p',
      null,
      `Period ${statement.period.start} to ${statement.period.end}. Small-cell threshold: counts under ${statement.threshold} are suppressed. Generated ${dateTime(statement.generatedAt)}.`,
      statement.audience === 'funder' ? ' Every figure is one of the published figures of this period’s funder report; there are no balances.' : null,
    ),
    hidden > 0 ? h('p', null, `${hidden} of ${all} lines are suppressed: too few donations or payments, or they could be worked out from other published figures.`) : null,
    h('details', { class: 'notes' }, h('summary', null, 'How to read this statement'), h('ul', null, statement.notes.map((n) => h('li', null, n)))),
    h('h3', null, 'Money'),
    linesTable('Donations received', 'Donations', statement.donations, statement.donationsCents),
    linesTable('Disbursements', 'Payments', statement.disbursements, statement.disbursementsCents),
    statement.audience === 'internal' ? balancesTable(statement) : null,
    h('h3', null, 'In-kind goods and cards (memo, outside the money balance)'),
    linesTable('In-kind received', statement.audience === 'funder' ? 'Units' : 'Donations', statement.inKind.received, statement.inKind.receivedCents),
    linesTable('In-kind distributed', statement.audience === 'funder' ? 'Units' : 'Payments', statement.inKind.distributed, statement.inKind.distributedCents),
    h('p', null, 'Written off: ', statement.inKind.writtenOffCents === null ? suppressed() : money(statement.inKind.writtenOffCents)),
  );
}

/**
 * The fund activity statement. Funders choose a closed period of the lattice and get the
 * published figures only; coordinators and auditors may also choose any range of days.
 */
export function renderFundActivity({ main, session }: ScreenContext): void {
  const status = new PageStatus();
  const out = h('div', { class: 'report' });
  const funder = session.role === 'funder';
  const choice = new PeriodChoice(!funder, funder ? [] : [['range', 'Any range of days (internal)']]);
  const threshold = new ThresholdField();
  const now = fiscalQuarterOf(new Date());
  const current = fiscalQuarter(now.fiscalYear, now.quarter, '');
  const from = input({ type: 'date', value: current.start });
  const to = input({ type: 'date', value: current.end });

  const params = (): { q: Record<string, string | undefined>; asked: string | undefined } => {
    const asked = threshold.value();
    if (choice.isLattice) {
      const period = choice.chosen();
      return { q: { from: period.start, to: period.end, threshold: asked }, asked };
    }
    if (!DATE.test(from.value)) throw new FieldProblem('from', 'Enter a date');
    if (!DATE.test(to.value)) throw new FieldProblem('to', 'Enter a date');
    return { q: { from: from.value, to: to.value, threshold: asked }, asked };
  };

  const form = new Form({
    title: 'Choose a period',
    submitLabel: 'Show statement',
    busyLabel: 'Loading…',
    failurePrefix: 'Not shown: ',
    onSubmit: async () => {
      const { q, asked } = params();
      const statement = await get<Statement>(`/reports/fund-activity${query(q)}`);
      threshold.answered(statement.threshold, asked);
      renderStatement(out, statement);
      return `${statement.title} shown below.`;
    },
  });
  const [kindField, periodField] = choice.fields(form, funder ? 'Closed periods only: a period is published once it is over.' : undefined);
  form.body.append(h('div', { class: 'row' }, kindField, periodField, threshold.field(form)));
  // A free range of days is internal: a funder's would be refused, so it is not offered.
  if (!funder) {
    const range = h(
      'div',
      { class: 'row', hidden: true },
      form.field(from, { name: 'from', label: 'From (included)', required: true, className: 'inline-field' }),
      form.field(to, { name: 'to', label: 'To (included)', required: true, className: 'inline-field' }),
    );
    choice.kind.addEventListener('change', () => {
      range.hidden = choice.isLattice;
      periodField!.hidden = !choice.isLattice;
    });
    form.body.append(range);
  }

  const downloads = h('div', { class: 'actions downloads' });
  for (const format of ['csv', 'xlsx'] as const) {
    const button = h('button', { type: 'button' }, `Download ${format.toUpperCase()}`);
    button.addEventListener('click', () => {
      button.disabled = true;
      let q: Record<string, string | undefined>;
      try {
        q = params().q;
      } catch (error) {
        status.error(error);
        button.disabled = false;
        return;
      }
      void download(`/reports/fund-activity/export${query({ ...q, format })}`, `fund-activity.${format}`)
        .then((file) => status.success(`Downloaded ${file.filename}.`))
        .catch((error: unknown) => status.error(error))
        .finally(() => (button.disabled = false));
    });
    downloads.append(button);
  }

  main.append(
    ...pageHeading(
      'Fund activity',
      funder
        ? 'Money in and out of the fund over a closed period, from the published figures of that period’s report: small counts suppressed, no balances.'
        : 'Money in and out of all funds over a period, with balances (internal). Funders see closed report periods only, without balances.',
    ),
    status.element,
    h('section', { class: 'panel', 'aria-labelledby': 'statement-choose-h' }, h('h2', { id: 'statement-choose-h' }, 'Choose a period'), form.element, downloads),
    out,
  );
  form.element.requestSubmit();
}
