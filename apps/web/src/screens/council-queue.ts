import { IdempotentRetry, get, post, query } from '../api.js';
import { h, replace, scrollTable, uid } from '../dom.js';
import { approvalsRequired, dateTime, day, label, money, shortId } from '../format.js';
import { PagedList } from '../paging.js';
import { navigate, type ScreenContext } from '../router.js';
import type { CommandResult, FundBalance, Items, Protocol, QueueItem } from '../types.js';
import { PageStatus, loadError, loading, pageHeading, queueFacts, requestTitle, statusBadge, urgencyBadge } from '../ui.js';
import { approvalFundNote } from './approval-fund.js';
import { requestFinder } from './find-request.js';
import { pacingTable, type Pacing } from './pacing.js';
import { queueControls } from './queue-controls.js';
import { narrativeReader, questionForm, voteForm } from './request-actions.js';
/** Council home: requests awaiting this member's vote (never their own organization's), and expedited approvals to ratify. */
export async function renderCouncilQueue({ main, session, query: address }: ScreenContext): Promise<void> {
  const status = new PageStatus();
  const pacingBox = h('div', null, loading());
  let funds: readonly FundBalance[] = [];
  // The next vote is decided under the protocol in force: its tiers say how many approvals a request needs.
  let rules: Protocol['rules'] | null = null;
  const page =
    (path: string) =>
    async (limit: number, offset: number): Promise<readonly QueueItem[]> =>
      (await get<Items<QueueItem>>(`${path}${query({ limit, offset })}`)).items;

  const controls = queueControls({
    query: address,
    defaultSort: 'urgency',
    statuses: [
      ['submitted', label('status', 'submitted')],
      ['info_requested', 'Question open'],
    ],
    onChange: () => void queue.load(0),
  });
  const filtered = (): boolean => Object.values(controls.params()).some((v) => v !== undefined);
  const needed = (item: QueueItem): number | null => (rules ? approvalsRequired(rules, item.amountCents, item.expedited) : null);

  const queue: PagedList<QueueItem> = new PagedList<QueueItem>({
    noun: 'requests awaiting your vote',
    fetch: async (limit, offset) => (await get<Items<QueueItem>>(`/queues/council${query({ ...controls.params(), limit, offset })}`)).items,
    get empty() {
      return filtered() ? 'Nothing awaiting your vote matches these filters.' : 'Nothing awaits your vote.';
    },
    render: (items) =>
      controls.compact() ? scrollTable('Requests awaiting your vote', compactTable(items, needed)) : h(
        'div',
        { class: 'cards' },
        items.map((item) => {
          const headingId = uid('c');
          const done = async (message: string): Promise<void> => {
            status.success(message);
            await queue.load();
            // An approval on the expedited path now awaits ratification by the others.
            await ratify.load();
          };
          return h(
            'article',
            { class: `card urgency-${item.urgency}`, 'aria-labelledby': headingId },
            h('h3', { id: headingId }, requestTitle(item), ' ', urgencyBadge(item.urgency)),
            queueFacts(item, [['From', item.organizationId]], needed(item)),
            approvalFundNote(item.requestId, funds),
            voteForm(item, done, funds, { openQuestion: item.openQuestion }),
            h('details', null, h('summary', null, 'Ask the provider a question'), questionForm(item.requestId, done)),
            narrativeReader(item.requestId, 'h4'),
          );
        }),
      ),
  });

  const ratify: PagedList<QueueItem> = new PagedList<QueueItem>({
    noun: 'expedited approvals to ratify',
    fetch: page('/queues/to-ratify'),
    empty: 'No expedited approval awaits ratification.',
    render: (items) =>
      h(
        'div',
        { class: 'cards' },
        items.map((item) => {
          const headingId = uid('r');
          const retry = new IdempotentRetry();
          const button = h('button', { type: 'button', class: 'primary' }, 'Ratify the expedited approval');
          button.addEventListener('click', () => {
            button.disabled = true;
            void post<CommandResult>(`/fund-requests/${item.requestId}/ratification`, {}, retry)
              .then(async () => {
                status.success(`Expedited approval of ${requestTitle(item)} ratified.`);
                await ratify.load();
              })
              .catch((error: unknown) => status.error(error))
              .finally(() => (button.disabled = false));
          });
          return h(
            'article',
            { class: `card urgency-${item.urgency}`, 'aria-labelledby': headingId },
            h('h3', { id: headingId }, requestTitle(item), ' approved on the expedited path'),
            queueFacts(item, [
              ['From', item.organizationId],
              ['Decided', dateTime(item.decidedAt)],
            ]),
            h('div', { class: 'actions' }, button),
          );
        }),
      ),
  });

  main.append(
    ...pageHeading('Council queue', [
      'Requests awaiting your vote, emergencies first unless sorted otherwise. Requests from your own organization',
      session.organizationId ? ` (${session.organizationId})` : '',
      ' never appear here.',
    ]),
    status.element,
    h('section', { 'aria-labelledby': 'vote-h' }, h('h2', { id: 'vote-h' }, 'Awaiting your vote'), controls.element, queue.element),
    h(
      'section',
      { 'aria-labelledby': 'ratify-h' },
      h('h2', { id: 'ratify-h' }, 'Expedited approvals to ratify'),
      h('p', { class: 'hint' }, 'Emergencies one on-call member approved at once; the council confirms them afterwards. Not the ones you approved yourself.'),
      ratify.element,
    ),
    h(
      'section',
      { 'aria-labelledby': 'pacing-h' },
      h('h2', { id: 'pacing-h' }, 'Budget pacing'),
      h('p', { class: 'hint' }, 'How each fund with a spending plan is committing money against it, before you approve more.'),
      pacingBox,
    ),
    h('section', { 'aria-labelledby': 'find-h' }, h('h2', { id: 'find-h' }, 'Find a request'), requestFinder((id) => navigate(`/app/requests/${id}`))),
  );

  [funds, rules] = await Promise.all([
    get<Items<FundBalance>>('/balances/funds').then(
      (r) => r.items,
      () => [],
    ),
    get<Protocol>('/protocols/current').then(
      (p) => p.rules,
      () => null,
    ),
  ]);
  const loadPacing = async (): Promise<void> => {
    try {
      replace(pacingBox, pacingTable(await get<Pacing[]>('/pacing'), new Map(funds.map((f) => [f.fundId, f.name]))));
    } catch (error) {
      replace(pacingBox, loadError(error, () => void loadPacing()));
    }
  };
  await Promise.all([queue.load(), ratify.load(), loadPacing()]);
}

