import { IdempotentRetry, post } from '../api.js';
import { h } from '../dom.js';
import { centsOf, FieldProblem, Form, input, moneyInput, select, selectOf, textarea } from '../forms.js';
import { codes, day, money, today } from '../format.js';
import type { components } from '../api-types.js';
import type { PageStatus } from '../ui.js';

type Card = components['schemas']['GiftCardLogRowView'];

const CARD_KINDS = ['gift_card', 'bus_pass', 'phone_card'];
const REFERENCE_KINDS: readonly (readonly [string, string])[] = [
  ['check_number', 'Check number'],
  ['ach_trace', 'ACH trace number'],
  ['card_last_four', 'Card, last four digits'],
  ['vendor_invoice', 'Vendor invoice number'],
];
const serialsOf = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** Purchases paid for whose cards no second coordinator has confirmed yet, from the log's `on_order` rows. */
export function purchasesOnOrder(cards: readonly Pick<Card, 'status' | 'sourceId' | 'itemId' | 'faceValueCents' | 'purchasedBy' | 'paidOn'>[]) {
  const byPurchase = new Map<string, { purchaseId: string; itemId: string; cards: number; faceValueCents: number; purchasedBy: string | null; paidOn: string | null }>();
  for (const c of cards) {
    if (c.status !== 'on_order' || !c.sourceId) continue;
    const known = byPurchase.get(c.sourceId) ?? { purchaseId: c.sourceId, itemId: c.itemId, cards: 0, faceValueCents: c.faceValueCents, purchasedBy: c.purchasedBy, paidOn: c.paidOn };
    known.cards += 1;
    byPurchase.set(c.sourceId, known);
  }
  return [...byPurchase.values()];
}

/** Counts that found cards missing and await a second coordinator's approval to write them off. */
export function countsAwaitingApproval(cards: readonly Pick<Card, 'serial' | 'variances'>[]) {
  const byCount = new Map<string, { countId: string; countedOn: string; custodian: string; missing: string[] }>();
  for (const c of cards) {
    for (const v of c.variances) {
      if (v.finding !== 'missing' || v.adjusted) continue;
      const known = byCount.get(v.countId) ?? { countId: v.countId, countedOn: v.countedOn, custodian: v.custodian, missing: [] };
      known.missing.push(c.serial);
      byCount.set(v.countId, known);
    }
  }
  return [...byCount.values()];
}

