import type { components } from '../api-types.js';
import { download, get, query } from '../api.js';
import { h, replace, scrollTable } from '../dom.js';
import { FieldProblem, Form, input } from '../forms.js';
import { money } from '../format.js';
import type { ScreenContext } from '../router.js';
import { emptyState, loadError, PageStatus, pageHeading } from '../ui.js';
import { closeOutPanel } from './close-out.js';

type Statements = components['schemas']['FinancialStatementsView'];
type ClassLine = components['schemas']['ClassLineView'];
type GrantBudget = components['schemas']['GrantBudgetView'];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const words = (code: string) => code.replace(/[_-]/g, ' ');
const num = (text: string) => h('td', { class: 'num' }, text);
const colHeads = (...titles: string[]) => h('thead', null, h('tr', null, ...titles.map((t, i) => h('th', { scope: 'col', class: i === 0 ? undefined : 'num' }, t))));

/** The first day of the federal fiscal year the day falls in (October 1). */
export function fiscalYearStart(day: string): string {
  const year = Number(day.slice(0, 4));
  return Number(day.slice(5, 7)) >= 10 ? `${year}-10-01` : `${year - 1}-10-01`;
}

function budgetTable(grant: GrantBudget, canClose: boolean): HTMLElement {
  const elapsed = grant.percentOfPeriodElapsed === null ? 'no period of performance set' : `${grant.percentOfPeriodElapsed.toFixed(1)}% of the period of performance (${grant.periodOfPerformance?.firstDay} to ${grant.periodOfPerformance?.lastDay}) gone by`;
  const spentShare = (spent: number, budget: number) => (budget > 0 ? ` (${((spent / budget) * 100).toFixed(1)}%)` : '');
  return h(
    'section',
    { class: 'panel', 'aria-label': `Budget versus actual: ${grant.name}` },
    h('h3', null, grant.name, grant.awardReference ? h('span', { class: 'hint' }, ` award ${grant.awardReference}`) : null),
    h('p', { class: 'hint' }, elapsed),
    scrollTable(
      `Budget versus actual, ${grant.name}`,
      h(
        'table',
        null,
        h('caption', { class: 'visually-hidden' }, `Budget versus actual, ${grant.name}`),
        colHeads('Budget line', 'Budget', 'Spent to date', 'Committed', 'Remaining'),
        h(
          'tbody',
          null,
          grant.lines.map((l) =>
            h(
              'tr',
              null,
              h('th', { scope: 'row' }, l.lineId, h('div', { class: 'hint' }, l.categories.map(words).join(', '))),
              num(money(l.budgetCents)),
              num(`${money(l.spentCents)}${spentShare(l.spentCents, l.budgetCents)}`),
              num(money(l.committedCents)),
              num(money(l.remainingCents)),
            ),
          ),
        ),
        h(
          'tfoot',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, 'Total'),
            num(money(grant.totals.budgetCents)),
            num(`${money(grant.totals.spentCents)}${spentShare(grant.totals.spentCents, grant.totals.budgetCents)}`),
            num(money(grant.totals.committedCents)),
            num(money(grant.totals.remainingCents)),
          ),
        ),
      ),
    ),
    closeOutPanel(grant.fundId, grant.name, canClose),
  );
}

function activitiesTable(s: Statements): HTMLElement {
  const row = (l: ClassLine, strong = false) =>
    h('tr', strong ? { class: 'total' } : null, h('th', { scope: 'row' }, l.label), num(money(l.withoutRestrictionsCents)), num(money(l.withRestrictionsCents)), num(money(l.totalCents)));
  const a = s.activities;
  return scrollTable(
    'Statement of activities',
    h(
      'table',
      null,
      h('caption', null, 'Statement of activities'),
      colHeads('Line', 'Without donor restrictions', 'With donor restrictions', 'Total'),
      h(
        'tbody',
        null,
        [...a.monetaryRevenue, ...a.inKindRevenue, ...a.gainsOnSales].map((l) => row(l)),
        row(a.totalRevenueAndSupport, true),
        row(a.releasesFromRestriction, true),
        [...a.expenses, ...a.stockWriteOffs, ...a.lossesOnSales].map((l) => row(l)),
        row(a.totalExpenses, true),
        row(a.changeInNetAssets, true),
        row(a.netAssetsBeginning, true),
        row(a.netAssetsEnding, true),
      ),
    ),
  );
}

function positionsTable(s: Statements): HTMLElement[] {
  const p = s.fundPositions;
  const note = h('p', { class: 'hint' }, `Donated cards and goods on hand at the end: ${money(p.stockOnHandCents)} (without donor restrictions). Net assets: ${money(p.totals.netAssetsCents)}.`);
  return [scrollTable(
    'Fund positions',
    h(
      'table',
      null,
      h('caption', null, 'Each fund at the end of the period'),
      colHeads('Fund', 'Closing cash', 'Committed', 'Available', 'Released in period', 'Unspent restricted'),
      h(
        'tbody',
        null,
        p.funds.map((f) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, f.name, h('div', { class: 'hint' }, f.restricted ? 'with donor restrictions' : 'without donor restrictions')),
            num(money(f.closingCashCents)),
            num(money(f.committedCents)),
            num(money(f.availableCents)),
            num(money(f.releasedInPeriodCents)),
            num(money(f.withRestrictionsCents)),
          ),
        ),
      ),
      h(
        'tfoot',
        null,
        h('tr', null, h('th', { scope: 'row' }, 'All funds'), num(money(p.totals.closingCashCents)), num(money(p.totals.committedCents)), num(''), num(''), num(money(p.totals.withRestrictionsCents))),
      ),
    ),
  ), note];
}

