import { get, query, until } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { label } from '../format.js';
import type { ScreenContext } from '../router.js';
import type { FundBalance, Items, Narrative, QueueItem } from '../types.js';
import { emptyState, errorText, loadError, loading, PageStatus, pageHeading, queueFacts, requestTitle, urgencyBadge } from '../ui.js';
import { questionForm, voteForm } from './request-actions.js';

/** A button that reads the narrative on demand (each read is recorded in the access log). */
export function narrativeReader(requestId: string, level: 'h3' | 'h4' = 'h3'): HTMLElement {
  const out = h('div', { class: 'narrative', 'aria-live': 'polite' });
  const button = h('button', { type: 'button' }, 'Read the narrative');
  button.addEventListener('click', () => {
    button.disabled = true;
    void get<Narrative>(`/fund-requests/${requestId}/narrative`)
      .then((n) => {
        const texts = (v: Narrative['narrative']): readonly string[] => (v === 'redacted' ? ['(destroyed on schedule)'] : v);
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
      .catch((error: unknown) => replace(out, h('p', { class: 'error-text' }, errorText(error))))
      .finally(() => {
        button.disabled = false;
      });
  });
  return h('div', { class: 'narrative-reader' }, button, h('p', { class: 'hint' }, 'Reading it is recorded in the access log.'), out);
}

/** Council home: requests awaiting this member's vote (never their own organization's). */
export async function renderCouncilQueue({ main, session }: ScreenContext): Promise<void> {
  const status = new PageStatus();
  const list = h('div', { class: 'cards' }, loading());
  main.append(
    ...pageHeading('Council queue', [
      'Requests awaiting your vote, emergencies first. Requests from your own organization',
      session.organizationId ? ` (${session.organizationId})` : '',
      ' never appear here.',
    ]),
    status.element,
    list,
  );

  const load = (): Promise<Items<QueueItem>> => get<Items<QueueItem>>(`/queues/council${query({ limit: 200 })}`);
  let funds: readonly FundBalance[] = [];

  const draw = (items: readonly QueueItem[]): void => {
    if (items.length === 0) {
      replace(list, emptyState('Nothing awaits your vote.'));
      return;
    }
    replace(
      list,
      items.map((item) => {
        const headingId = uid('c');
        const done = async (message: string): Promise<void> => {
          status.success(message);
          try {
            const fresh = await until(load, (r) => r.items.find((i) => i.requestId === item.requestId)?.version !== item.version);
            draw(fresh.items);
          } catch (error) {
            status.error(error);
          }
        };
        return h(
          'article',
          { class: `card urgency-${item.urgency}`, 'aria-labelledby': headingId },
          h('h2', { id: headingId }, requestTitle(item), ' ', urgencyBadge(item.urgency)),
          queueFacts(item, [['From', item.organizationId]]),
          item.openQuestion ? h('p', { class: 'question' }, h('strong', null, 'Open question: '), label('question', item.openQuestion), ' (waiting for the provider)') : null,
          voteForm(item, done, funds),
          h('details', null, h('summary', null, 'Ask the provider a question'), questionForm(item.requestId, done)),
          narrativeReader(item.requestId),
        );
      }),
    );
  };

  try {
    const [queue, balances] = await Promise.all([load(), get<Items<FundBalance>>('/balances/funds').catch(() => ({ items: [] }))]);
    funds = balances.items;
    draw(queue.items);
  } catch (error) {
    replace(list, loadError(error));
  }
}
