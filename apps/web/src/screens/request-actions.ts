import { IdempotentRetry, post } from '../api.js';
import { h } from '../dom.js';
import { centsOf, checkedValue, Form, labelled, moneyInput, radios, select, selectOf, textarea } from '../forms.js';
import { codes, dollarsInput, label, money } from '../format.js';
import type { CommandResult, Disbursement, FundBalance, QueueItem } from '../types.js';

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
  const receipt = new Form({
    title: `Record the receipt for ${money(disbursement.amountCents)}`,
    submitLabel: 'Record receipt',
    onSubmit: async () => {
      const amountCents = centsOf(amount, 'amountCents');
      await post<CommandResult>(`${base}/receipt`, { amountCents }, retryReceipt);
      await done(`Receipt of ${money(amountCents)} recorded.`);
    },
  });
  receipt.body.append(receipt.field(amount, { name: 'amountCents', label: 'Receipt total (US$)', required: true, hint: 'Keep the paper or photo in your agency’s file.' }));

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

/** Council: approve (an amount), deny (a reason) or recuse, in one form. */
export function voteForm(item: Pick<QueueItem, 'requestId' | 'amountCents' | 'category'>, done: Done, funds: readonly FundBalance[] = []): HTMLFormElement {
  const retry = new IdempotentRetry();
  const amount = moneyInput(dollarsInput(item.amountCents));
  const reason = select('denyReason', codes('denyReason'), null, 'Choose a reason');
  const fund = funds.length > 1 ? selectOf(funds.map((f) => [f.fundId, `${f.name} (${money(f.availableCents)} available)`] as const), null, 'The protocol’s default fund') : null;
  const approveFields = h('div', { class: 'conditional' });
  const denyFields = h('div', { class: 'conditional', hidden: true });
  const show = (vote: string): void => {
    approveFields.hidden = vote !== 'approve';
    denyFields.hidden = vote !== 'deny';
  };
  const choices = radios(`vote-${item.requestId}`, 'vote', ['approve', 'deny', 'recuse'], 'approve', show);
  const voteLabels: Record<string, string> = { approve: 'Approve', deny: 'Deny', recuse: 'Recuse myself' };
  const form = new Form({
    title: `Vote on ${label('category', item.category)}, ${money(item.amountCents)}`,
    submitLabel: 'Cast vote',
    onSubmit: async () => {
      const vote = checkedValue(choices) ?? 'approve';
      const body: Record<string, unknown> = { vote };
      if (vote === 'approve') {
        body.amountCents = centsOf(amount, 'amountCents');
        if (fund?.value) body.fundId = fund.value;
      }
      if (vote === 'deny') body.reasonCode = reason.value || undefined;
      const result = await post<CommandResult>(`/fund-requests/${item.requestId}/votes`, body, retry);
      const outcome = result.status === 'approved' ? ' The request is now approved.' : result.status === 'denied' ? ' The request is now denied.' : '';
      await done(`Your vote (${voteLabels[vote]?.toLowerCase()}) on ${label('category', item.category)}, ${money(item.amountCents)} is recorded.${outcome}`);
    },
  });
  form.body.append(
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