function inKindTable(s: Statements): HTMLElement {
  const d = s.inKindDisclosure;
  if (d.rows.length === 0) return emptyState('No gifts in kind received, used or on hand in this period.');
  return scrollTable(
    'In-kind disclosure',
    h(
      'table',
      null,
      h('caption', null, 'Contributed nonfinancial assets (ASU 2020-07)'),
      colHeads('Category', 'Received', 'Used in program', 'Sold (at recorded value)', 'Sale proceeds', 'On hand at end', 'Valuation technique'),
      h(
        'tbody',
        null,
        d.rows.map((r) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, words(r.category), h('div', { class: 'hint' }, r.restrictions)),
            num(money(r.receivedCents)),
            num(money(r.usedCents)),
            num(money(r.monetizedCents)),
            num(money(r.saleProceedsCents)),
            num(money(r.onHandEndCents)),
            h('td', null, r.valuationTechniques.map(words).join(', ') || 'none received'),
          ),
        ),
      ),
    ),
  );
}

/**
 * Coordinator and auditor: the financial statements of a period from the ledger (GET
 * /ledger/statements): budget versus actual per grant first, then the statement of activities,
 * each fund's position and the in-kind disclosure; the workbook and each statement's CSV to
 * download. Each grant opens onto its close-out (figures, files, and the close for coordinators). Internal figures: funders have their own, suppressed, fund activity statement.
 */
export function renderStatements({ main, query: address, session }: ScreenContext): void {
  const today = new Date().toISOString().slice(0, 10);
  const from = input({ type: 'date', value: address.get('from') ?? fiscalYearStart(today) });
  const to = input({ type: 'date', value: address.get('to') ?? today });
  const status = new PageStatus();
  const out = h('div', { class: 'statements-results' });

  const period = () => {
    const q = { from: from.value.trim(), to: to.value.trim() };
    if (!DAY.test(q.from)) throw new FieldProblem('from', 'Enter a day like 2026-10-01');
    if (!DAY.test(q.to)) throw new FieldProblem('to', 'Enter a day like 2026-12-31');
    if (q.to < q.from) throw new FieldProblem('to', 'The last day cannot be before the first');
    return q;
  };

  const show = async (q: { from: string; to: string }): Promise<string> => {
    const s = await get<Statements>(`/ledger/statements${query(q)}`);
    history.replaceState(null, '', `/app/statements${query(q)}`);
    replace(
      out,
      h(
        'section',
        { 'aria-labelledby': 'bva-h' },
        h('h2', { id: 'bva-h' }, 'Budget versus actual'),
        s.budgetVersusActual.length === 0 ? emptyState('No grant has restrictions with a budget or a period of performance yet.') : s.budgetVersusActual.map((g) => budgetTable(g, session.role === 'coordinator')),
      ),
      h('section', { 'aria-labelledby': 'soa-h' }, h('h2', { id: 'soa-h' }, 'Statement of activities'), activitiesTable(s)),
      h('section', { 'aria-labelledby': 'pos-h' }, h('h2', { id: 'pos-h' }, 'Fund positions'), ...positionsTable(s)),
      h('section', { 'aria-labelledby': 'ik-h' }, h('h2', { id: 'ik-h' }, 'Gifts in kind'), inKindTable(s)),
    );
    return `Statements from ${s.period.from} to ${s.period.to}: ${s.budgetVersusActual.length} grants with a budget.`;
  };

  const form = new Form({
    title: 'Choose the period',
    submitLabel: 'Show the statements',
    busyLabel: 'Loading…',
    failurePrefix: 'Could not show the statements: ',
    onSubmit: async () => show(period()),
  });
  form.body.append(
    form.field(from, { name: 'from', label: 'First day', hint: 'When the money or goods moved, this day included.', className: 'inline-field', required: true }),
    form.field(to, { name: 'to', label: 'Last day', hint: 'Included.', className: 'inline-field', required: true }),
  );

  const downloads = h('div', { class: 'actions downloads' });
  const files: readonly (readonly [string, string, string])[] = [
    ['Download the workbook (XLSX)', 'xlsx', ''],
    ['Budget versus actual (CSV)', 'csv', 'budget-vs-actual'],
    ['Statement of activities (CSV)', 'csv', 'activities'],
    ['Fund positions (CSV)', 'csv', 'fund-positions'],
    ['In-kind disclosure (CSV)', 'csv', 'in-kind'],
  ];
  for (const [label, ext, statement] of files) {
    const button = h('button', { type: 'button' }, label);
    button.addEventListener('click', () => {
      let q: { from: string; to: string };
      try {
        q = period();
      } catch (error) {
        status.error(error);
        return;
      }
      button.disabled = true;
      void download(`/ledger/statements.${ext}${query({ ...q, statement: statement || undefined })}`, `statements.${ext}`)
        .then((file) => status.success(`Downloaded ${file.filename}.`))
        .catch((error: unknown) => status.error(error))
        .finally(() => (button.disabled = false));
    });
    downloads.append(button);
  }

  main.append(
    ...pageHeading('Financial statements', 'From the ledger, for any period: budget versus actual per grant, activities by net asset class, each fund’s position and gifts in kind. Internal figures; reading them is recorded in the access log.'),
    status.element,
    h('section', { class: 'panel', 'aria-labelledby': 'stmt-choose-h' }, h('h2', { id: 'stmt-choose-h' }, 'Choose a period'), form.element, downloads),
    out,
  );
  void show(period()).catch((error: unknown) => replace(out, loadError(error, () => void form.element.requestSubmit())));
}