/** One row per request: the compact view, for scanning a long queue; votes are cast on the request page. */
function compactTable(items: readonly QueueItem[], needed: (item: QueueItem) => number | null): HTMLTableElement {
  return h(
    'table',
    { class: 'compact' },
    h('caption', { class: 'visually-hidden' }, 'Requests awaiting your vote'),
    h('thead', null, h('tr', null, ['Request', 'Category', 'Amount', 'Urgency', 'From', 'Status', 'Approvals', 'Needed by', 'Submitted'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      null,
      items.map((i) => {
        const required = needed(i);
        return h(
          'tr',
          null,
          h('th', { scope: 'row' }, h('a', { href: `/app/requests/${i.requestId}`, 'aria-label': `${shortId(i.requestId)}: ${requestTitle(i)}, open to vote` }, shortId(i.requestId))),
          h('td', null, label('category', i.category)),
          h('td', { class: 'num' }, money(i.amountCents)),
          h('td', null, urgencyBadge(i.urgency) ?? label('urgency', i.urgency)),
          h('td', null, i.organizationId),
          h('td', null, statusBadge(i.status, i.remainingToPayCents), i.openQuestion ? h('div', { class: 'hint' }, label('question', i.openQuestion)) : null),
          h('td', { class: 'num' }, required === null ? '—' : `${i.votes.approvals} of ${required}`),
          h('td', null, day(i.neededBy)),
          h('td', null, dateTime(i.submittedAt)),
        );
      }),
    ),
  );
}
