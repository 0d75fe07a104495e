import type { components } from '../api-types.js';
import { download, get, post } from '../api.js';
import { h, replace, scrollTable, type Child } from '../dom.js';
import { FieldProblem, Form, input, selectOf } from '../forms.js';
import { money } from '../format.js';
import type { FundBalance, Items } from '../types.js';
import { confirmDialog, loadError, loading } from '../ui.js';

export type CloseOut = components['schemas']['GrantCloseOutView'];

const ACTIONS: readonly (readonly [string, string])[] = [
  ['release', 'Release it: the money stays in the grant, unspent'],
  ['move', 'Move it to another fund, which must allow it'],
  ['keep', 'Keep it reserved: paid from the grant until the liquidation deadline'],
];

/** The close-out's state in one sentence: closed on a day, or what a close today would decide about. */
export function closeOutStatus(c: Pick<CloseOut, 'closedOn' | 'closeOutReference' | 'period' | 'totals' | 'decisions'>): string {
  if (c.closedOn) {
    const decided = c.decisions.filter((d) => d.reservations > 0).map((d) => `${d.reservations} ${d.action === 'keep' ? 'kept' : d.action === 'move' ? 'moved' : 'released'}`);
    return `Closed out on ${c.closedOn}${c.closeOutReference ? ` (${c.closeOutReference})` : ''}: ${decided.length ? decided.join(', ') : 'no reservation was open'}. Kept money is paid until ${c.period.liquidationDeadline}.`;
  }
  return `Open. The period of performance ends on ${c.period.lastDay}; it can be closed out from that day. ${money(c.totals.keptCents)} is reserved for approved requests now.`;
}

function figures(c: CloseOut): HTMLElement {
  const num = (cents: number) => h('td', { class: 'num' }, money(cents));
  return scrollTable(
    `Close-out figures, ${c.name}`,
    h(
      'table',
      null,
      h('caption', { class: 'visually-hidden' }, `Close-out figures, ${c.name}`),
      h('thead', null, h('tr', null, ['Budget line', 'Budget', 'Spent', 'Kept to pay', 'Released', 'Moved', 'Unspent'].map((t, i) => h('th', { scope: 'col', class: i ? 'num' : null }, t)))),
      h('tbody', null, c.lines.map((l) => h('tr', null, h('th', { scope: 'row' }, l.lineId), num(l.budgetCents), num(l.spentCents), num(l.keptCents), num(l.releasedCents), num(l.movedCents), num(l.unspentCents)))),
      h(
        'tfoot',
        null,
        h('tr', null, h('th', { scope: 'row' }, 'Whole grant'), num(c.award.budgetCents), num(c.totals.spentCents), num(c.totals.keptCents), num(c.totals.releasedCents), num(c.totals.movedCents), num(c.totals.unspentCents)),
      ),
    ),
  );
}

/**
 * A grant's close-out on the statements screen (GET /funds/{id}/close-out): its figures, the
 * CSV and XLSX, and for a coordinator, once the period's last day has come, the close itself
 * (POST /funds/{id}/close-out) with one decision for every open reservation. Deciding request by
 * request is the api's `decisions` list.
 */
export function closeOutPanel(fundId: string, grantName: string, canClose: boolean): HTMLElement {
  const box = h('div', null);
  const details = h('details', { class: 'close-out' }, h('summary', null, `Close-out of ${grantName}`), box);
  let loaded = false;

  const downloads = (): HTMLElement => {
    const div = h('div', { class: 'actions downloads' });
    for (const [text, ext] of [
      ['Close-out (CSV)', 'csv'],
      ['Close-out (XLSX)', 'xlsx'],
    ] as const) {
      const button = h('button', { type: 'button' }, text);
      button.addEventListener('click', () => {
        button.disabled = true;
        void download(`/ledger/statements/close-out.${ext}?fundId=${encodeURIComponent(fundId)}`, `close-out-${fundId}.${ext}`).finally(() => (button.disabled = false));
      });
      div.append(button);
    }
    return div;
  };

  const closeForm = (c: CloseOut, funds: readonly FundBalance[]): HTMLElement => {
    const action = selectOf(ACTIONS, 'release');
    const toFund = selectOf(
      funds.filter((f) => f.fundId !== fundId).map((f) => [f.fundId, f.name]),
      null,
      'Choose the fund',
    );
    const reference = input({ maxlength: 80, autocomplete: 'off' });
    const form: Form = new Form({
      title: `Close out ${grantName}`,
      submitLabel: 'Close out the grant',
      busyLabel: 'Closing out…',
      // A move without its fund is not asked about: onSubmit says so next to the field.
      confirm: () =>
        (action.value === 'move' && !toFund.value) ||
        confirmDialog(form.element, {
          title: `Close out ${grantName}?`,
          body: 'No request can be charged to this grant afterwards. This cannot be undone.',
          confirmText: 'Close out',
        }),
      onSubmit: async () => {
        if (action.value === 'move' && !toFund.value) throw new FieldProblem('otherwise.toFundId', 'Choose the fund the reservations move to');
        const otherwise = action.value === 'move' ? { action: 'move', toFundId: toFund.value } : { action: action.value };
        const done = await post<CloseOut>(`/funds/${encodeURIComponent(fundId)}/close-out`, { decisions: [], otherwise, ...(reference.value.trim() ? { reference: reference.value.trim() } : {}) });
        draw(done, funds);
        return closeOutStatus(done);
      },
    });
    form.body.append(
      form.field(action, { name: 'otherwise.action', label: 'Every reservation still open', hint: `${money(c.totals.keptCents)} is reserved for approved requests.`, required: true }),
      form.field(toFund, { name: 'otherwise.toFundId', label: 'Fund to move them to', hint: 'Only when moving.' }),
      form.field(reference, { name: 'reference', label: 'Close-out reference', hint: 'The final report or letter this records.' }),
    );
    return form.element;
  };

  const draw = (c: CloseOut, funds: readonly FundBalance[]): void => {
    const today = new Date().toISOString().slice(0, 10);
    const parts: Child[] = [h('p', { class: 'close-out-status' }, closeOutStatus(c)), figures(c), downloads()];
    if (canClose && !c.closedOn && today >= c.period.lastDay) parts.push(closeForm(c, funds));
    replace(box, ...parts);
  };

  const load = async (): Promise<void> => {
    replace(box, loading());
    try {
      const [c, funds] = await Promise.all([get<CloseOut>(`/funds/${encodeURIComponent(fundId)}/close-out`), canClose ? get<Items<FundBalance>>('/balances/funds').then((r) => r.items) : Promise.resolve([])]);
      draw(c, funds);
    } catch (error) {
      replace(box, loadError(error, () => void load()));
    }
  };
  details.addEventListener('toggle', () => {
    if (details.open && !loaded) {
      loaded = true;
      void load();
    }
  });
  return details;
}
