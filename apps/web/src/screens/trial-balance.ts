import { get, query } from '../api.js';
import { h, replace, scrollTable } from '../dom.js';
import { FieldProblem, Form, input } from '../forms.js';
import { money } from '../format.js';
import type { components } from '../api-types.js';
import type { ScreenContext } from '../router.js';
import { emptyState, loadError, pageHeading } from '../ui.js';

type TrialBalance = components['schemas']['TrialBalanceView'];

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const TYPE_LABELS: Readonly<Record<string, string>> = { asset: 'Asset', net_assets: 'Net assets', revenue: 'Revenue', expense: 'Expense' };

/**
 * Auditor and coordinator: debits, credits and the balance of every ledger account at the end of
 * a day or now (GET /ledger/trial-balance), with the totals and whether they agree. Reading it is
 * recorded in the access log.
 */
export function renderTrialBalance({ main, query: address }: ScreenContext): void {
  const results = h('div', { class: 'trial-balance-results' });
  const asOf = input({ type: 'date', value: address.get('asOf') ?? '' });

  const show = async (day: string | undefined): Promise<string> => {
    const tb = await get<TrialBalance>(`/ledger/trial-balance${query({ asOf: day })}`);
    history.replaceState(null, '', `/app/trial-balance${query({ asOf: day })}`);
    const when = tb.asOf ? `at the end of ${tb.asOf} (UTC)` : 'now';
    if (tb.accounts.length === 0) {
      replace(results, emptyState(`No entry in the ledger ${tb.asOf ? `up to ${tb.asOf}` : 'yet'}: nothing has been received or paid.`));
      return `No accounts ${when}.`;
    }
    const debitBalances = tb.accounts.reduce((sum, a) => sum + Math.max(0, a.balanceCents), 0);
    const creditBalances = tb.accounts.reduce((sum, a) => sum + Math.max(0, -a.balanceCents), 0);
    replace(
      results,
      h(
        'p',
        { class: `verdict-line ${tb.balanced ? 'pass' : 'fail'}` },
        tb.balanced ? `\u2713 Balanced ${when}: everything debited equals everything credited (${money(tb.totalDebitCents)}).` : `\u2717 NOT balanced ${when}: debits ${money(tb.totalDebitCents)}, credits ${money(tb.totalCreditCents)}.`,
      ),
      scrollTable(
        'Trial balance',
        h(
          'table',
          { class: 'trial-balance' },
          h('caption', null, `Trial balance ${when}`),
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Account'), ...['Debit balance', 'Credit balance'].map((t) => h('th', { scope: 'col', class: 'num' }, t)))),
          h(
            'tbody',
            null,
            tb.accounts.map((a) =>
              h(
                'tr',
                null,
                // A break allowed after each colon, so a long account code wraps at its parts on a phone.
                h(
                  'th',
                  { scope: 'row', class: 'account' },
                  h('code', null, a.account.split(':').flatMap((part, i) => (i === 0 ? [part] : [':', h('wbr'), part]))),
                  h('div', { class: 'hint' }, a.type ? TYPE_LABELS[a.type] ?? a.type : 'type unknown'),
                  h('div', { class: 'hint turnover' }, `debits ${money(a.debitCents)}, credits ${money(a.creditCents)}`),
                ),
                h('td', { class: 'num' }, a.balanceCents > 0 ? money(a.balanceCents) : ''),
                h('td', { class: 'num' }, a.balanceCents < 0 ? money(-a.balanceCents) : ''),
              ),
            ),
          ),
          h('tfoot', null, h('tr', null, h('th', { scope: 'row' }, 'Totals'), h('td', { class: 'num' }, money(debitBalances)), h('td', { class: 'num' }, money(creditBalances)))),
        ),
      ),
      h('p', { class: 'hint' }, 'Each account\u2019s balance is in the debit column (assets, expenses) or the credit column (revenue, net assets); the two totals agree when the ledger balances. Under each account: everything debited and credited to it.'),
    );
    return `Trial balance ${when}: ${tb.accounts.length} accounts, ${tb.balanced ? 'balanced' : 'NOT balanced'}.`;
  };

  const form = new Form({
    title: 'Choose the day',
    submitLabel: 'Show the trial balance',
    busyLabel: 'Loading…',
    failurePrefix: 'Could not show the trial balance: ',
    onSubmit: async () => {
      const day = asOf.value.trim();
      if (day && !DAY.test(day)) throw new FieldProblem('asOf', 'Enter a day like 2026-12-31, or leave it empty for now');
      return show(day || undefined);
    },
  });
  form.body.append(form.field(asOf, { name: 'asOf', label: 'At the end of (UTC day)', hint: 'Leave it empty for the balances now.', className: 'inline-field' }));
  main.append(
    ...pageHeading('Trial balance', 'Debits, credits and the balance of every account of the double-entry ledger. Reading it is recorded in the access log.'),
    h('section', { 'aria-labelledby': 'tb-h' }, h('h2', { id: 'tb-h', class: 'visually-hidden' }, 'Accounts'), form.element, results),
  );
  void show(asOf.value || undefined).catch((error: unknown) => replace(results, loadError(error, () => void form.element.requestSubmit())));
}
