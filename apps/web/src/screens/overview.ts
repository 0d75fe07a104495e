import { get } from '../api.js';
import type { components } from '../api-types.js';
import { h, replace, scrollTable, type Child } from '../dom.js';
import { label, money, shortId } from '../format.js';
import type { ScreenContext } from '../router.js';
import type { FundBalance, Items, Protocol } from '../types.js';
import { emptyState, loadError, loading, pageHeading } from '../ui.js';
import { pacingTable } from './pacing.js';

type Overview = components['schemas']['CoordinatorOverviewView'];
type Counts = Overview['counts'];

/** "3 h 20 min", "2 days 4 h": how long something has waited, to the nearest minute. */
export function waited(fromIso: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return `${days} ${days === 1 ? 'day' : 'days'}${hours ? ` ${hours} h` : ''}`;
  if (hours > 0) return `${hours} h${mins ? ` ${mins} min` : ''}`;
  return mins === 0 ? 'under a minute' : `${mins} min`;
}

/** The queues on the coordinator's start page: how many wait, what that means, and where to act. */
const QUEUES: readonly { readonly key: keyof Counts; readonly title: string; readonly what: string; readonly href: string | null; readonly link: string }[] = [
  { key: 'awaitingDecision', title: 'Awaiting a council decision', what: 'Submitted, not yet approved or denied.', href: null, link: '' },
  { key: 'awaitingAnswer', title: 'Waiting for a provider\u2019s answer', what: 'Of those, with a council question not answered yet.', href: null, link: '' },
  { key: 'toPay', title: 'To pay', what: 'Approved, with money or stock still to hand over.', href: '/app/payments', link: 'Open the payments queue' },
  { key: 'toClose', title: 'Ready to close', what: 'Paid in full, every receipt settled.', href: '/app/payments', link: 'Close them on the payments page' },
  { key: 'overdueReceipts', title: 'Receipts overdue', what: 'Past their due date, neither recorded nor attested lost.', href: '/app/payments', link: 'See them on the payments page' },
  { key: 'toRatify', title: 'Expedited approvals to ratify', what: 'Approved by the on-call member; the council ratifies them.', href: null, link: '' },
];

/**
 * Coordinator: what waits, at a glance. Pending counts per queue and the emergency requests not
 * decided yet with how long they have waited (from GET /queues/overview), each fund's balance
 * (GET /balances/funds), budget pacing against the spending plans (the overview's pacing), and
 * links to where the work is done.
 */
