import { IdempotentRetry, get, post, query } from '../api.js';
import { h, scrollTable, uid } from '../dom.js';
import { day, label, money, shortId } from '../format.js';
import { PagedList } from '../paging.js';
import { navigate, type ScreenContext } from '../router.js';
import type { CommandResult, Items, OverdueReceipt, QueueItem, StockBalance } from '../types.js';
import { confirmButton, PageStatus, pageHeading, queueFacts, requestTitle, statusBadge, urgencyBadge } from '../ui.js';
import { requestFinder } from './find-request.js';
import { queueControls } from './queue-controls.js';
import { paymentForm } from './request-actions.js';
/** Close a request, once asked: any reservation left goes back to its fund. */
function closeButton(requestId: string, status: PageStatus, done: (message: string) => Promise<void>): HTMLElement {
  const retry = new IdempotentRetry();
  return confirmButton(
    'Close this request',
    'Yes, close it',
    async () => {
      try {
        await post<CommandResult>(`/fund-requests/${requestId}/closure`, {}, retry);
        await done(`Request ${shortId(requestId)} closed; any unspent reservation went back to the fund.`);
      } catch (error) {
        status.error(error);
      }
    },
    false,
    `Request ${shortId(requestId)} is paid in full and its receipts are settled. Once closed, nothing more can be paid on it, and it cannot be reopened.`,
  );
}

const page = <T>(path: string, extra: Readonly<Record<string, string>> = {}) =>
  async (limit: number, offset: number): Promise<readonly T[]> => (await get<Items<T>>(`${path}${query({ ...extra, limit, offset })}`)).items;

