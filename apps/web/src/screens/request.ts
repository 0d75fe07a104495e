import { IdempotentRetry, download, get, post, query } from '../api.js';
import { details, h, replace, scrollTable } from '../dom.js';
import { approvalsRequired, dateTime, day, label, money, shortId } from '../format.js';
import { render, type ScreenContext } from '../router.js';
import type { CommandResult, HistoryEntry, Items, Protocol, QueueItem, RequestDetail, RequestHistory, StockBalance } from '../types.js';
import { approvalsFact, confirmButton, errorText, loadError, loading, PageStatus, pageHeading, requestTitle, statusBadge } from '../ui.js';
import { answerForm, narrativeReader, paymentForm, questionForm, receiptForms, voteForm } from './request-actions.js';

const EVENT_TEXT: Readonly<Record<string, string>> = {
  FundRequestSubmitted: 'Submitted',
  MoreInformationRequested: 'Question asked',
  InformationProvided: 'Question answered',
  RequestVoteCast: 'Vote cast',
  FundRequestApproved: 'Approved',
  FundRequestDenied: 'Denied',
  FundRequestWithdrawn: 'Withdrawn',
  FundRequestExpired: 'Expired',
  ExpeditedApprovalRatified: 'Expedited approval ratified',
  DisbursementRecorded: 'Payment recorded',
  DisbursementVoided: 'Payment voided',
  RequestDisbursementVoided: 'Payment voided',
  ReceiptRecorded: 'Receipt recorded',
  LostReceiptAttested: 'Lost receipt attested',
  FundRequestClosed: 'Closed',
  NarrativeShredded: 'Narrative destroyed',
};

