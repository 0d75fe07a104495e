import { get, query } from '../api.js';
import { h } from '../dom.js';
import { FieldProblem, Form, input } from '../forms.js';
import { shortId } from '../format.js';
import type { Items, QueueItem } from '../types.js';
import { requestTitle, statusBadge } from '../ui.js';

/** At least the 8 characters every screen shows; at most the whole id. */
const ID_START = /^[0-9a-f]{8}[0-9a-f-]{0,28}$/;
/** Enough to say "several" and list them; more means the reader should type more of the id. */
const MOST_LISTED = 10;

/**
 * "Find a request" by the 8 characters screens show, more of the id, or all of it, among the
 * requests the reader may see (the api scopes an advocate to their organization). One match
 * opens it; several are listed to choose from, never guessed; none is said next to the field.
 */
export function requestFinder(open: (requestId: string) => void, hint = 'The 8 characters shown on every screen, like 578b667d, or the whole id.'): HTMLFormElement {
  const idInput = input({ autocomplete: 'off', spellcheck: 'false', autocapitalize: 'none', class: 'request-id' });
  const form: Form = new Form({
    title: 'Find a request by its id',
    submitLabel: 'Open',
    busyLabel: 'Looking…',
    failurePrefix: 'Not opened: ',
    secondary: true,
    onSubmit: async () => {
      const typed = idInput.value.trim().toLowerCase();
      if (!ID_START.test(typed)) throw new FieldProblem('id', 'Enter at least the first 8 characters of the request id (digits 0-9 and letters a-f), like 578b667d, or the whole id.');
      const found = (await get<Items<QueueItem>>(`/queues/requests${query({ id: typed, limit: MOST_LISTED + 1 })}`)).items;
      if (found.length === 0) throw new FieldProblem('id', `No request you can see has an id starting with ${typed}.`);
      if (found.length === 1) {
        open(found[0]!.requestId);
        return;
      }
      const shown = found.slice(0, MOST_LISTED);
      form.showNotice(
        h('p', { class: 'result-title' }, found.length > MOST_LISTED ? `More than ${MOST_LISTED} requests have an id starting with ${typed}: type more of the id, or choose one of these.` : `${found.length} requests have an id starting with ${typed}. Choose one:`),
        h(
          'ul',
          { class: 'matches' },
          shown.map((item) => h('li', null, h('a', { href: `/app/requests/${item.requestId}` }, `${shortId(item.requestId)}… ${item.requestId.slice(8)}`), ` ${requestTitle(item)} `, statusBadge(item.status, item.remainingToPayCents))),
        ),
      );
    },
  });
  form.body.append(form.field(idInput, { name: 'id', label: 'Request id', required: true, hint }));
  return form.element;
}