/** Coordinator home: approved requests to pay, paid ones ready to close, overdue receipts. */
export async function renderPayments({ main, query: address }: ScreenContext): Promise<void> {
  const status = new PageStatus();
  const find = requestFinder((id) => navigate(`/app/requests/${id}`), 'The 8 characters shown on every screen, like 578b667d, or the whole id. To void a payment, close a request not paid in full, shred a narrative or look at any request.');
  let stock: readonly StockBalance[] = [];
  const toClose: PagedList<QueueItem> = new PagedList<QueueItem>({
    noun: 'requests ready to close',
    fetch: page<QueueItem>('/queues/to-close'),
    empty: 'Nothing to close.',
    render: (items) =>
      h(
        'div',
        { class: 'cards' },
        items.map((item) => {
          const headingId = uid('tc');
          return h(
            'article',
            { class: 'card', 'aria-labelledby': headingId },
            h('h3', { id: headingId }, requestTitle({ category: item.category, amountCents: item.approvedCents ?? item.amountCents }), ' paid in full'),
            h('p', null, `${money(item.disbursedCents)} paid, every receipt recorded or attested. `, h('a', { href: `/app/requests/${item.requestId}` }, `Details of ${shortId(item.requestId)}`)),
            h(
              'div',
              { class: 'actions' },
              closeButton(item.requestId, status, async (message) => {
                status.success(message);
                await toClose.load();
              }),
            ),
          );
        }),
      ),
  });

  const controls = queueControls({
    query: address,
    defaultSort: 'needed_by',
    statuses: [
      ['approved', 'Not paid yet'],
      ['disbursed', label('status', 'partially_paid')],
    ],
    onChange: () => void toPay.load(0),
  });
  const toPay: PagedList<QueueItem> = new PagedList<QueueItem>({
    noun: 'requests to pay',
    fetch: async (limit, offset) => (await get<Items<QueueItem>>(`/queues/payments${query({ ...controls.params(), limit, offset })}`)).items,
    get empty() {
      return Object.values(controls.params()).some((v) => v !== undefined) ? 'Nothing to pay matches these filters.' : 'Nothing to pay.';
    },
    render: (items) =>
      controls.compact() ? scrollTable('Requests to pay', toPayTable(items)) : h(
        'div',
        { class: 'cards' },
        items.map((item) => {
          const headingId = uid('p');
          const done = async (message: string): Promise<void> => {
            status.success(message);
            const [balances] = await Promise.all([
              get<Items<StockBalance>>('/balances/stock').catch(() => ({ items: stock })),
              toPay.load(),
            ]);
            stock = balances.items;
            // Paid in full with nothing to receipt (stock) goes straight to closing.
            await toClose.load();
          };
          return h(
            'article',
            { class: 'card', 'aria-labelledby': headingId },
            h('h3', { id: headingId }, requestTitle({ category: item.category, amountCents: item.approvedCents ?? item.amountCents }), ' approved ', urgencyBadge(item.urgency)),
            queueFacts(item, [['From', item.organizationId], ['Fund', item.fundId]]),
            (item.remainingToPayCents ?? 0) > 0 ? h('details', { open: item.disbursedCents === 0 }, h('summary', null, 'Record a payment'), paymentForm(item, stock, done)) : null,
          );
        }),
      ),
  });

  const overdue = new PagedList<OverdueReceipt>({
    noun: 'overdue receipts',
    fetch: page<OverdueReceipt>('/queues/overdue-receipts'),
    empty: 'No receipt is overdue.',
    render: (items) =>
      scrollTable(
        'Overdue receipts',
        h(
          'table',
          null,
          h('caption', { class: 'visually-hidden' }, 'Overdue receipts'),
          h('thead', null, h('tr', null, ['Request', 'Organization', 'Amount', 'Due on'].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            null,
            items.map((r) =>
              h(
                'tr',
                null,
                h('th', { scope: 'row' }, h('a', { href: `/app/requests/${r.requestId}` }, shortId(r.requestId))),
                h('td', null, r.organizationId),
                h('td', { class: 'num' }, money(r.amountCents)),
                h('td', null, day(r.dueOn)),
              ),
            ),
          ),
        ),
      ),
  });

  main.append(
    ...pageHeading('Payments', 'Approved requests to pay, most pressing first, and paid ones to close.'),
    status.element,
    h('section', { 'aria-labelledby': 'pay-h' }, h('h2', { id: 'pay-h' }, 'To pay'), controls.element, toPay.element),
    h(
      'section',
      { 'aria-labelledby': 'close-h' },
      h('h2', { id: 'close-h' }, 'Ready to close'),
      h('p', { class: 'hint' }, 'Paid in full, every receipt recorded or attested. To close a request that was not paid in full (the rest is not needed), open it by its id.'),
      toClose.element,
    ),
    h('section', { 'aria-labelledby': 'overdue-h' }, h('h2', { id: 'overdue-h' }, 'Overdue receipts'), overdue.element),
    h('section', { 'aria-labelledby': 'find-h' }, h('h2', { id: 'find-h' }, 'Find a request'), find),
  );

  stock = await get<Items<StockBalance>>('/balances/stock').then(
    (r) => r.items,
    () => [],
  );
  await Promise.all([toPay.load(), toClose.load(), overdue.load()]);
}

/** One row per request to pay: the compact view; payments are recorded on the request page. */
function toPayTable(items: readonly QueueItem[]): HTMLTableElement {
  return h(
    'table',
    { class: 'compact' },
    h('caption', { class: 'visually-hidden' }, 'Requests to pay'),
    h('thead', null, h('tr', null, ['Request', 'Category', 'Approved', 'Paid', 'Left to pay', 'Urgency', 'From', 'Status', 'Needed by'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      null,
      items.map((i) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, h('a', { href: `/app/requests/${i.requestId}`, 'aria-label': `${shortId(i.requestId)}: ${label('category', i.category)}, open to pay` }, shortId(i.requestId))),
          h('td', null, label('category', i.category)),
          h('td', { class: 'num' }, money(i.approvedCents)),
          h('td', { class: 'num' }, money(i.disbursedCents)),
          h('td', { class: 'num' }, money(i.remainingToPayCents)),
          h('td', null, urgencyBadge(i.urgency) ?? label('urgency', i.urgency)),
          h('td', null, i.organizationId),
          h('td', null, statusBadge(i.status, i.remainingToPayCents)),
          h('td', null, day(i.neededBy)),
        ),
      ),
    ),
  );
}
