import { download, get } from '../api.js';
import { h, replace, scrollTable, type Child } from '../dom.js';
import { day, label, money, shortId } from '../format.js';
import type { components } from '../api-types.js';
import type { ScreenContext } from '../router.js';
import { emptyState, loadError, loading, PageStatus, pageHeading } from '../ui.js';
import { custodyActions } from './card-custody.js';

type GiftCardLog = components['schemas']['GiftCardLogView'];
type Card = components['schemas']['GiftCardLogRowView'];

const STATUS_LABELS: Readonly<Record<string, string>> = { on_order: 'On order', on_hand: 'On hand', issued: 'Handed over', written_off: 'Written off', sold: 'Sold' };
const RECEIPT_LABELS: Readonly<Record<string, string>> = {
  receipt_recorded: 'Receipt recorded',
  lost_receipt_attested: 'Lost receipt attested',
  due: 'Receipt due',
  overdue: 'Receipt overdue',
  voided: 'Payment voided',
  not_required: 'No receipt required',
};

/** What the log says at a glance: how many cards in each state, and what needs following up. */
export function giftCardSummary(cards: readonly Pick<Card, 'status' | 'receiptStatus' | 'variances' | 'faceValueCents'>[]): string {
  if (cards.length === 0) return 'No gift card or pass has been received or bought yet.';
  const count = (status: string) => cards.filter((c) => c.status === status).length;
  const onHandCents = cards.filter((c) => c.status === 'on_hand').reduce((sum, c) => sum + c.faceValueCents, 0);
  const parts = [`${count('on_hand')} on hand (${money(onHandCents)})`, `${count('issued')} handed over`, `${count('written_off')} written off`];
  if (count('on_order') > 0) parts.push(`${count('on_order')} paid for and not yet confirmed received`);
  const overdue = cards.filter((c) => c.receiptStatus === 'overdue').length;
  const unresolved = cards.filter((c) => c.variances.some((v) => v.finding === 'missing' && !v.adjusted)).length;
  const follow = [overdue > 0 ? `${overdue} with a receipt overdue` : '', unresolved > 0 ? `${unresolved} missing in a count and not yet written off` : ''].filter(Boolean);
  const cardsWord = cards.length === 1 ? 'card' : 'cards';
  return `${cards.length} ${cardsWord}: ${parts.join(', ')}.${follow.length > 0 ? ` To follow up: ${follow.join('; ')}.` : ''}`;
}

const variancesText = (card: Card): Child =>
  card.variances.length === 0
    ? '—'
    : h(
        'ul',
        { class: 'plain' },
        card.variances.map((v) => h('li', null, `${v.finding === 'missing' ? 'Missing' : 'Unexpected'} in ${v.countId} (${day(v.countedOn)})${v.finding === 'missing' ? (v.adjusted ? ', written off' : ', not yet approved') : ''}`)),
      );

function row(card: Card): HTMLTableRowElement {
  const source =
    card.source === 'purchased'
      ? [h('div', null, `Bought, ${card.sourceId ?? ''}`), h('div', { class: 'hint' }, [card.payeeId ? `from ${card.payeeId}` : '', card.paidOn ? `, paid ${day(card.paidOn)}` : '', card.purchasedBy ? ` by ${card.purchasedBy}` : ''].join(''))]
      : [h('div', null, 'Donated'), card.sourceId ? h('div', { class: 'hint' }, `gift ${shortId(card.sourceId)}`) : null];
  return h(
    'tr',
    null,
    h('th', { scope: 'row' }, h('code', null, card.serial), h('div', { class: 'hint' }, `${card.itemId} · ${label('paymentMethod', card.kind)}`)),
    h('td', null, STATUS_LABELS[card.status] ?? card.status),
    h('td', { class: 'num' }, money(card.faceValueCents)),
    h('td', null, card.inDate ? day(card.inDate) : 'Not yet', card.custodian ? h('div', { class: 'hint' }, `held by ${card.custodian}`) : null, card.receivedBy ? h('div', { class: 'hint' }, `received by ${card.receivedBy}`) : null),
    h(
      'td',
      null,
      card.outDate ? day(card.outDate) : '—',
      card.outReason && card.outReason !== 'issued' ? h('div', { class: 'hint' }, label('adjustmentReason', card.outReason)) : null,
      card.requestId ? h('div', { class: 'hint' }, 'request ', h('a', { href: `/app/requests/${card.requestId}` }, shortId(card.requestId))) : null,
    ),
    h('td', null, card.receiptStatus ? (RECEIPT_LABELS[card.receiptStatus] ?? card.receiptStatus) : '—'),
    h('td', null, variancesText(card)),
    h('td', null, ...source),
  );
}

/**
 * Auditor and coordinator: every gift card and pass by serial, from purchase or donation to
 * hand-over or write-off, with its request's receipt and the counts that found it missing
 * (GET /ledger/gift-cards), and the CSV and XLSX downloads.
 */
export function renderGiftCards({ main, session }: ScreenContext): void {
  const status = new PageStatus();
  const custody = h('div', { class: 'custody' });
  const results = h('div', { class: 'gift-card-results' }, loading('Loading the gift-card log…'));
  const downloaded = h('div', { class: 'download-result', role: 'status' });
  const save = (ext: 'csv' | 'xlsx') => async () => {
    try {
      const file = await download(`/ledger/gift-cards/export.${ext}`, `gift-card-log.${ext}`);
      replace(downloaded, h('p', null, 'If the download did not start: ', h('a', { href: file.url, download: file.filename }, `save ${file.filename}`), ` (${Math.ceil(file.bytes / 1024)} KB).`));
    } catch (error) {
      replace(downloaded, loadError(error));
    }
  };
  main.append(
    ...pageHeading('Gift-card log', 'Every gift card and pass by serial: bought or donated, who holds it, when it was handed over and for which request, the receipt, and what physical counts found. Downloads are recorded in the access log.'),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', onclick: () => void save('csv')() }, 'Download CSV'),
      h('button', { type: 'button', onclick: () => void save('xlsx')() }, 'Download XLSX'),
    ),
    downloaded,
    status.element,
    custody,
    results,
  );
  const show = async (): Promise<void> => {
    const log = await get<GiftCardLog>('/ledger/gift-cards');
    if (session.role === 'coordinator') replace(custody, custodyActions(log.cards, status, show));
    if (log.cards.length === 0) {
      replace(results, emptyState(giftCardSummary([])));
      return;
    }
    replace(
      results,
      h('p', { class: 'summary' }, giftCardSummary(log.cards)),
      scrollTable(
        'Gift-card log',
        h(
          'table',
          { class: 'gift-card-log' },
          h('caption', null, `Gift cards and passes (receipts judged as of ${day(log.asOf)})`),
          h('thead', null, h('tr', null, ...['Serial', 'Status', 'Face value', 'In', 'Out', 'Receipt', 'Counts', 'Source'].map((t, i) => h('th', { scope: 'col', class: i === 2 ? 'num' : null }, t)))),
          h('tbody', null, log.cards.map(row)),
        ),
      ),
    );
  };
  void show().catch((error: unknown) => replace(results, loadError(error, () => void show())));
}