function purchaseForm(status: PageStatus, refresh: () => Promise<void>): HTMLElement {
  const retry = new IdempotentRetry();
  const f = {
    purchaseId: input({ autocomplete: 'off', placeholder: 'po-4471' }),
    fundId: input({ autocomplete: 'off', placeholder: 'general' }),
    payeeId: input({ autocomplete: 'off', placeholder: 'grocer-co' }),
    itemId: input({ autocomplete: 'off', placeholder: 'grocery-card-50' }),
    kind: select('itemKind', CARD_KINDS, 'gift_card'),
    category: select('category', codes('category'), null, 'Choose'),
    faceValue: moneyInput(),
    serials: textarea({ rows: 3, autocomplete: 'off', spellcheck: 'false' }),
    fees: moneyInput('0'),
    paidOn: input({ type: 'date', value: today() }),
    referenceKind: selectOf(REFERENCE_KINDS, null, 'None'),
    reference: input({ autocomplete: 'off' }),
  };
  const form = new Form({
    title: 'Record a card purchase',
    submitLabel: 'Record the purchase',
    busyLabel: 'Recording…',
    onSubmit: async () => {
      const serials = serialsOf(f.serials.value);
      if (serials.length === 0) throw new FieldProblem('serials', 'List the serial of every card bought');
      const kind = f.referenceKind.value;
      const body = {
        purchaseId: f.purchaseId.value.trim(),
        fundId: f.fundId.value.trim(),
        payeeId: f.payeeId.value.trim(),
        itemId: f.itemId.value.trim(),
        kind: f.kind.value,
        category: f.category.value || undefined,
        faceValueCents: centsOf(f.faceValue, 'faceValueCents'),
        serials,
        feesCents: centsOf(f.fees, 'feesCents'),
        paidOn: f.paidOn.value || undefined,
        ...(kind ? { paymentReference: { kind, value: f.reference.value.trim() } } : {}),
      };
      const saved = await post<{ costCents: number; quantity: number }>('/card-purchases', body, retry);
      const text = `Purchase ${body.purchaseId} recorded: ${saved.quantity} cards, ${money(saved.costCents)} paid from ${body.fundId}. Another coordinator confirms the cards arrived.`;
      status.success(text);
      await refresh();
      return text;
    },
  });
  form.body.append(
    form.field(f.purchaseId, { name: 'purchaseId', label: 'Purchase id', required: true, hint: 'Your purchase order number, or lower-case words and dashes, like po-4471 (no dates: they are screened out as personal data).' }),
    form.field(f.fundId, { name: 'fundId', label: 'Paid from fund', required: true }),
    form.field(f.payeeId, { name: 'payeeId', label: 'Vendor (payee id)', required: true, hint: 'A business in the payee register.' }),
    form.field(f.itemId, { name: 'itemId', label: 'Stock item', required: true, hint: 'One item per kind, category and face value, like grocery-card-50.' }),
    form.field(f.kind, { name: 'kind', label: 'Kind', required: true }),
    form.field(f.category, { name: 'category', label: 'Expense category', required: true }),
    form.field(f.faceValue, { name: 'faceValueCents', label: 'Face value of one card (US$)', required: true }),
    form.field(f.serials, { name: 'serials', label: 'Card serials', required: true, hint: 'One per card, separated by spaces or new lines.' }),
    form.field(f.fees, { name: 'feesCents', label: 'Fees paid with the cards (US$)', required: true }),
    form.field(f.paidOn, { name: 'paidOn', label: 'Paid on', required: true }),
    form.field(f.referenceKind, { name: 'paymentReference.kind', label: 'Payment reference' }),
    form.field(f.reference, { name: 'paymentReference.value', label: 'Reference number' }),
  );
  return form.element;
}

function confirmForm(purchase: ReturnType<typeof purchasesOnOrder>[number], status: PageStatus, refresh: () => Promise<void>): HTMLElement {
  const retry = new IdempotentRetry();
  const receivedOn = input({ type: 'date', value: today() });
  const custodian = input({ autocomplete: 'off', placeholder: 'office-safe' });
  const form = new Form({
    title: `Confirm the cards of ${purchase.purchaseId} arrived`,
    submitLabel: `Confirm ${purchase.cards} cards arrived`,
    busyLabel: 'Confirming…',
    onSubmit: async () => {
      await post<unknown>(`/card-purchases/${purchase.purchaseId}/receipt`, { receivedOn: receivedOn.value || undefined, custodian: custodian.value.trim() }, retry);
      const text = `The cards of ${purchase.purchaseId} are in stock, held by ${custodian.value.trim()}.`;
      status.success(text);
      await refresh();
      return text;
    },
  });
  form.body.append(
    h('p', null, `${purchase.cards} × ${money(purchase.faceValueCents)} (${purchase.itemId}), paid ${day(purchase.paidOn)} by ${purchase.purchasedBy ?? 'another coordinator'}. Only a coordinator other than the buyer may confirm.`),
    form.field(receivedOn, { name: 'receivedOn', label: 'Received on', required: true }),
    form.field(custodian, { name: 'custodian', label: 'Held by (custodian)', required: true, hint: 'Who or where keeps them, like office-safe.' }),
  );
  return h('article', { class: 'panel', 'aria-label': `Purchase ${purchase.purchaseId}` }, h('h3', null, `Purchase ${purchase.purchaseId}`), form.element);
}

