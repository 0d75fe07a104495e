import { h, uid } from '../dom.js';
import { codes, label } from '../format.js';

/** How a work queue is ordered (the api's `sort`), in words. */
const SORTS: readonly (readonly [string, string])[] = [
  ['urgency', 'Most urgent first'],
  ['age', 'Oldest first'],
  ['amount', 'Largest amount first'],
  ['needed_by', 'Soonest needed first'],
];

export interface QueueControls {
  readonly element: HTMLElement;
  /** The api's query parameters for the choices made (empty ones left out). */
  params(): Record<string, string | undefined>;
  /** A compact list (one row per request) rather than cards. */
  compact(): boolean;
}

/**
 * Sort, filters and the list/cards switch above a work queue. The api sorts and filters (the
 * queue is paged, so the screen alone could only reorder the page it has); the choices live in
 * the address, so a reload or a link keeps them.
 */
export function queueControls(options: {
  readonly query: URLSearchParams;
  readonly defaultSort: string;
  readonly statuses: readonly (readonly [string, string])[];
  readonly onChange: () => void;
}): QueueControls {
  const { query } = options;
  const control = <E extends HTMLSelectElement | HTMLInputElement>(text: string, el: E): [HTMLElement, E] => {
    el.id = uid('qc');
    return [h('div', { class: 'field inline' }, h('label', { for: el.id }, text), el), el];
  };
  const choose = (name: string, values: readonly (readonly [string, string])[], all: string | null): HTMLSelectElement =>
    h(
      'select',
      { name },
      all === null ? null : h('option', { value: '' }, all),
      values.map(([value, text]) => h('option', { value, selected: query.get(name) === value || (all === null && !query.get(name) && value === options.defaultSort) }, text)),
    );
  const [sortField, sort] = control('Sort', choose('sort', SORTS, null));
  const [categoryField, category] = control('Category', choose('category', codes('category').map((c) => [c, label('category', c)] as const), 'All categories'));
  const [urgencyField, urgency] = control('Urgency', choose('urgency', codes('urgency').map((c) => [c, label('urgency', c)] as const), 'Any urgency'));
  const [statusField, status] = control('Status', choose('status', options.statuses, 'Any status'));
  const [orgField, organization] = control(
    'Organization',
    h('input', { type: 'text', name: 'organizationId', value: query.get('organizationId') ?? '', autocomplete: 'off', spellcheck: 'false', placeholder: 'any', size: 14 }),
  );
  const [viewField, view] = control(
    'Show as',
    h('select', { name: 'view' }, h('option', { value: 'cards' }, 'Cards'), h('option', { value: 'list', selected: query.get('view') === 'list' }, 'Compact list')),
  );
  const apply = h('button', { type: 'submit' }, 'Apply');
  const form = h(
    'form',
    { class: 'queue-controls-form', 'aria-label': 'Sort and filter the queue' },
    sortField,
    categoryField,
    urgencyField,
    statusField,
    orgField,
    viewField,
    h('div', { class: 'actions' }, apply),
  );
  const params = (): Record<string, string | undefined> => ({
    sort: sort.value === options.defaultSort ? undefined : sort.value,
    category: category.value || undefined,
    urgency: urgency.value || undefined,
    status: status.value || undefined,
    organizationId: organization.value.trim().toLowerCase() || undefined,
  });
  const chosen = h('span', { class: 'chosen' });
  const describe = (): void => {
    const parts = [sort.selectedOptions[0]?.textContent ?? '', ...[category, urgency, status].filter((c) => c.value).map((c) => c.selectedOptions[0]?.textContent ?? ''), organization.value.trim()];
    if (view.value === 'list') parts.push('compact list');
    chosen.textContent = `: ${parts.filter(Boolean).join(' · ')}`;
  };
  describe();
  // Open on a wide screen; on a phone the choices fold away under their summary, above the queue.
  const box = h('details', { class: 'queue-controls', open: matchMedia('(min-width: 40rem)').matches }, h('summary', null, 'Sort and filter', chosen), form);
  const changed = (): void => {
    describe();
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...params(), view: view.value === 'list' ? 'list' : undefined })) if (v) next.set(k, v);
    const text = next.toString();
    history.replaceState(null, '', `${location.pathname}${text ? `?${text}` : ''}`);
    options.onChange();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    changed();
  });
  // Selects apply at once; the organization applies with Enter or Apply.
  for (const select of [sort, category, urgency, status, view]) select.addEventListener('change', changed);
  return { element: box, params, compact: () => view.value === 'list' };
}
