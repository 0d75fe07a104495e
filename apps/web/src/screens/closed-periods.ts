import { get, IdempotentRetry, post } from '../api.js';
import { h, replace, scrollTable } from '../dom.js';
import { FieldProblem, Form, input, selectOf } from '../forms.js';
import { money } from '../format.js';
import type { components } from '../api-types.js';
import type { ScreenContext } from '../router.js';
import { confirmDialog, emptyState, loadError, loading, pageHeading } from '../ui.js';

type ClosedPeriods = components['schemas']['ClosedPeriodsView'];
type ClosedPeriod = components['schemas']['ClosedPeriodView'];

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const FISCAL_YEAR = /^FY\d{4}$/;

/** Last month: usually the next one to close, as a starting value only. */
function suggestedMonth(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

/** A 64-digit digest in groups of eight, so it wraps on a phone and can be read aloud and compared. */
function digestText(digest: string): HTMLElement {
  return h('code', { class: 'digest' }, (digest.match(/.{1,8}/g) ?? [digest]).flatMap((g, i) => (i === 0 ? [g] : [' ', h('wbr'), g])));
}

function periodCard(p: ClosedPeriod): HTMLElement {
  const title = p.kind === 'fiscal_year' ? `Fiscal year ${p.period.slice(2)} (${p.from} to ${p.to})` : `Month ${p.period} (${p.from} to ${p.to})`;
  return h(
    'article',
    { class: 'card closed-period' },
    h('h3', null, title),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'Closed'),
      h('dd', null, p.closedAt.replace('T', ' ').slice(0, 16), ' UTC'),
      h('dt', null, 'Trial balance digest (SHA-256)'),
      h('dd', null, digestText(p.trialBalanceDigest)),
      h('dt', null, 'Closing entry'),
      h('dd', null, `#${p.entrySeq} in the ledger chain`),
      h('dt', null, 'Totals'),
      h('dd', null, `debits ${money(p.totalDebitCents)}, credits ${money(p.totalCreditCents)}`),
    ),
    h(
      'p',
      { class: `verdict-line ${p.ledgerStillAgrees ? 'pass' : 'fail'}` },
      p.ledgerStillAgrees
        ? '\u2713 The ledger today still gives this digest.'
        : '\u2717 The ledger today gives a different trial balance for this period: an entry dated in it changed after the close.',
    ),
    h(
      'details',
      null,
      h('summary', null, `Trial balance: ${p.trialBalance.length} accounts`),
      scrollTable(
        `Trial balance ${p.period}`,
        h(
          'table',
          { class: 'trial-balance' },
          h('caption', null, `Trial balance sealed by the close of ${p.period}: every line dated up to ${p.to}`),
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Account'), h('th', { scope: 'col', class: 'num' }, 'Debits'), h('th', { scope: 'col', class: 'num' }, 'Credits'))),
          h(
            'tbody',
            null,
            p.trialBalance.map((l) =>
              h(
                'tr',
                null,
                h('th', { scope: 'row', class: 'account' }, h('code', null, l.account.split(':').flatMap((part, i) => (i === 0 ? [part] : [':', h('wbr'), part])))),
                h('td', { class: 'num' }, money(l.debitCents)),
                h('td', { class: 'num' }, money(l.creditCents)),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/**
 * Auditor and coordinator: the closed months and fiscal years with the digest of the trial
 * balance each closing entry sealed (GET /ledger/periods); a coordinator also closes the next
 * month or a fiscal year here (POST /ledger/periods), after confirming: a close is never undone.
 */
export async function renderClosedPeriods({ main, session }: ScreenContext): Promise<void> {
  const list = h('div', { class: 'closed-periods' }, loading('Loading the closed periods…'));
  const show = async (): Promise<void> => {
    const { periods } = await get<ClosedPeriods>('/ledger/periods');
    if (periods.length === 0) {
      replace(list, emptyState('No period is closed yet.'));
      return;
    }
    replace(list, ...[...periods].reverse().map(periodCard));
  };

  const sections: HTMLElement[] = [];
  if (session.role === 'coordinator') {
    const retry = new IdempotentRetry();
    const kind = selectOf(
      [
        ['month', 'A month'],
        ['fiscal_year', 'A fiscal year (October to September)'],
      ],
      'month',
    );
    const period = input({ autocomplete: 'off', value: suggestedMonth(), maxlength: 7, inputmode: 'text' });
    const form: Form = new Form({
      title: 'Close a period',
      submitLabel: 'Close the period',
      busyLabel: 'Closing…',
      confirm: (): Promise<boolean> =>
        confirmDialog(form.element, {
          title: `Close ${period.value.trim()}?`,
          body: 'Nothing dated in it can be recorded afterwards, and a close cannot be undone: corrections are recorded in the open period.',
          confirmText: 'Close the period',
        }),
      onSubmit: async () => {
        const value = period.value.trim();
        if (kind.value === 'month' && !MONTH.test(value)) throw new FieldProblem('period', 'Enter a month like 2026-11');
        if (kind.value === 'fiscal_year' && !FISCAL_YEAR.test(value)) throw new FieldProblem('period', 'Enter a fiscal year like FY2027 (October 2026 to September 2027)');
        await post<unknown>('/ledger/periods', { kind: kind.value, period: value }, retry);
        const text = `${value} is closed. The ledger seals its trial balance in a moment.`;
        await show();
        return text;
      },
    });
    form.body.append(
      form.field(kind, { name: 'kind', label: 'What to close', required: true }),
      form.field(period, {
        name: 'period',
        label: 'Period',
        required: true,
        hint: 'A month as 2026-11 (months close in order, from the second day after they end), or a fiscal year as FY2027 once its twelve months are closed.',
      }),
    );
    sections.push(h('section', { 'aria-labelledby': 'close-h' }, h('h2', { id: 'close-h' }, 'Close a period'), form.element));
  }

  main.append(
    ...pageHeading(
      'Closed periods',
      'Each closed month and fiscal year, with the SHA-256 digest of the trial balance its closing entry sealed in the ledger chain. Publish the digest or give it to the auditor: any later export must give it again (the auditor’s guide says how).',
    ),
    ...sections,
    h('section', { 'aria-labelledby': 'closed-h' }, h('h2', { id: 'closed-h' }, 'Closed so far'), list),
  );
  await show().catch((error: unknown) => replace(list, loadError(error, () => void show())));
}
