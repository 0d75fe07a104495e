import { ApiError, IdempotentRetry, get, post, upload } from '../api.js';
import { h, replace } from '../dom.js';
import { centsOf, checkedValue, FieldProblem, Form, input, labelled, moneyInput, radios, select, selectOf, textarea } from '../forms.js';
import { codes, dollarsInput, label, money, shortId } from '../format.js';
import type { CommandResult, Disbursement, FundBalance, Narrative, QueueItem, RecordedPayment, StockBalance } from '../types.js';
import { confirmDialog, errorText } from '../ui.js';
import { serialChooser, STOCK_ERROR_FIELDS } from './stock-choice.js';
/** Forms that act on one request, shared by the queues and the request page. */

export type Done = (message: string) => void | Promise<void>;

/** Provider: answer the council's open question. */
export function answerForm(requestId: string, questionCode: string, done: Done): HTMLFormElement {
  const retry = new IdempotentRetry();
  const note = textarea({ rows: 3 });
  const form = new Form({
    title: `Answer: ${label('question', questionCode)}`,
    submitLabel: 'Send answer',
    onSubmit: async () => {
      await post<CommandResult>(`/fund-requests/${requestId}/information`, note.value.trim() ? { note: note.value } : {}, retry);
      await done('Answer sent; the request is back with the council.');
    },
  });
  form.body.append(
    form.field(note, {
      name: 'note',
      label: 'Your answer',
      hint: 'No names, contact details, dates or places. It is stored encrypted with the request.',
    }),
  );
  return form.element;
}

/** Provider or coordinator: record the receipt of a payment, or attest that it is lost. */
export function receiptForms(requestId: string, disbursement: Disbursement, done: Done): HTMLElement {
  const base = `/fund-requests/${requestId}/disbursements/${disbursement.disbursementId}`;
  const retryReceipt = new IdempotentRetry();
  const amount = moneyInput(dollarsInput(disbursement.amountCents));
  const file = h('input', { type: 'file', accept: 'application/pdf,image/jpeg,image/png,image/heic,.heic,.heif' });
  // A file already attached is not sent again when only the receipt itself has to be retried.
  let attached: { readonly file: File; readonly documentId: string } | null = null;
  const receipt = new Form({
    title: `Record the receipt for ${money(disbursement.amountCents)}`,
    submitLabel: 'Record receipt',
    onSubmit: async () => {
      const amountCents = centsOf(amount, 'amountCents');
      const chosen = file.files?.[0] ?? null;
      if (chosen && attached?.file !== chosen) {
        try {
          const result = await upload<{ documentId: string }>(`/fund-requests/${requestId}/documents?kind=receipt&disbursementId=${disbursement.disbursementId}`, chosen);
          attached = { file: chosen, documentId: result.documentId };
        } catch (error) {
          // The api names the body; here the body is this field.
          if (error instanceof ApiError && error.details.field === 'body') throw new FieldProblem('document', error.message);
          throw error;
        }
      }
      const documentId = chosen ? attached?.documentId : undefined;
      await post<CommandResult>(`${base}/receipt`, documentId ? { amountCents, documentId } : { amountCents }, retryReceipt);
      await done(documentId ? `Receipt of ${money(amountCents)} recorded with its document.` : `Receipt of ${money(amountCents)} recorded.`);
    },
  });
  receipt.body.append(
    receipt.field(amount, { name: 'amountCents', label: 'Receipt total (US$)', required: true, hint: 'Keep the paper or photo in your agency’s file.' }),
    receipt.field(file, {
      name: 'document',
      label: 'Photo or PDF of the receipt',
      hint: 'PDF, JPEG, PNG or HEIC, up to 10 MB. Location, camera and author details are removed before it is stored; the file name is not sent.',
    }),
  );

  const retryLost = new IdempotentRetry();
  const reason = select('lostReceipt', codes('lostReceipt'), null, 'Choose a reason');
  const lost = new Form({
    title: `Attest a lost receipt for ${money(disbursement.amountCents)}`,
    submitLabel: 'Attest lost receipt',
    secondary: true,
    onSubmit: async () => {
      await post<CommandResult>(`${base}/lost-receipt`, { reasonCode: reason.value || undefined }, retryLost);
      await done('Lost receipt attested.');
    },
  });
  lost.body.append(lost.field(reason, { name: 'reasonCode', label: 'Why there is no receipt', required: true }));
  return h('div', { class: 'form-pair' }, receipt.element, lost.element);
}

/** What a council member needs to see beside their vote. */
export interface VoteContext {
  /** The question to the provider still waiting for an answer. */
  readonly openQuestion?: string | null;
}

/**
 * Council: approve (an amount), deny (a reason) or recuse, in one form. Nothing is chosen
 * beforehand, so no single click decides anything. A denial is confirmed in a dialog; so is any
 * approve or deny while a question to the provider is open (the vote is allowed, as a member may
 * judge the answer does not matter to them, but they are told which question is open and that
 * the provider has not answered yet).
 */
