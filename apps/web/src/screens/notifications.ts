import { get, post } from '../api.js';
import type { components } from '../api-types.js';
import { h, replace } from '../dom.js';
import { dateTime, label } from '../format.js';
import type { ScreenContext } from '../router.js';
import type { Session } from '../session.js';
import { PageStatus, loadError, pageHeading } from '../ui.js';

type Page = components['schemas']['NotificationsPageView'];
type Preferences = components['schemas']['PreferencesView'];
type DeadLetters = components['schemas']['DeadLettersView'];
type Delivery = components['schemas']['PreferenceView']['delivery'];

const DELIVERY_LABELS: Readonly<Record<Delivery, string>> = { immediate: 'Email at once', digest: 'Daily summary email', off: 'No email' };

/**
 * Everyone's notifications: what waits and a link to it (never more), the unread count, and
 * per kind how email reaches them. Coordinators also see emails that could not be sent.
 */
export async function renderNotifications({ main, session }: ScreenContext): Promise<void> {
  const status = new PageStatus();
  const list = h('section', { 'aria-labelledby': 'nt-list' });
  const prefs = h('section', { 'aria-labelledby': 'nt-prefs' });
  const dead = h('section', { 'aria-labelledby': 'nt-dead' });
  main.append(...pageHeading('Notifications', 'Each one says what kind of thing waits for you; open it to see more.'), status.element, list, prefs);
  if (session.role === 'coordinator') main.append(dead);

  const loadList = async (): Promise<void> => {
    try {
      const page = await get<Page>('/notifications?limit=100');
      const markAll = h('button', { type: 'button', disabled: page.unread === 0 }, 'Mark all read');
      markAll.addEventListener('click', () => void post('/notifications/read-all').then(loadList, (e: unknown) => status.error(e)));
      replace(
        list,
        h('h2', { id: 'nt-list' }, `Unread: ${page.unread}`),
        h('div', { class: 'actions' }, markAll),
        page.items.length === 0
          ? h('p', null, 'No notifications yet.')
          : h(
              'ul',
              { class: 'notifications' },
              page.items.map((n) => {
                const open = h('a', { href: n.link }, n.text);
                // Opening one counts as reading it.
                open.addEventListener('click', () => void post(`/notifications/${n.messageId}/read`).catch(() => undefined));
                return h('li', { class: n.read ? 'read' : 'unread' }, n.read ? null : h('strong', null, 'New: '), open, ' ', h('small', null, dateTime(n.createdAt)));
              }),
            ),
      );
    } catch (error) {
      replace(list, loadError(error, () => void loadList()));
    }
  };

  const loadPrefs = async (): Promise<void> => {
    try {
      const { items } = await get<Preferences>('/notifications/preferences');
      // Only the kinds this role is ever sent: a council member choosing emails about "my request" would be misled.
      const mine = items.filter((p) => KINDS_BY_ROLE[session.role].includes(p.kind));
      if (mine.length === 0) {
        replace(prefs, h('h2', { id: 'nt-prefs' }, 'Email'), h('p', null, `Nothing is sent to the ${label('role', session.role)} role, by email or in this list.`));
        return;
      }
      const rows = mine.map((p) => {
        const select = h('select', { id: `nt-${p.kind}` }, (Object.keys(DELIVERY_LABELS) as Delivery[]).map((d) => h('option', { value: d, selected: d === p.delivery }, DELIVERY_LABELS[d])));
        select.addEventListener('change', () =>
          void post('/notifications/preferences', { kind: p.kind, delivery: select.value }).then(
            () => status.success('Preference saved.'),
            (e: unknown) => status.error(e),
          ),
        );
        return h('div', { class: 'field' }, h('label', { for: `nt-${p.kind}` }, KIND_LABELS[p.kind]), select);
      });
      replace(prefs, h('h2', { id: 'nt-prefs' }, 'Email'), h('p', null, 'The list above always shows every notification; this only chooses the emails.'), ...rows);
    } catch (error) {
      replace(prefs, loadError(error, () => void loadPrefs()));
    }
  };

  const loadDead = async (): Promise<void> => {
    try {
      const { items } = await get<DeadLetters>('/notifications/dead-letters');
      replace(
        dead,
        h('h2', { id: 'nt-dead' }, 'Emails that could not be sent'),
        items.length === 0
          ? h('p', null, 'None.')
          : h(
              'ul',
              null,
              items.map((d) => {
                const retry = h('button', { type: 'button' }, 'Send again');
                retry.addEventListener('click', () => void post(`/notifications/dead-letters/${d.messageId}/retry`).then(loadDead, (e: unknown) => status.error(e)));
                return h('li', null, `${d.kind} for ${d.recipientId}: ${d.attempts} attempts, ${d.lastError ?? 'no error code'} `, retry);
              }),
            ),
      );
    } catch (error) {
      replace(dead, loadError(error, () => void loadDead()));
    }
  };

  await Promise.all([loadList(), loadPrefs(), session.role === 'coordinator' ? loadDead() : Promise.resolve()]);
}

type Kind = components['schemas']['PreferenceView']['kind'];

/** Who is sent each kind (the api's notifications projection and schedule decide; kept in step here). */
const KINDS_BY_ROLE: Readonly<Record<Session['role'], readonly Kind[]>> = {
  provider: ['question-asked', 'request-approved', 'request-denied', 'request-paid', 'receipt-due', 'receipt-overdue'],
  council: ['vote-requested', 'emergency-escalation', 'protocol-vote-requested'],
  coordinator: ['emergency-escalation', 'budget-pacing'],
  auditor: [],
  funder: [],
};

const KIND_LABELS: Readonly<Record<components['schemas']['PreferenceView']['kind'], string>> = {
  'vote-requested': 'A request awaits my vote',
  'emergency-escalation': 'An emergency request is still undecided',
  'question-asked': 'A question about my organization\u2019s request',
  'request-approved': 'My request was approved',
  'request-denied': 'My request was denied',
  'request-paid': 'A payment was recorded on my request',
  'receipt-due': 'A receipt is due soon',
  'receipt-overdue': 'A receipt is overdue',
  'protocol-vote-requested': 'A protocol proposal awaits my vote',
  'budget-pacing': 'A fund is running low or ahead of its spending plan',
};
