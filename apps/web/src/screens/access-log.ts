import { get, query } from '../api.js';
import type { components } from '../api-types.js';
import { h, replace, scrollTable } from '../dom.js';
import { FieldProblem, Form, input } from '../forms.js';
import { dateTime, label } from '../format.js';
import type { ScreenContext } from '../router.js';
import { emptyState, loadError, pageHeading } from '../ui.js';

type AccessLog = components['schemas']['AccessLogView'];

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What was read, in words; the resource code stays beside it for the auditor's own records. */
const RESOURCES: Readonly<Record<string, string>> = {
  'access-log': 'The access log',
  'ledger.entries': 'Ledger entries',
  'ledger.export': 'Ledger export',
  'ledger.periods': 'Ledger periods',
  'ledger.trial-balance': 'The trial balance',
  'ledger.verify': 'Ledger verification',
  'fund-request.narrative': 'A request\u2019s narrative',
  'reports.quarterly.export': 'Quarterly report export',
  'reports.semi-annual.export': 'Semi-annual report export',
  'reports.annual.export': 'Annual report export',
  'reports.fund-activity.export': 'Fund activity export',
  'reports.pmt.export': 'Federal performance report export',
  'reports.tims.export': 'Federal TIMS export',
  'reports.statewide.export': 'Statewide picture export',
};

function filtersText(filters: Readonly<Record<string, string>>): HTMLElement | string {
  const entries = Object.entries(filters);
  if (entries.length === 0) return 'none';
  return h('ul', { class: 'plain' }, entries.map(([k, v]) => h('li', null, `${k} `, h('code', null, v))));
}

/**
 * Auditor and coordinator: who read the ledger, its exports, reports and narratives, one UTC day
 * at a time (GET /access-log). Reading the log is itself recorded, so the day's own reading
 * shows in it.
 */
export function renderAccessLog({ main, query: address }: ScreenContext): void {
  const results = h('div', { class: 'access-log-results' });
  const dayInput = input({ type: 'date', value: address.get('day') ?? new Date().toISOString().slice(0, 10), required: true });

  const show = async (day: string): Promise<string> => {
    const log = await get<AccessLog>(`/access-log${query({ day })}`);
    history.replaceState(null, '', `/app/access-log${query({ day })}`);
    const count = `${log.accesses.length} ${log.accesses.length === 1 ? 'access' : 'accesses'} on ${day}`;
    replace(
      results,
      log.accesses.length === 0
        ? emptyState(`Nobody read a recorded resource on ${day} (UTC).`)
        : scrollTable(
            `Accesses on ${day}`,
            h(
              'table',
              { class: 'access-log' },
              h('caption', null, `${count} (UTC), oldest first`),
              h('thead', null, h('tr', null, ['Who, when', 'What was read', 'Filters'].map((t) => h('th', { scope: 'col' }, t)))),
              h(
                'tbody',
                null,
                log.accesses.map((a) =>
                  h(
                    'tr',
                    null,
                    h('th', { scope: 'row' }, a.userId, h('div', { class: 'hint' }, `${label('role', a.role)}, ${a.organizationId}`), h('div', { class: 'hint' }, dateTime(a.at))),
                    h('td', null, RESOURCES[a.resource] ?? a.resource, h('div', { class: 'hint' }, h('code', null, a.path))),
                    h('td', null, filtersText(a.filters)),
                  ),
                ),
              ),
            ),
          ),
    );
    return `${count}.`;
  };

  const form = new Form({
    title: 'Choose a day',
    submitLabel: 'Show accesses',
    busyLabel: 'Loading…',
    failurePrefix: 'Could not show the log: ',
    onSubmit: async () => {
      const day = dayInput.value.trim();
      if (!DAY.test(day)) throw new FieldProblem('day', 'Enter a day like 2026-11-22');
      return show(day);
    },
  });
  form.body.append(form.field(dayInput, { name: 'day', label: 'Day (UTC)', required: true, hint: 'Reading this log is recorded in it too.', className: 'inline-field' }));
  main.append(
    ...pageHeading('Access log', 'Who read the ledger, its exports, the reports and request narratives: when, under which role, with which filters. Never what they read.'),
    h('section', { 'aria-labelledby': 'al-h' }, h('h2', { id: 'al-h', class: 'visually-hidden' }, 'Accesses'), form.element, results),
  );
  // The day asked for (today by default) is shown at once; a failure is said in place.
  void show(dayInput.value).catch((error: unknown) => replace(results, loadError(error, () => void form.element.requestSubmit())));
}