export function voteForm(
  item: Pick<QueueItem, 'requestId' | 'amountCents' | 'category'>,
  done: Done,
  funds: readonly FundBalance[] = [],
  context: VoteContext = {},
): HTMLFormElement {
  const retry = new IdempotentRetry();
  const amount = moneyInput(dollarsInput(item.amountCents));
  const reason = select('denyReason', codes('denyReason'), null, 'Choose a reason');
  const fund = funds.length > 1 ? selectOf(funds.map((f) => [f.fundId, `${f.name} (${money(f.availableCents)} available)`] as const), null, 'By the rule: a grant that allows it, else general money') : null;
  const approveFields = h('div', { class: 'conditional', hidden: true });
  const denyFields = h('div', { class: 'conditional', hidden: true });
  const show = (vote: string): void => {
    approveFields.hidden = vote !== 'approve';
    denyFields.hidden = vote !== 'deny';
  };
  const choices = radios(`vote-${item.requestId}`, 'vote', ['approve', 'deny', 'recuse'], '', show);
  const voteLabels: Record<string, string> = { approve: 'Approve', deny: 'Deny', recuse: 'Recuse myself' };
  const title = `${label('category', item.category)}, ${money(item.amountCents)}`;
  const question = context.openQuestion ? label('question', context.openQuestion) : null;
  let host: HTMLFormElement | null = null;
  const form = new Form({
    title: `Vote on ${title}`,
    submitLabel: 'Cast vote',
    confirm: () => {
      const vote = checkedValue(choices);
      if (!host || (vote !== 'deny' && !(vote === 'approve' && question))) return true;
      // A denial without its reason is refused next to the field first; nothing to confirm yet.
      if (vote === 'deny' && !reason.value) return true;
      const reasonText = reason.value ? ` (${label('denyReason', reason.value)})` : '';
      const openNote = question ? h('p', { class: 'question' }, h('strong', null, 'A question is still open: '), `“${question}”. The provider has not answered it yet.`) : null;
      return confirmDialog(host, {
        title: vote === 'deny' ? `Deny ${title}?` : `Approve ${title} before the answer?`,
        body: [openNote, h('p', null, vote === 'deny' ? `Your vote to deny${reasonText} cannot be changed afterwards.` : 'Your approval cannot be changed afterwards.')],
        confirmText: vote === 'deny' ? 'Yes, deny' : 'Yes, approve now',
        danger: vote === 'deny',
      });
    },
    onSubmit: async () => {
      const vote = checkedValue(choices);
      if (!vote) throw new FieldProblem('vote', 'Choose approve, deny or recuse myself.');
      const body: Record<string, unknown> = { vote };
      if (vote === 'approve') {
        body.amountCents = centsOf(amount, 'amountCents');
        if (fund?.value) body.fundId = fund.value;
      }
      if (vote === 'deny') body.reasonCode = reason.value || undefined;
      const result = await post<CommandResult>(`/fund-requests/${item.requestId}/votes`, body, retry);
      const outcome = result.status === 'approved' ? ' The request is now approved.' : result.status === 'denied' ? ' The request is now denied.' : '';
      await done(`Your vote (${voteLabels[vote]?.toLowerCase()}) on ${title} is recorded.${outcome}`);
    },
  });
  host = form.element;
  const warning = question
    ? h('p', { class: 'question' }, h('strong', null, 'Open question: '), `“${question}”, not answered yet. You may vote now; you will be asked to confirm.`)
    : null;
  form.body.append(
    ...(warning ? [warning] : []),
    form.group(
      'vote',
      'Your vote',
      choices.map((c) => labelled(c, voteLabels[c.value] ?? c.value)),
    ),
  );
  approveFields.append(
    form.field(amount, { name: 'amountCents', label: 'Amount to approve (US$)', required: true, hint: `At most the ${money(item.amountCents)} requested.` }),
    ...(fund ? [form.field(fund, { name: 'fundId', label: 'Reserve from fund' })] : []),
  );
  denyFields.append(form.field(reason, { name: 'reasonCode', label: 'Reason for denying', required: true }));
  form.body.append(approveFields, denyFields);
  return form.element;
}

/** Council or coordinator: ask the provider a question (a code, never free text). */
export function questionForm(requestId: string, done: Done): HTMLFormElement {
  const retry = new IdempotentRetry();
  const question = select('question', codes('question'), null, 'Choose a question');
  const form = new Form({
    title: 'Ask the provider a question',
    submitLabel: 'Ask',
    onSubmit: async () => {
      await post<CommandResult>(`/fund-requests/${requestId}/information-requests`, { questionCode: question.value || undefined }, retry);
      await done(`Question sent: ${label('question', question.value)}`);
    },
  });
  form.body.append(form.field(question, { name: 'questionCode', label: 'Question', required: true }));
  return form.element;
}



