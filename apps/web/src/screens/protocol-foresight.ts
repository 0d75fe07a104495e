import type { components } from '../api-types.js';
import { get } from '../api.js';
import { h, replace, scrollTable, uid } from '../dom.js';
import { money } from '../format.js';
import { loadError, loading } from '../ui.js';

/**
 * Protocol foresight, beside a proposal's rules: the fund's recent history replayed under the
 * proposed version (GET /protocols/:version/foresight), so the council sees what the rules would
 * have done before voting. The vote then names the replay its member saw.
 */

type Foresight = components['schemas']['ProtocolForesightView'];
type ShownCount = components['schemas']['ShownCountView'];
type ShownAmount = components['schemas']['ShownAmountView'];
export type ForesightSeen = components['schemas']['ForesightSeenDto'];

export interface ForesightPanel {
  readonly element: HTMLElement;
  /** What the vote body carries: the replay shown, or nothing while none has loaded. */
  voteFields(): { foresight?: ForesightSeen };
}

const RULES: Readonly<Record<string, string>> = {
  'FUND_REQUEST.OVER_REQUEST_CAP': 'above the cap per request',
  'FUND_REQUEST.OVER_SURVIVOR_12_MONTH_CAP': 'above the 12-month cap per survivor reference',
  'FUND_REQUEST.INELIGIBLE_CATEGORY': 'category not eligible',
  'FUND_REQUEST.RECEIPTS_OVERDUE': "agency's receipts overdue",
  'FUND_REQUEST.GIFT_CARD_OVER_FACE_VALUE': 'gift card above the face-value limit',
  'FUND.INSUFFICIENT_FUNDS': 'not enough money available in the fund',
};
const STAGES: Readonly<Record<string, string>> = { submission: 'At submission', approval: 'At approval', payment: 'At payment' };
const OUTCOMES: Readonly<Record<string, string>> = {
  approved: 'Approved',
  denied: 'Denied',
  undecided: 'Still awaiting votes',
  withdrawn: 'Withdrawn',
  expired: 'Expired',
  refused: 'Refused at submission',
};

/** A suppressed count is said to be hidden, never guessed at. */
function count(c: ShownCount): string {
  return c.count === null ? 'hidden (small number)' : String(c.count);
}

function amount(a: ShownAmount): string {
  return a.amountCents === null ? 'hidden' : money(a.amountCents);
}

function months(n: number | null): string {
  return n === null ? 'nothing committed' : `${n} months`;
}

function table(caption: string, headings: readonly string[], rows: readonly (readonly string[])[]): HTMLElement {
  return scrollTable(
    caption,
    h(
      'table',
      null,
      h('caption', null, caption),
      h('thead', null, h('tr', null, headings.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, rows.map(([first, ...rest]) => h('tr', null, h('th', { scope: 'row' }, first ?? ''), rest.map((cell) => h('td', null, cell))))),
    ),
  );
}

function render(f: Foresight): HTMLElement[] {
  const refused = f.refusals.length
    ? table(
        'Requests this version would have refused',
        ['Where', 'Rule', 'Requests'],
        f.refusals.map((r) => [STAGES[r.stage] ?? r.stage, RULES[r.code] ?? r.code, count(r.requests)]),
      )
    : h('p', null, 'No request of the window would have been refused.');
  return [
    h('p', null, `Every request submitted from ${f.window.from} to ${f.window.to} decided again under these rules, beside what happened (${count(f.requests)} requests). Small numbers are hidden, as in the funder reports.`),
    h(
      'ul',
      { class: 'foresight-facts' },
      h('li', null, `Approved requests that would have needed more council votes: ${count(f.neededMoreVotes)}`),
      h('li', null, `Requests an earlier vote would already have approved: ${count(f.approvedWithFewerVotes)}`),
      h('li', null, `Survivor references at the 12-month cap: ${count(f.referencesAtCap.happened)} as it happened, ${count(f.referencesAtCap.draft)} under this version`),
    ),
    refused,
    table('How the requests ended', ['Outcome', 'As it happened', 'Under this version'], f.outcomes.map((o) => [OUTCOMES[o.outcome] ?? o.outcome, count(o.happened), count(o.draft)])),
    table(
      "Each fund's runway when the window ends",
      ['Fund', 'Available as it happened', 'Available under this version', 'Runway as it happened', 'Runway under this version'],
      f.runway.map((r) => [r.fundId, money(r.happened.availableCents), money(r.draft.availableCents), months(r.happened.runwayMonths), months(r.draft.runwayMonths)]),
    ),
    h(
      'details',
      null,
      h('summary', null, 'Money committed per fund and month'),
      table('Money committed per fund and month', ['Fund and month', 'As it happened', 'Under this version'], f.money.map((m) => [`${m.fundId} ${m.month}`, amount(m.happened), amount(m.draft)])),
    ),
    h('p', { class: 'hint' }, 'What the replay cannot see: ', f.limits.join(' ')),
  ];
}

export function foresightPanel(version: string): ForesightPanel {
  const headingId = uid('foresight');
  const body = h('div', { 'aria-live': 'polite' }, loading('Replaying the last 12 months under this version…'));
  const element = h('section', { class: 'panel foresight', 'aria-labelledby': headingId }, h('h4', { id: headingId }, 'What this version would have changed'), body);
  let seen: ForesightSeen | null = null;
  const load = (): void => {
    replace(body, loading('Replaying the last 12 months under this version…'));
    get<Foresight>(`/protocols/${encodeURIComponent(version)}/foresight`).then(
      (f) => {
        seen = { window: f.window, inputsHash: f.inputsHash };
        replace(body, ...render(f));
      },
      (error: unknown) => replace(body, loadError(error, load)),
    );
  };
  load();
  return { element, voteFields: () => (seen ? { foresight: seen } : {}) };
}
