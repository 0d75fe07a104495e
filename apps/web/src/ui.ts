import { ApiError, BEHIND } from './api.js';
import { announce, details, h, replace, uid, type Child } from './dom.js';
import { dateTime, day, label, money, shortId } from './format.js';
import type { QueueItem } from './types.js';

/** The page heading and an optional lead paragraph. */
export function pageHeading(title: string, lead?: Child): HTMLElement[] {
  const heading: HTMLElement = h('h1', { tabindex: -1 }, title);
  return lead ? [heading, h('p', { class: 'lead' }, lead)] : [heading];
}

/** A message area at the top of a screen that survives re-drawing the lists below it. */
export class PageStatus {
  readonly element = h('div', { class: 'page-status', role: 'status', 'aria-live': 'polite', tabindex: -1 });

  success(text: string): void {
    this.element.className = 'page-status success';
    replace(this.element, text);
    this.element.focus();
  }

  error(error: unknown): void {
    this.element.className = 'page-status error';
    replace(this.element, errorText(error));
    this.element.focus();
  }

  clear(): void {
    this.element.className = 'page-status';
    this.element.replaceChildren();
  }
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * A failed load, said plainly, with a way to try again. A view still catching up with this
 * session's last change is not a failure: the change was recorded, and the page says so in
 * words for a person (what happened, that it will show, what to do), never the api's message,
 * which names the read model behind and counts events.
 */
export function loadError(error: unknown, retry?: () => void): HTMLElement {
  const behind = error instanceof ApiError && error.code === BEHIND;
  const text = behind ? behindText(retry !== undefined) : errorText(error);
  announce(`${behind ? 'Not up to date yet' : 'Could not load'}: ${text}`);
  return h(
    'div',
    { class: behind ? 'notice behind' : 'notice error' },
    h('p', null, h('strong', null, behind ? 'Not up to date yet. ' : 'Could not load this. '), text),
    retry ? h('button', { type: 'button', onclick: retry }, 'Try again') : null,
  );
}

/** What a person is told while a list has not caught up with the change they just made. */
export function behindText(canRetry: boolean): string {
  return (
    'Your last change was saved, but this page has not caught up with it yet. ' +
    `It usually does within seconds: ${canRetry ? 'use \u201cTry again\u201d' : 'reload the page in a moment'}. ` +
    'Nothing was lost; there is no need to send it again. If this lasts for minutes, tell whoever runs the fund\u2019s system.'
  );
}

export function loading(what = 'Loading…'): HTMLElement {
  return h('p', { class: 'loading' }, what);
}

/**
 * A request's status as people read it. "disbursed" covers any payment made, so one still owed
 * money reads "Partially paid", never "Paid" beside an amount left to pay.
 */
export function statusBadge(status: string, leftToPayCents: number | null = null): HTMLElement {
  const shown = status === 'disbursed' && leftToPayCents !== null && leftToPayCents > 0 ? 'partially_paid' : status;
  return h('span', { class: `badge status-${shown}` }, label('status', shown));
}

export function urgencyBadge(urgency: string): HTMLElement | null {
  return urgency === 'standard' ? null : h('span', { class: `badge urgency-${urgency}` }, label('urgency', urgency));
}

/** The title line of a request card: category and amount. */
export function requestTitle(item: { category: string; amountCents: number }): string {
  return `${label('category', item.category)}, ${money(item.amountCents)}`;
}

/** "Approvals: 1 of 2" for a request still awaiting its decision; nothing once decided or when the rules are unknown. */
export function approvalsFact(status: string, approvals: number, required: number | null): readonly [string, Child] {
  const pending = status === 'submitted' || status === 'info_requested';
  return ['Approvals', pending && required !== null ? h('span', { class: 'tally' }, `${approvals} of ${required}`, h('span', { class: 'visually-hidden' }, ' needed')) : null];
}

/** The facts of a queue row every role may see; `approvalsNeeded` from the protocol in force, where known. */
export function queueFacts(item: QueueItem, extra: readonly (readonly [string, Child])[] = [], approvalsNeeded: number | null = null): HTMLDListElement {
  const votes = item.votes;
  return details([
    ['Status', statusBadge(item.status, item.remainingToPayCents)],
    approvalsFact(item.status, votes.approvals, approvalsNeeded),
    ['Urgency', [label('urgency', item.urgency), item.expedited ? ' (expedited path)' : '']],
    ['Requested', money(item.amountCents)],
    ['Approved', item.approvedCents === null ? null : money(item.approvedCents)],
    ['Paid so far', item.disbursedCents > 0 ? money(item.disbursedCents) : null],
    ['Left to pay', item.remainingToPayCents === null || item.status === 'closed' ? null : money(item.remainingToPayCents)],
    ['Payment method', label('paymentMethod', item.paymentMethod)],
    ['Needed by', day(item.neededBy)],
    ['Votes so far', `${votes.approvals} approve, ${votes.denials} deny, ${votes.recusals} recused`],
    ['Submitted', dateTime(item.submittedAt)],
    ['Request', h('a', { href: `/app/requests/${item.requestId}` }, `Details of ${shortId(item.requestId)}`)],
    ...extra,
  ]);
}

export interface Confirmation {
  /** The question, as the dialog's heading ("Deny this request?"). */
  readonly title: string;
  /** What will happen, and what cannot be undone. */
  readonly body: Child;
  readonly confirmText: string;
  readonly cancelText?: string;
  readonly danger?: boolean;
}

/**
 * Asks before an action that cannot be undone, in the page (never window.confirm): a modal
 * <dialog> named by its heading and described by its text, so focus stays inside it and Escape
 * cancels. Focus starts on Cancel, the harmless choice, and returns to where it was. The dialog
 * is drawn inside `host` (it shows above everything as a modal), so it belongs to the card or
 * form it asks about. Resolves true only for the confirm button.
 */
export function confirmDialog(host: Element, confirmation: Confirmation): Promise<boolean> {
  const titleId = uid('confirm-title');
  const bodyId = uid('confirm-body');
  const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const yes = h('button', { type: 'button', class: confirmation.danger === false ? 'primary' : 'danger' }, confirmation.confirmText);
  const no = h('button', { type: 'button' }, confirmation.cancelText ?? 'Cancel');
  const dialog = h(
    'dialog',
    { class: 'confirm-dialog', 'aria-labelledby': titleId, 'aria-describedby': bodyId },
    h('h2', { id: titleId }, confirmation.title),
    h('div', { id: bodyId, class: 'confirm-body' }, confirmation.body),
    h('div', { class: 'actions' }, yes, ' ', no),
  );
  host.append(dialog);
  return new Promise<boolean>((resolve) => {
    let answer = false;
    yes.addEventListener('click', () => {
      answer = true;
      dialog.close();
    });
    no.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (returnTo?.isConnected) returnTo.focus();
      resolve(answer);
    });
    dialog.showModal();
    no.focus();
  });
}

/** A button for an action that cannot be undone: it asks first (confirmDialog), then runs it. */
export function confirmButton(text: string, confirmText: string, run: () => Promise<void>, danger = true, body: Child = 'This cannot be undone.'): HTMLElement {
  const wrapper = h('div', { class: 'confirm' });
  const button = h('button', { type: 'button', class: danger ? 'danger' : '' }, text);
  button.addEventListener('click', () => {
    void confirmDialog(wrapper, { title: `${text}?`, body, confirmText, danger }).then(async (yes) => {
      if (!yes) return;
      button.disabled = true;
      try {
        await run();
      } finally {
        button.disabled = false;
      }
    });
  });
  wrapper.append(button);
  return wrapper;
}

export function emptyState(text: string): HTMLElement {
  return h('p', { class: 'empty' }, text);
}
