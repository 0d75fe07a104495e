import { get, post, query } from '../api.js';
import type { components } from '../api-types.js';
import { h, replace, scrollTable } from '../dom.js';
import { dateTime, label } from '../format.js';
import { PagedList } from '../paging.js';
import type { ScreenContext } from '../router.js';
import { ROLES } from '../types.js';
import { confirmButton, PageStatus, pageHeading } from '../ui.js';

type Person = components['schemas']['PersonView'];
type People = components['schemas']['PeopleView'];

/**
 * Coordinator: the people directory (GET /people): everyone who has signed in, with what their
 * last token said (role, organization, email) and when they last signed in. Deactivating someone
 * stops every notification to them (it asks first); reactivating resumes them. Staff only: the
 * directory never holds anything about a survivor.
 */
export async function renderPeople({ main, session }: ScreenContext): Promise<void> {
  const status = new PageStatus();
  const role = h('select', { id: 'people-role' }, h('option', { value: '' }, 'Every role'), ROLES.map((r) => h('option', { value: r }, label('role', r))));
  const active = h('select', { id: 'people-active' }, h('option', { value: '' }, 'Active and deactivated'), h('option', { value: 'true' }, 'Active only'), h('option', { value: 'false' }, 'Deactivated only'));

  const act = async (person: Person, activate: boolean): Promise<void> => {
    try {
      await post<Person>(`/people/${encodeURIComponent(person.userId)}/${activate ? 'reactivate' : 'deactivate'}`);
      status.success(activate ? `${person.userId} is active again and will be notified from now on.` : `${person.userId} is deactivated: they are notified of nothing until reactivated.`);
      await list.load();
    } catch (error) {
      status.error(error);
    }
  };

  const row = (p: Person): HTMLTableRowElement =>
    h(
      'tr',
      { class: p.active ? null : 'muted' },
      h('th', { scope: 'row' }, p.userId),
      h('td', null, label('role', p.role), h('div', { class: 'hint' }, p.organizationId)),
      h('td', { class: 'email' }, p.email ?? h('span', { class: 'hint' }, 'none given: no email is sent')),
      h('td', null, dateTime(p.lastSignInAt), h('div', { class: 'hint' }, `first ${dateTime(p.firstSignInAt)}`)),
      h(
        'td',
        null,
        p.active ? 'Active' : ['Deactivated', h('div', { class: 'hint' }, `${dateTime(p.deactivatedAt)}${p.deactivatedBy ? ` by ${p.deactivatedBy}` : ''}`)],
      ),
      h(
        'td',
        null,
        p.userId === session.userId
          ? h('span', { class: 'hint' }, 'you')
          : p.active
            ? confirmButton(`Deactivate ${p.userId}`, 'Yes, deactivate', () => act(p, false), true, `${p.userId} will receive no more notifications, by email or in the app, until a coordinator reactivates them. Signing in again does not reactivate them.`)
            : h('button', { type: 'button', onclick: () => void act(p, true) }, `Reactivate ${p.userId}`),
      ),
    );

  const list: PagedList<Person> = new PagedList<Person>({
    noun: 'people',
    fetch: async (limit, offset) => (await get<People>(`/people${query({ role: role.value || undefined, active: active.value || undefined, limit, offset })}`)).items,
    empty: 'Nobody matches. People appear here once they have signed in.',
    render: (items) =>
      scrollTable(
        'People',
        h(
          'table',
          { class: 'people' },
          h('caption', { class: 'visually-hidden' }, 'People who have signed in'),
          h('thead', null, h('tr', null, ['Person', 'Role', 'Email', 'Last sign-in', 'Status', 'Action'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', null, items.map(row)),
        ),
      ),
  });

  for (const control of [role, active]) control.addEventListener('change', () => void list.load(0));
  main.append(
    ...pageHeading('People', 'Everyone who has signed in: role, organization and email as their last sign-in said. Deactivated people are notified of nothing.'),
    status.element,
    h(
      'div',
      { class: 'row filters' },
      h('div', { class: 'field inline-field' }, h('label', { for: 'people-role' }, 'Role'), role),
      h('div', { class: 'field inline-field' }, h('label', { for: 'people-active' }, 'Status'), active),
    ),
    list.element,
  );
  replace(status.element);
  await list.load(0);
}
