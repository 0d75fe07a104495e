import { get } from './api.js';
import { announce, h, replace } from './dom.js';
import { label } from './format.js';
import { endSessionAtIssuer } from './oidc.js';
import { currentSession, signOut, type Session } from './session.js';
import type { Role } from './types.js';

/** What a screen gets: where to draw, the path's parameters and the signed-in user. */
export interface ScreenContext {
  readonly main: HTMLElement;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly session: Session;
}

export interface Route {
  readonly path: string;
  readonly title: string;
  /** Who may open it; `public` needs no sign-in. */
  readonly roles: readonly Role[] | 'public';
  readonly render: (ctx: ScreenContext) => void | Promise<void>;
  readonly renderPublic?: (main: HTMLElement, query: URLSearchParams) => void | Promise<void>;
}

interface Compiled {
  readonly route: Route;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

const routes: Compiled[] = [];

export const SIGN_IN = '/app/sign-in';

/** Where each role starts: its main job. A coordinator's is the overview of what waits. */
const HOME: Readonly<Record<Role, string>> = {
  provider: '/app/requests',
  council: '/app/council',
  coordinator: '/app/overview',
  auditor: '/app/ledger',
  funder: '/app/reports',
};

const NAV: Readonly<Record<Role, readonly (readonly [string, string])[]>> = {
  provider: [
    ['/app/requests', 'My requests'],
    ['/app/requests/new', 'New request'],
  ],
  council: [
    ['/app/council', 'Council queue'],
    ['/app/protocols', 'Protocols'],
    ['/app/statewide', 'Statewide picture'],
  ],
  coordinator: [
    ['/app/overview', 'Overview'],
    ['/app/payments', 'Payments'],
    ['/app/donations', 'Donations'],
    ['/app/balances', 'Balances'],
    ['/app/gift-cards', 'Gift cards'],
    ['/app/protocols', 'Protocols'],
    ['/app/reports', 'Reports'],
    ['/app/statewide', 'Statewide picture'],
    ['/app/fund-activity', 'Fund activity'],
    ['/app/statements', 'Statements'],
    ['/app/periods', 'Closed periods'],
    ['/app/people', 'People'],
  ],
  auditor: [
    ['/app/ledger', 'Ledger'],
    ['/app/trial-balance', 'Trial balance'],
    ['/app/gift-cards', 'Gift-card log'],
    ['/app/statements', 'Statements'],
    ['/app/periods', 'Closed periods'],
    ['/app/access-log', 'Access log'],
    ['/app/balances', 'Balances'],
    ['/app/protocols', 'Protocols'],
    ['/app/reports', 'Reports'],
    ['/app/fund-activity', 'Fund activity'],
  ],
  funder: [
    ['/app/reports', 'Reports'],
    ['/app/fund-activity', 'Fund activity'],
  ],
};

export function homeOf(role: Role): string {
  return HOME[role];
}

export function addRoute(route: Route): void {
  const names: string[] = [];
  const source = route.path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  routes.push({ route, pattern: new RegExp(`^${source}/?$`), names });
}

let firstRender = true;

export function navigate(path: string, replaceEntry = false): void {
  if (replaceEntry) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  void render();
}

function renderHeader(session: Session | null): void {
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  if (!nav || !who) return;
  if (!session) {
    replace(nav);
    replace(who);
    return;
  }
  const here = location.pathname.replace(/\/$/, '');
  replace(
    nav,
    h(
      'ul',
      null,
      [...NAV[session.role], ['/app/notifications', 'Notifications'] as const].map(([href, text]) => h('li', null, h('a', { href, 'aria-current': here === href ? 'page' : null }, text))),
    ),
  );
  void showUnread(nav);
  replace(
    who,
    h('span', { class: 'who-text' }, 'Signed in as ', h('strong', null, session.userId || 'unknown user'), ` · ${label('role', session.role)}`, session.organizationId ? ` · ${session.organizationId}` : ''),
    h(
      'button',
      {
        type: 'button',
        class: 'link-button',
        onclick: () => {
          signOut();
          announce('Signed out');
          // With single sign-on, end the session at the identity provider too; it sends the browser back here.
          void endSessionAtIssuer().then((leaving) => {
            if (!leaving) navigate(SIGN_IN);
          });
        },
      },
      'Sign out',
    ),
  );
}

/**
 * The unread count beside "Notifications" on every page, so what waits is seen without opening
 * the list. Read after the page is drawn and never in its way: a failed read shows no count.
 */
async function showUnread(nav: HTMLElement): Promise<void> {
  let unread: number;
  try {
    ({ unread } = await get<{ unread: number }>('/notifications/unread-count'));
  } catch {
    return;
  }
  const link = nav.querySelector<HTMLAnchorElement>('a[href="/app/notifications"]');
  if (!link || unread <= 0) return;
  link.append(' ', h('span', { class: 'nav-count' }, String(unread), h('span', { class: 'visually-hidden' }, ' unread')));
}

function message(main: HTMLElement, title: string, text: string, link?: readonly [string, string]): void {
  replace(main, h('h1', { tabindex: -1 }, title), h('p', null, text), link ? h('p', null, h('a', { href: link[0] }, link[1])) : null);
}

/** Draws the screen for the current location. */
export async function render(): Promise<void> {
  const main = document.getElementById('main');
  if (!main) return;
  const session = currentSession();
  const path = location.pathname;
  if (path === '/' || path === '/app' || path === '/app/') {
    navigate(session ? homeOf(session.role) : SIGN_IN, true);
    return;
  }
  const found = routes.map((c) => ({ c, m: c.pattern.exec(path) })).find((x) => x.m !== null);
  renderHeader(session);
  main.setAttribute('aria-busy', 'true');
  try {
    if (!found?.m) {
      document.title = 'Page not found · Survivor fund';
      message(main, 'Page not found', 'There is no page at this address.', session ? [homeOf(session.role), 'Go to your start page'] : [SIGN_IN, 'Sign in']);
    } else {
      const { route, names } = found.c;
      const params: Record<string, string> = {};
      names.forEach((name, i) => (params[name] = decodeURIComponent(found.m?.[i + 1] ?? '')));
      const query = new URLSearchParams(location.search);
      document.title = `${route.title} · Survivor fund`;
      if (route.roles === 'public') {
        main.replaceChildren();
        await route.renderPublic?.(main, query);
      } else if (!session) {
        navigate(`${SIGN_IN}?next=${encodeURIComponent(path)}`, true);
        return;
      } else if (!route.roles.includes(session.role)) {
        message(main, 'Not available to your role', `This page is for the ${route.roles.map((r) => label('role', r)).join(' or ')} role.`, [homeOf(session.role), 'Go to your start page']);
      } else {
        main.replaceChildren();
        await route.render({ main, params, query, session });
      }
    }
  } finally {
    main.removeAttribute('aria-busy');
  }
  // Move focus to the new page's heading so keyboard and screen reader users start there.
  if (!firstRender) main.querySelector<HTMLElement>('h1')?.focus();
  firstRender = false;
}

/** Same-origin links to /app/... are handled here, without a page load. */
export function startRouter(): void {
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const target = event.target instanceof Element ? event.target.closest('a') : null;
    if (!target || target.target || target.hasAttribute('download')) return;
    const href = target.getAttribute('href');
    if (!href || !href.startsWith('/app')) return;
    event.preventDefault();
    navigate(href);
  });
  window.addEventListener('popstate', () => void render());
  void render();
}