export async function renderOverview({ main }: ScreenContext): Promise<void> {
  const emergenciesBox = h('div', null, loading());
  const queuesBox = h('div', null, loading());
  const fundsBox = h('div', null, loading());
  const pacingBox = h('div', null, loading());
  main.append(
    ...pageHeading('Overview', 'What waits for the fund today. Counts are of every organization\u2019s requests.'),
    h('section', { 'aria-labelledby': 'ov-emergencies' }, h('h2', { id: 'ov-emergencies' }, 'Emergencies waiting for a decision'), emergenciesBox),
    h('section', { 'aria-labelledby': 'ov-queues' }, h('h2', { id: 'ov-queues' }, 'Queues'), queuesBox),
    h('section', { 'aria-labelledby': 'ov-funds' }, h('h2', { id: 'ov-funds' }, 'Fund balances'), fundsBox),
    h('section', { 'aria-labelledby': 'ov-pacing' }, h('h2', { id: 'ov-pacing' }, 'Budget pacing'), pacingBox),
    h(
      'section',
      { 'aria-labelledby': 'ov-more' },
      h('h2', { id: 'ov-more' }, 'Also'),
      h(
        'ul',
        { class: 'link-list' },
        h('li', null, h('a', { href: '/app/people' }, 'People'), ': who has signed in, their last sign-in, deactivate someone'),
        h('li', null, h('a', { href: '/app/access-log' }, 'Access log'), ': who read the ledger, exports and narratives'),
        h('li', null, h('a', { href: '/app/trial-balance' }, 'Trial balance'), ': debits and credits per account'),
      ),
    ),
  );

  const drawOverview = (o: Overview, decideWithinHours: number | null): void => {
    const now = Date.now();
    replace(pacingBox, pacingTable(o.pacing));
    const late = (submittedAt: string | null): boolean => decideWithinHours !== null && submittedAt !== null && now - Date.parse(submittedAt) > decideWithinHours * 3_600_000;
    const shown = o.emergencies.length;
    replace(
      emergenciesBox,
      o.emergenciesWaiting === 0
        ? emptyState('No emergency request is waiting for a decision.')
        : [
            h(
              'p',
              null,
              `${o.emergenciesWaiting} emergency ${o.emergenciesWaiting === 1 ? 'request is' : 'requests are'} not decided yet`,
              decideWithinHours !== null ? `; the protocol in force asks for a decision within ${decideWithinHours} hours` : '',
              shown < o.emergenciesWaiting ? `. The ${shown} waiting longest:` : '.',
            ),
            scrollTable(
              'Emergency requests waiting',
              h(
                'table',
                null,
                h('caption', { class: 'visually-hidden' }, 'Emergency requests waiting for a decision, longest waiting first'),
                h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Request'), h('th', { scope: 'col' }, 'Waiting'), h('th', { scope: 'col', class: 'num' }, 'Amount'))),
                h(
                  'tbody',
                  null,
                  o.emergencies.map((e) =>
                    h(
                      'tr',
                      null,
                      h(
                        'th',
                        { scope: 'row' },
                        h('a', { href: `/app/requests/${e.requestId}` }, shortId(e.requestId)),
                        ' ',
                        label('category', e.category),
                        h('div', { class: 'hint' }, `${e.organizationId} \u00b7 ${e.openQuestion ? 'question to the provider open' : e.votes.approvals + e.votes.denials > 0 ? `${e.votes.approvals} approve, ${e.votes.denials} deny so far` : 'no vote yet'}`),
                      ),
                      h('td', { class: late(e.submittedAt) ? 'late' : null }, e.submittedAt ? waited(e.submittedAt, now) : 'unknown', late(e.submittedAt) ? h('strong', null, ' (past the time allowed)') : null),
                      h('td', { class: 'num' }, money(e.amountCents)),
                    ),
                  ),
                ),
              ),
            ),
          ],
    );
    replace(
      queuesBox,
      h(
        'ul',
        { class: 'tiles' },
        QUEUES.map((q) => {
          const n = o.counts[q.key];
          const body: Child[] = [h('span', { class: 'tile-count' }, String(n)), h('span', { class: 'tile-title' }, q.title), h('span', { class: 'hint' }, q.what)];
          return h('li', { class: n > 0 ? 'tile' : 'tile none' }, ...body, q.href && n > 0 ? h('a', { href: q.href }, q.link) : null);
        }),
      ),
    );
  };

  const loadOverview = async (): Promise<void> => {
    try {
      const [overview, protocol] = await Promise.all([get<Overview>('/queues/overview'), get<Protocol>('/protocols/current').catch(() => null)]);
      const rules = protocol?.rules;
      drawOverview(overview, rules?.expedited.enabled ? rules.expedited.decisionWithinHours : null);
    } catch (error) {
      replace(emergenciesBox, loadError(error, () => void loadOverview()));
      replace(queuesBox);
      replace(pacingBox);
    }
  };

  const loadFunds = async (): Promise<void> => {
    try {
      const funds = await get<Items<FundBalance>>('/balances/funds');
      replace(
        fundsBox,
        funds.items.length === 0
          ? emptyState('No fund is open yet: open one on the donations page before recording money.')
          : [
              scrollTable(
                'Fund balances',
                h(
                  'table',
                  null,
                  h('caption', { class: 'visually-hidden' }, 'Fund balances'),
                  h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Fund'), ...['Reserved', 'Available'].map((t) => h('th', { scope: 'col', class: 'num' }, t)))),
                  h(
                    'tbody',
                    null,
                    funds.items.map((f) =>
                      h(
                        'tr',
                        null,
                        h('th', { scope: 'row' }, f.name, f.restricted ? [' ', h('span', { class: 'badge' }, 'restricted')] : null, h('div', { class: 'hint' }, `balance ${money(f.balanceCents)}`)),
                        h('td', { class: 'num' }, money(f.reservedCents)),
                        h('td', { class: 'num strong' }, money(f.availableCents)),
                      ),
                    ),
                  ),
                ),
              ),
              h('p', { class: 'hint' }, 'Available = balance minus what is reserved for approved requests. ', h('a', { href: '/app/balances' }, 'All balances and stock')),
            ],
      );
    } catch (error) {
      replace(fundsBox, loadError(error, () => void loadFunds()));
    }
  };

  await Promise.all([loadOverview(), loadFunds()]);
}