/** One request, with what the signed-in role may do to it. */
export async function renderRequest({ main, params, session }: ScreenContext): Promise<void> {
  const id = params.id ?? '';
  const status = new PageStatus();
  const body = h('div', null, loading());
  main.append(...pageHeading(`Request ${shortId(id)}`), status.element, body);

  const historyPath = `/queues/requests/${encodeURIComponent(id)}/history`;
  let detail: RequestDetail;
  // The history, or why it could not be read (a view still behind the last write, say).
  let history: readonly HistoryEntry[] | string;
  try {
    [detail, history] = await Promise.all([
      get<RequestDetail>(`/fund-requests/${encodeURIComponent(id)}`),
      get<RequestHistory>(historyPath).then(
        (r) => r.history,
        (error: unknown) => errorText(error),
      ),
    ]);
  } catch (error) {
    replace(body, loadError(error, () => void render()));
    return;
  }
  // The request view says whether a narrative was given; its history says whether it was shredded since.
  const shredded = typeof history !== 'string' && history.some((e) => e.event === 'NarrativeShredded');
  const narrativeReadable = detail.hasNarrative && !shredded;
  const heading = main.querySelector('h1');
  if (heading) replace(heading, `${requestTitle(detail)} `, h('span', { class: 'ref' }, `(request ${shortId(id)})`));

  /** After a command: draw the page again (its reads wait for the write, see consistency.ts), keeping the message. */
  const refresh = async (message: string): Promise<void> => {
    status.success(message);
    main.replaceChildren();
    await renderRequest({ main, params, session, query: new URLSearchParams() });
    const fresh = main.querySelector<HTMLElement>('.page-status');
    if (fresh) {
      fresh.className = 'page-status success';
      fresh.textContent = message;
      fresh.focus();
    }
  };

  const approvedLeft = detail.approval ? detail.approval.amountCents - detail.disbursedCents : null;
  const open = detail.status === 'submitted' || detail.status === 'info_requested';
  // While undecided: the approvals the protocol in force needs, and the question still open (the
  // request view has no question code; the queue row has).
  const [rules, asked] = open
    ? await Promise.all([
        get<Protocol>('/protocols/current').then(
          (p) => p.rules,
          () => null,
        ),
        detail.status === 'info_requested'
          ? get<Items<QueueItem>>(`/queues/requests${query({ id })}`).then(
              (r) => r.items.find((i) => i.requestId === id)?.openQuestion ?? null,
              () => null,
            )
          : null,
      ])
    : [null, null];
  const approvals = detail.votes.filter((v) => v.vote === 'approve').length;
  const facts = details([
    ['Status', statusBadge(detail.status, approvedLeft)],
    approvalsFact(detail.status, approvals, rules ? approvalsRequired(rules, detail.amountCents, detail.expedited) : null),
    ['Open question', asked ? label('question', asked) : null],
    ['Organization', detail.organizationId],
    ['Survivor reference', detail.survivorReference ? h('span', { class: 'ref' }, detail.survivorReference) : null],
    ['Category', label('category', detail.category)],
    ['Requested', money(detail.amountCents)],
    ['Approved', detail.approval ? `${money(detail.approval.amountCents)} from ${detail.approval.fundId}${detail.approval.expedited ? (detail.approval.ratified ? ' (expedited, ratified)' : ' (expedited, awaiting ratification)') : ''}` : null],
    ['Paid so far', money(detail.disbursedCents)],
    ['Left to pay', approvedLeft !== null && approvedLeft > 0 && detail.status !== 'closed' ? money(approvedLeft) : null],
    ['Reserved, not yet paid', detail.reservedCents ? money(detail.reservedCents) : null],
    ['Payment method', label('paymentMethod', detail.paymentMethod)],
    ['Urgency', label('urgency', detail.urgency)],
    ['Needed by', day(detail.neededBy)],
    ['Submitted', dateTime(detail.submittedAt)],
    ['Votes', detail.votes.length ? detail.votes.map((v) => `${label('vote', v.vote)}${v.amountCents ? ` ${money(v.amountCents)}` : ''}`).join(', ') : 'none yet'],
    ['Narrative', shredded ? 'Destroyed (shredded)' : detail.hasNarrative ? 'Given (encrypted)' : 'None given'],
  ]);

  const sections: HTMLElement[] = [h('section', { 'aria-labelledby': 'facts-h' }, h('h2', { id: 'facts-h' }, 'Details'), facts)];

  // Payments and receipts; auditors and coordinators download each payment's evidence pack (ADR 0020).
  const evidence = session.role === 'auditor' || session.role === 'coordinator';
  const packButton = (disbursementId: string): HTMLElement =>
    h(
      'button',
      {
        type: 'button',
        onclick: () =>
          void download(`/fund-requests/${id}/disbursements/${disbursementId}/evidence-pack`, `evidence-${disbursementId}.zip`).then(
            (file) => status.success(`Evidence pack saved as ${file.filename}.`),
            (error: unknown) => status.error(error),
          ),
      },
      'Evidence pack',
      h('span', { class: 'visually-hidden' }, ` of payment ${shortId(disbursementId)}`),
    );
  if (detail.disbursements.length) {
    sections.push(
      h(
        'section',
        { 'aria-labelledby': 'pay-h' },
        h('h2', { id: 'pay-h' }, 'Payments'),
        scrollTable(
          'Payments of this request',
          h(
            'table',
            null,
            h('caption', { class: 'visually-hidden' }, 'Payments of this request'),
            h('thead', null, h('tr', null, ['Payment', 'From', 'Amount', 'Receipt due', 'Receipt', ...(evidence ? ['Evidence'] : [])].map((t) => h('th', { scope: 'col' }, t)))),
            h(
              'tbody',
              null,
              detail.disbursements.map((d) =>
                h(
                  'tr',
                  { class: d.voided ? 'muted' : null },
                  h('th', { scope: 'row' }, shortId(d.disbursementId), d.voided ? ' (voided)' : ''),
                  h('td', null, d.source === 'money' ? 'Fund' : 'Stock'),
                  h('td', { class: 'num' }, money(d.amountCents)),
                  // A voided payment needs no receipt.
                  h('td', null, d.voided ? '—' : (d.receiptDueOn ?? 'not needed')),
                  h('td', null, d.receiptDueOn && !d.voided ? label('receipt', d.receipt) : '—'),
                  evidence ? h('td', null, packButton(d.disbursementId)) : null,
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }

  // What this role may do now.
  const actions: HTMLElement[] = [];
  if (session.role === 'provider') {
    if (detail.status === 'info_requested') {
      const code = asked ?? '';
      actions.push(h('h3', null, code ? `The council asks: ${label('question', code)}` : 'Answer the council’s question'), answerForm(id, code, refresh));
    }
    for (const d of detail.disbursements.filter((x) => !x.voided && x.receipt === 'none' && x.receiptDueOn)) {
      actions.push(h('h3', null, `Receipt for ${money(d.amountCents)} (due ${d.receiptDueOn})`), receiptForms(id, d, refresh));
    }
    if (open) {
      const retry = new IdempotentRetry();
      actions.push(
        h('h3', null, 'Withdraw'),
        confirmButton('Withdraw this request', 'Yes, withdraw it', async () => {
          try {
            await post<CommandResult>(`/fund-requests/${id}/withdrawal`, {}, retry);
            await refresh('Request withdrawn.');
          } catch (error) {
            status.error(error);
          }
        }),
      );
    }
  }
  if (session.role === 'council') {
    if (open) actions.push(h('h3', null, 'Your vote'), voteForm(detail, refresh, [], { openQuestion: asked }), h('h3', null, 'Ask a question'), questionForm(id, refresh));
    if (detail.approval?.expedited && !detail.approval.ratified) {
      const retry = new IdempotentRetry();
      const ratify = h('button', { type: 'button', class: 'primary' }, 'Ratify the expedited approval');
      ratify.addEventListener('click', () => {
        ratify.disabled = true;
        void post<CommandResult>(`/fund-requests/${id}/ratification`, {}, retry)
          .then(() => refresh('Expedited approval ratified.'))
          .catch((error: unknown) => status.error(error))
          .finally(() => (ratify.disabled = false));
      });
      actions.push(h('h3', null, 'Ratification'), ratify);
    }
  }
  if (session.role === 'coordinator') {
    if ((detail.status === 'approved' || detail.status === 'disbursed') && approvedLeft !== null && approvedLeft > 0) {
      const stock = await get<Items<StockBalance>>('/balances/stock').catch(() => ({ items: [] as StockBalance[] }));
      actions.push(h('h3', null, 'Record a payment'), paymentForm({ requestId: id, remainingToPayCents: approvedLeft, paymentMethod: detail.paymentMethod }, stock.items, refresh));
    }
    for (const d of detail.disbursements.filter((x) => !x.voided && x.receipt === 'none' && x.receiptDueOn)) {
      actions.push(h('h3', null, `Receipt for ${money(d.amountCents)} (due ${d.receiptDueOn})`), receiptForms(id, d, refresh));
    }
    const voidable = detail.status === 'closed' ? [] : detail.disbursements.filter((d) => d.source === 'money' && !d.voided && d.receipt === 'none');
    if (voidable.length) {
      actions.push(
        h('h3', null, 'Void a payment'),
        h(
          'p',
          null,
          'When a payment did not go through (a cancelled card, a vendor who refunded): the amount goes back to this request’s reservation, so it can be paid again, and the ledger records a reversal. Donated stock handed over is corrected with a stock adjustment instead.',
        ),
      );
      for (const d of voidable) {
        const retry = new IdempotentRetry();
        actions.push(
          confirmButton(`Void the payment of ${money(d.amountCents)} (${shortId(d.disbursementId)})`, 'Yes, void it', async () => {
            try {
              await post<CommandResult>(`/fund-requests/${id}/disbursements/${d.disbursementId}/void`, {}, retry);
              await refresh(`Payment of ${money(d.amountCents)} voided; it can be paid again.`);
            } catch (error) {
              status.error(error);
            }
          }),
        );
      }
    }
    if (detail.status === 'disbursed') {
      const retry = new IdempotentRetry();
      const unpaid = approvedLeft !== null && approvedLeft > 0 ? approvedLeft : 0;
      actions.push(
        h('h3', null, 'Close'),
        confirmButton(
          'Close this request',
          'Yes, close it',
          async () => {
            try {
              await post<CommandResult>(`/fund-requests/${id}/closure`, {}, retry);
              await refresh('Request closed; any unspent reservation went back to the fund.');
            } catch (error) {
              status.error(error);
            }
          },
          false,
          unpaid > 0
            ? `${money(unpaid)} approved is not paid yet: closing gives it back to the fund, and nothing more can be paid on this request. A closed request cannot be reopened.`
            : 'Nothing more can be paid on it, and it cannot be reopened.',
        ),
      );
    }
    if (narrativeReadable) {
      const retry = new IdempotentRetry();
      actions.push(
        h('h3', null, 'Destroy the narrative'),
        h('p', null, 'Destroys the request’s key: the narrative and the provider’s answers become unreadable everywhere, for good.'),
        confirmButton('Shred the narrative', 'Yes, shred it', async () => {
          try {
            await post<unknown>(`/fund-requests/${id}/narrative/shred`, {}, retry);
            await refresh('Narrative shredded: it can no longer be read.');
          } catch (error) {
            status.error(error);
          }
        }),
      );
    }
  }
  if (actions.length) sections.push(h('section', { 'aria-labelledby': 'act-h', class: 'panel' }, h('h2', { id: 'act-h' }, 'Actions'), actions));

  if (session.role !== 'auditor' && narrativeReadable) {
    sections.push(h('section', { 'aria-labelledby': 'narr-h' }, h('h2', { id: 'narr-h' }, 'Narrative'), narrativeReader(id)));
  }

  // History.
  sections.push(
    h(
      'section',
      { 'aria-labelledby': 'hist-h' },
      h('h2', { id: 'hist-h' }, 'History'),
      typeof history === 'string'
        ? h('p', { class: 'notice error' }, `The history could not be loaded: ${history}`)
        : h(
            'ol',
            { class: 'history' },
            history.map((e) => h('li', null, h('strong', null, EVENT_TEXT[e.event] ?? e.event), ` by ${label('role', e.by).toLowerCase()}, ${dateTime(e.at)}`)),
          ),
    ),
  );
  replace(body, sections);
}
