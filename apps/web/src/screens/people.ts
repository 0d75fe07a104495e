import { get, post, query } from '../api.js';
import type { components } from '../api-types.js';
import { details, h, replace } from '../dom.js';
import { dateTime, label } from '../format.js';
import { PagedList } from '../paging.js';
import type { ScreenContext } from '../router.js';
import { ROLES } from '../types.js';
import { confirmDialog, PageStatus, pageHeading } from '../ui.js';

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

  /** Asks first, naming the person (a dialog titled only "Deactivate?" would not). */
  const deactivateButton = (p: Person): HTMLElement => {
    const button = h('button', { type: 'button', class: 'danger' }, 'Deactivate');
    button.addEventListener('click', () => {
      void confirmDialog(button.parentElement ?? main, {
        title: `Deactivate ${p.userId}?`,
        body: `${p.userId} will receive no more notifications, by email or in the app, until a coordinator reactivates them. Signing in again does not reactivate them.`,
        confirmText: 'Yes, deactivate',
      }).then((yes) => (yes ? act(p, false) : undefined));
    });
    return button;
  };

  const card = (p: Person): HTMLElement => {
    const headingId = `person-${p.userId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    return h(
      'article',
      { class: p.active ? 'card person' : 'card person inactive', 'aria-labelledby': headingId },
      h('h3', { id: headingId }, p.userId, p.userId === session.userId ? h('span', { class: 'hint' }, ' (you)') : null),
      details([
        ['Role', label('role', p.role)],
        ['Organization', p.organizationId],
        ['Email', p.email ?? h('span', { class: 'hint' }, 'none given: no email is sent')],
        ['Last sign-in', dateTime(p.lastSignInAt)],
        ['First sign-in', dateTime(p.firstSignInAt)],
        ['Status', p.active ? 'Active' : `Deactivated ${dateTime(p.deactivatedAt)}${p.deactivatedBy ? ` by ${p.deactivatedBy}` : ''}`],
      ]),
      p.userId === session.userId
        ? null
        : h(
            'div',
            { class: 'actions' },
            p.active
              ? deactivateButton(p)
              : h('button', { type: 'button', onclick: () => void act(p, true) }, 'Reactivate'),
          ),
    );
  };

  const list: PagedList<Person> = new PagedList<Person>({
    noun: 'people',
    fetch: async (limit, offset) => (await get<People>(`/people${query({ role: role.value || undefined, active: active.value || undefined, limit, offset })}`)).items,
    empty: 'Nobody matches. People appear here once they have signed in.',
    render: (items) => h('div', { class: 'cards people' }, items.map(card)),
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