/** Coordinator: pay an approved request from a fund (money) or from donated stock. */
export function paymentForm(item: { requestId: string; remainingToPayCents: number | null; paymentMethod: string }, stock: readonly StockBalance[], done: Done): HTMLFormElement {
  const retry = new IdempotentRetry();
  const moneyFields = h('div', { class: 'conditional' });
  const stockFields = h('div', { class: 'conditional', hidden: true });
  const source = radios(`source-${item.requestId}`, 'source', ['money', 'stock'], 'money', (value) => {
    moneyFields.hidden = value !== 'money';
    stockFields.hidden = value !== 'stock';
  });

  const amount = moneyInput(dollarsInput(item.remainingToPayCents));
  const method = select('paymentMethod', codes('paymentMethod'), item.paymentMethod);
  const faceValue = moneyInput();
  const faceField = h('div', { hidden: item.paymentMethod !== 'gift_card' });
  method.addEventListener('change', () => (faceField.hidden = method.value !== 'gift_card'));

  const available = stock.filter((s) => s.onHand > 0);
  const itemSelect = selectOf(
    available.map((s) => [s.itemId, `${s.itemId}: ${label('itemKind', s.kind)}, ${s.onHand} on hand at ${money(s.unitValueCents)}`] as const),
    null,
    available.length ? 'Choose an item' : 'Nothing in stock',
  );
  const quantity = input({ type: 'number', min: 1, step: 1, value: 1, inputmode: 'numeric', class: 'short' });
  const serials = serialChooser(itemSelect, quantity);

  const form = new Form({
    title: `Record a payment for request ${shortId(item.requestId)}`,
    submitLabel: 'Record payment',
    fieldsByCode: STOCK_ERROR_FIELDS,
    onSubmit: async () => {
      const from = checkedValue(source) ?? 'money';
      let body: Record<string, unknown>;
      if (from === 'money') {
        body = { source: 'money', amountCents: centsOf(amount, 'amountCents'), paymentMethod: method.value };
        if (method.value === 'gift_card') body.giftCardFaceValueCents = centsOf(faceValue, 'giftCardFaceValueCents');
      } else {
        if (!itemSelect.value) throw new FieldProblem('itemId', 'Choose the item handed over');
        const count = Number(quantity.value);
        if (!Number.isInteger(count) || count < 1) throw new FieldProblem('quantity', 'Enter a whole number of units, 1 or more');
        body = { source: 'stock', itemId: itemSelect.value, quantity: count };
        const chosen = serials.chosen();
        if (chosen) body.serials = chosen;
      }
      const result = await post<RecordedPayment>(`/fund-requests/${item.requestId}/disbursements`, body, retry);
      const due = result.receiptDueOn ? ` A receipt is due by ${result.receiptDueOn}.` : '';
      await done(`Payment of ${money(result.amountCents)} recorded for request ${shortId(item.requestId)}.${due}`);
    },
  });
  form.body.append(
    form.group(
      'source',
      'Pay from',
      source.map((r) => labelled(r, r.value === 'money' ? 'A fund (money)' : 'Donated stock (cards, passes, goods)')),
    ),
  );
  faceField.append(form.field(faceValue, { name: 'giftCardFaceValueCents', label: 'Face value of each gift card (US$)', required: true }));
  moneyFields.append(
    form.field(amount, { name: 'amountCents', label: 'Amount paid (US$)', required: true, hint: item.remainingToPayCents !== null ? `${money(item.remainingToPayCents)} left to pay.` : undefined }),
    form.field(method, { name: 'paymentMethod', label: 'Payment method', required: true }),
    faceField,
  );
  stockFields.append(
    form.field(itemSelect, { name: 'itemId', label: 'Item handed over', required: true }),
    form.field(quantity, { name: 'quantity', label: 'How many units', required: true }),
    form.group('serials', 'Card serials handed over', serials.box, 'Cards: tick the serial of each card. The quantity follows.'),
  );
  form.body.append(moneyFields, stockFields);
  return form.element;
}


/** A button that reads the narrative on demand (each read is recorded in the access log). */
export function narrativeReader(requestId: string, level: 'h3' | 'h4' = 'h3'): HTMLElement {
  const out = h('div', { class: 'narrative', 'aria-live': 'polite' });
  const button = h('button', { type: 'button' }, 'Read the narrative');
  button.addEventListener('click', () => {
    button.disabled = true;
    void get<Narrative>(`/fund-requests/${requestId}/narrative`)
      .then((n) => {
        // null is "none was given" (the api's answer for a request without one), not an error.
        const texts = (v: Narrative['narrative'] | undefined): readonly string[] => (v === 'redacted' ? ['(destroyed on schedule)'] : Array.isArray(v) ? v : []);
        const narrative = texts(n.narrative);
        const notes = texts(n.notes);
        replace(
          out,
          h(level, null, 'Narrative'),
          narrative.length ? narrative.map((t) => h('p', { class: 'quote' }, t)) : h('p', null, 'No narrative was given.'),
          notes.length ? [h(level, null, 'Answers from the provider'), notes.map((t) => h('p', { class: 'quote' }, t))] : null,
        );
        button.hidden = true;
      })
      .catch((error: unknown) => replace(out, h('p', { class: 'error-text' }, 'Could not read the narrative: ', errorText(error))))
      .finally(() => {
        button.disabled = false;
      });
  });
  return h('div', { class: 'narrative-reader' }, button, h('p', { class: 'hint' }, 'Reading it is recorded in the access log.'), out);
}
