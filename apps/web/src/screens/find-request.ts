import { get, query } from '../api.js';
import { h } from '../dom.js';
import { FieldProblem, Form, input } from '../forms.js';
import { shortId } from '../format.js';
import type { Items, QueueItem } from '../types.js';
import { requestTitle, statusBadge } from '../ui.js';

/** At least the 8 characters every screen shows; at most the whole id. */
const ID_START = /^[0-9a-f]{8}[0-9a-f-]{0,28}$/;
/** A survivor reference as the fund issues it (Crockford base32: no I, L, O or U). */
const REFERENCE = /^SR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
/** Enough to say "several" and list them; more means the reader should type more of the id. */
const MOST_LISTED = 10;

/**
 * "Find a request" by the 8 characters screens show, more of the id, or all of it, among the
 * requests the reader may see (the api scopes an advocate to their organization). One match
 * opens it; several are listed to choose from, never guessed; none is said next to the field.
 * An advocate may also type a survivor reference: their own organization's requests for it
 * (`byReference`; nobody else ever sees references).
 */
export function requestFinder(open: (requestId: string) => void, hint = 'The 8 characters shown on every screen, like 578b667d, or the whole id.', byReference = false): HTMLFormElement {
  const idInput = input({ autocomplete: 'off', spellcheck: 'false', autocapitalize: 'none', class: 'request-id' });
  const form: Form = new Form({
    title: byReference ? 'Find a request by its id or survivor reference' : 'Find a request by its id',
    submitLabel: 'Open',
    busyLabel: 'Looking…',
    failurePrefix: 'Not opened: ',
    secondary: true,
    onSubmit: async () => {
      if (byReference && /^sr-/i.test(idInput.value.trim())) {
        await findByReference(idInput.value.trim().toUpperCase());
        return;
      }
      const typed = idInput.value.trim().toLowerCase();
      if (!ID_START.test(typed)) throw new FieldProblem('id', `Enter at least the first 8 characters of the request id (digits 0-9 and letters a-f), like 578b667d, or the whole id${byReference ? ', or a survivor reference like SR-7KQ4-M2XP-9D3H' : ''}.`);
      const found = (await get<Items<QueueItem>>(`/queues/requests${query({ id: typed, limit: MOST_LISTED + 1 })}`)).items;
      if (found.length === 0) throw new FieldProblem('id', `No request you can see has an id starting with ${typed}.`);
      if (found.length === 1) {
        open(found[0]!.requestId);
        return;
      }
      list(found, found.length > MOST_LISTED ? `More than ${MOST_LISTED} requests have an id starting with ${typed}: type more of the id, or choose one of these.` : `${found.length} requests have an id starting with ${typed}. Choose one:`);
    },
  });
  const findByReference = async (reference: string): Promise<void> => {
    if (!REFERENCE.test(reference)) throw new FieldProblem('id', 'A survivor reference looks like SR-7KQ4-M2XP-9D3H: SR and three groups of 4 letters or digits.');
    const found = (await get<Items<QueueItem>>(`/queues/my-requests${query({ reference, limit: MOST_LISTED + 1 })}`)).items;
    if (found.length === 0) throw new FieldProblem('id', `No request of your organization is for survivor reference ${reference}.`);
    if (found.length === 1) {
      open(found[0]!.requestId);
      return;
    }
    list(found, found.length > MOST_LISTED ? `The ${MOST_LISTED} newest of the requests for ${reference}; the list of all requests has the rest. Choose one:` : `${found.length} requests are for ${reference}, newest first. Choose one:`);
  };
  const list = (found: readonly QueueItem[], title: string): void => {
    const shown = found.slice(0, MOST_LISTED);
    form.showNotice(
      h('p', { class: 'result-title' }, title),
      h(
        'ul',
        { class: 'matches' },
        shown.map((item) => h('li', null, h('a', { href: `/app/requests/${item.requestId}` }, `${shortId(item.requestId)}… ${item.requestId.slice(8)}`), ` ${requestTitle(item)} `, statusBadge(item.status, item.remainingToPayCents))),
      ),
    );
  };
  form.body.append(form.field(idInput, { name: 'id', label: byReference ? 'Request id or survivor reference' : 'Request id', required: true, hint }));
  return form.element;
}