function countForm(status: PageStatus, refresh: () => Promise<void>): HTMLElement {
  const retry = new IdempotentRetry();
  const f = {
    countId: input({ autocomplete: 'off', placeholder: 'count-nov-safe' }),
    itemId: input({ autocomplete: 'off', placeholder: 'grocery-card-50' }),
    custodian: input({ autocomplete: 'off', placeholder: 'office-safe' }),
    countedOn: input({ type: 'date', value: today() }),
    serials: textarea({ rows: 3, autocomplete: 'off', spellcheck: 'false' }),
  };
  const form = new Form({
    title: 'Record a physical count',
    submitLabel: 'Record the count',
    busyLabel: 'Recording…',
    onSubmit: async () => {
      const itemId = f.itemId.value.trim();
      if (!itemId) throw new FieldProblem('itemId', 'Name the stock item counted');
      const body = { countId: f.countId.value.trim(), custodian: f.custodian.value.trim(), countedOn: f.countedOn.value || undefined, countedSerials: serialsOf(f.serials.value) };
      const count = await post<{ missingSerials: string[]; unexpectedSerials: string[] }>(`/stock/${encodeURIComponent(itemId)}/counts`, body, retry);
      const text =
        count.missingSerials.length === 0 && count.unexpectedSerials.length === 0
          ? `Count ${body.countId} recorded: every card expected was found.`
          : `Count ${body.countId} recorded: missing ${count.missingSerials.join(', ') || 'none'}; unexpected ${count.unexpectedSerials.join(', ') || 'none'}. Another coordinator approves writing off the missing cards.`;
      status.success(text);
      await refresh();
      return text;
    },
  });
  form.body.append(
    form.field(f.countId, { name: 'countId', label: 'Count id', required: true }),
    form.field(f.itemId, { name: 'itemId', label: 'Stock item', required: true }),
    form.field(f.custodian, { name: 'custodian', label: 'Custodian counted', required: true, hint: "Cards received before custodians were recorded are held by 'unassigned'." }),
    form.field(f.countedOn, { name: 'countedOn', label: 'Counted on', required: true }),
    form.field(f.serials, { name: 'countedSerials', label: 'Serials found', hint: 'One per card, separated by spaces or new lines; empty when none was found.' }),
  );
  return form.element;
}

function approvalForm(count: ReturnType<typeof countsAwaitingApproval>[number], status: PageStatus, refresh: () => Promise<void>): HTMLElement {
  const retry = new IdempotentRetry();
  const form = new Form({
    title: `Approve the write-off of count ${count.countId}`,
    submitLabel: `Approve writing off ${count.missing.length} missing`,
    busyLabel: 'Approving…',
    secondary: true,
    onSubmit: async () => {
      await post<unknown>(`/stock-counts/${count.countId}/approval`, {}, retry);
      const text = `Count ${count.countId}: ${count.missing.join(', ')} written off.`;
      status.success(text);
      await refresh();
      return text;
    },
  });
  form.body.append(h('p', null, `Counted ${day(count.countedOn)} with ${count.custodian}; missing: ${count.missing.join(', ')}. Only a coordinator other than the counter may approve.`));
  return h('article', { class: 'panel', 'aria-label': `Count ${count.countId}` }, h('h3', null, `Count ${count.countId}`), form.element);
}

/** Coordinator: buy cards, confirm another coordinator's purchase arrived, count, approve another's write-off. */
export function custodyActions(cards: readonly Card[], status: PageStatus, refresh: () => Promise<void>): HTMLElement {
  const onOrder = purchasesOnOrder(cards);
  const counts = countsAwaitingApproval(cards);
  return h(
    'section',
    { 'aria-labelledby': 'custody-h' },
    h('h2', { id: 'custody-h' }, 'Custody'),
    h('div', { class: 'two-columns' }, h('section', { class: 'panel', 'aria-label': 'Buy cards' }, purchaseForm(status, refresh)), h('section', { class: 'panel', 'aria-label': 'Count cards' }, countForm(status, refresh))),
    h('h3', null, 'Waiting for a second coordinator'),
    onOrder.length === 0 && counts.length === 0 ? h('p', null, 'Nothing waits: no purchase to confirm, no count to approve.') : null,
    onOrder.map((p) => confirmForm(p, status, refresh)),
    counts.map((c) => approvalForm(c, status, refresh)),
  );
}
