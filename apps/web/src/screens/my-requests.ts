import { get, query } from '../api.js';
import { h, replace, scrollTable, uid } from '../dom.js';
import { dateTime, day, label, money, shortId, today } from '../format.js';
import { PagedList, pagedLocal, readAll } from '../paging.js';
import { navigate, type ScreenContext } from '../router.js';
import type { Disbursement, Items, QueueItem, RequestDetail, RequestStatus } from '../types.js';
import { emptyState, loadError, loading, PageStatus, pageHeading, requestTitle, statusBadge, urgencyBadge } from '../ui.js';
import { requestFinder } from './find-request.js';
import { answerForm, receiptForms } from './request-actions.js';

const STATUSES: readonly RequestStatus[] = ['submitted', 'info_requested', 'approved', 'disbursed', 'closed', 'denied', 'withdrawn', 'expired'];

/** Provider home: questions to answer, receipts due, and every request of the organization. */
export async function renderMyRequests({ main, session, query: q }: ScreenContext): Promise<void> {
  const status = new PageStatus();
  const questions = h('div', { class: 'cards' }, loading());
  const receipts = h('div', null, loading());
  const filterValue = q.get('status') ?? '';
  const filter = h('select', { id: 'status-filter' }, h('option', { value: '' }, 'All statuses'), STATUSES.map((s) => h('option', { value: s, selected: s === filterValue }, s === 'disbursed' ? 'Paid or partially paid' : label('status', s))));
  const mine = (statusFilter?: string) => async (limit: number, offset: number): Promise<readonly QueueItem[]> =>
    (await get<Items<QueueItem>>(`/queues/my-requests${query({ status: statusFilter, limit, offset })}`)).items;

  const all = new PagedList<QueueItem>({
    noun: 'requests',
    fetch: (limit, offset) => mine(filter.value || undefined)(limit, offset),
    empty: 'No requests yet.',
    render: (items) => scrollTable('Requests of your organization', requestsTable(items)),
  });

  main.append(
    ...pageHeading(`Requests of ${session.organizationId || 'your organization'}`, [
      'Only your organization’s requests are shown. ',
      h('a', { href: '/app/requests/new' }, 'Submit a new request'),
      '.',
    ]),
    status.element,
    h('section', { 'aria-labelledby': 'questions-h' }, h('h2', { id: 'questions-h' }, 'Questions to answer'), questions),
    h('section', { 'aria-labelledby': 'receipts-h' }, h('h2', { id: 'receipts-h' }, 'Receipts due'), receipts),
    h(
      'section',
      { 'aria-labelledby': 'all-h' },
      h('h2', { id: 'all-h' }, 'All requests'),
      h('div', { class: 'field inline' }, h('label', { for: 'status-filter' }, 'Show'), filter),
      all.element,
    ),
    h('section', { 'aria-labelledby': 'find-h' }, h('h2', { id: 'find-h' }, 'Find a request'), requestFinder((id) => navigate(`/app/requests/${id}`), 'The 8 characters shown on every screen, like 578b667d, the whole id, or a survivor reference like SR-7KQ4-M2XP-9D3H.', true)),
  );

  // Open questions are few at a time: all of them, on one list.
  async function drawQuestions(): Promise<void> {
    let open: QueueItem[];
    try {
      open = (await readAll(mine('info_requested'))).filter((i) => i.openQuestion);
    } catch (error) {
      replace(questions, loadError(error, () => void drawQuestions()));
      return;
    }
    replace(
      questions,
      open.length === 0
        ? emptyState('No open questions from the council.')
        : open.map((item) => {
            const headingId = uid('q');
            return h(
              'article',
              { class: 'card', 'aria-labelledby': headingId },
              h('h3', { id: headingId }, requestTitle(item), ' ', h('span', { class: 'ref' }, item.survivorReference ?? '')),
              h('p', { class: 'question' }, h('strong', null, 'The council asks: '), label('question', item.openQuestion)),
              answerForm(item.requestId, item.openQuestion ?? '', async (m) => {
                status.success(m);
                await Promise.all([drawQuestions(), all.load()]);
              }),
            );
          }),
    );
  }

  // The api has no list of receipts due (only overdue ones): they are read from the paid
  // requests' own pages, then paged here on the client.
  async function drawReceipts(): Promise<void> {
    replace(receipts, loading('Loading receipts due…'));
    try {
      const paid = await readAll(mine('disbursed'));
      const details = await Promise.all(paid.map((i) => get<RequestDetail>(`/fund-requests/${i.requestId}`)));
      const due: { detail: RequestDetail; d: Disbursement }[] = details
        .flatMap((detail) => detail.disbursements.filter((d) => !d.voided && d.receipt === 'none' && d.receiptDueOn !== null).map((d) => ({ detail, d })))
        .sort((a, b) => (a.d.receiptDueOn ?? '').localeCompare(b.d.receiptDueOn ?? ''));
      const now = today();
      const list = pagedLocal(due, {
        noun: 'receipts due',
        empty: 'No receipts are due.',
        render: (items) =>
          h(
            'div',
            { class: 'cards' },
            items.map(({ detail, d }) => {
              const headingId = uid('r');
              const overdue = (d.receiptDueOn ?? '') < now;
              return h(
                'article',
                { class: `card${overdue ? ' overdue' : ''}`, 'aria-labelledby': headingId },
                h('h3', { id: headingId }, `Receipt for ${money(d.amountCents)}: ${requestTitle(detail)}`),
                h(
                  'p',
                  null,
                  overdue ? h('strong', { class: 'overdue-text' }, 'Overdue: ') : null,
                  `due on ${day(d.receiptDueOn)}. Survivor reference `,
                  h('span', { class: 'ref' }, detail.survivorReference ?? '—'),
                  '. ',
                  h('a', { href: `/app/requests/${detail.requestId}` }, 'Request details'),
                ),
                receiptForms(detail.requestId, d, async (m) => {
                  status.success(m);
                  await drawReceipts();
                }),
              );
            }),
          ),
      });
      replace(receipts, list.element);
      await list.load();
    } catch (error) {
      replace(receipts, loadError(error, () => void drawReceipts()));
    }
  }

  filter.addEventListener('change', () => {
    history.replaceState(null, '', `/app/requests${filter.value ? `?status=${filter.value}` : ''}`);
    void all.load(0);
  });

  await Promise.all([drawQuestions(), drawReceipts(), all.load()]);
}

function requestsTable(items: readonly QueueItem[]): HTMLTableElement {
  return h(
    'table',
    null,
    h('caption', { class: 'visually-hidden' }, 'Requests of your organization, newest first'),
    h('thead', null, h('tr', null, ['Request', 'Survivor reference', 'Category', 'Requested', 'Approved', 'Paid', 'Status', 'Needed by', 'Submitted'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      null,
      items.map((i) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, h('a', { href: `/app/requests/${i.requestId}` }, shortId(i.requestId))),
          h('td', { class: 'ref' }, i.survivorReference ?? '—'),
          h('td', null, label('category', i.category), ' ', urgencyBadge(i.urgency)),
          h('td', { class: 'num' }, money(i.amountCents)),
          h('td', { class: 'num' }, money(i.approvedCents)),
          h('td', { class: 'num' }, money(i.disbursedCents)),
          h('td', null, statusBadge(i.status, i.remainingToPayCents)),
          h('td', null, day(i.neededBy)),
          h('td', null, dateTime(i.submittedAt)),
        ),
      ),
    ),
  );
}
