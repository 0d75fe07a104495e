import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../session.js';
import { renderNotifications } from './notifications.js';

const json = (body: unknown): Response => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

/** A fake api answering by path, recording what was posted. */
function fakeApi(answers: Record<string, unknown>): { path: string; body: unknown }[] {
  const posted: { path: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((path: string, init: RequestInit) => {
      if ((init.method ?? 'GET') === 'POST') posted.push({ path, body: init.body ? JSON.parse(String(init.body)) : undefined });
      const key = Object.keys(answers).find((k) => path.startsWith(k));
      return Promise.resolve(json(key ? answers[key] : {}));
    }),
  );
  return posted;
}

const session = (role: Session['role']): Session => ({ token: 't', role, organizationId: 'org-b', userId: 'member-b', expiresAt: null });
const page = {
  unread: 1,
  items: [
    { messageId: 'a'.repeat(32), kind: 'vote-requested', text: 'A request awaits your vote.', link: '/app/requests/r-1', createdAt: '2026-12-07T10:00:00.000Z', read: false },
    { messageId: 'b'.repeat(32), kind: 'protocol-vote-requested', text: 'A protocol proposal awaits your vote.', link: '/app/protocols', createdAt: '2026-12-06T10:00:00.000Z', read: true },
  ],
};
const preferences = {
  items: [
    { kind: 'vote-requested', delivery: 'immediate' },
    { kind: 'request-approved', delivery: 'immediate' },
    { kind: 'protocol-vote-requested', delivery: 'digest' },
  ],
};

describe('notifications screen', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists notifications with the unread count and links, and each kind with its email choice', async () => {
    fakeApi({ '/notifications/preferences': preferences, '/notifications': page });
    const main = document.createElement('main');
    await renderNotifications({ main, params: {}, query: new URLSearchParams(), session: session('council') });
    expect(main.querySelector('h2')?.textContent).toBe('Unread: 1');
    const links = [...main.querySelectorAll('ul.notifications a')].map((a) => [a.textContent, a.getAttribute('href')]);
    expect(links).toEqual([
      ['A request awaits your vote.', '/app/requests/r-1'],
      ['A protocol proposal awaits your vote.', '/app/protocols'],
    ]);
    expect([...main.querySelectorAll('select')].map((s) => (s as HTMLSelectElement).value)).toEqual(['immediate', 'digest']);
    expect(main.textContent).not.toContain('could not be sent');
  });

  it('offers only the kinds the role is sent, and says so when there are none', async () => {
    fakeApi({ '/notifications/preferences': preferences, '/notifications': page });
    const provider = document.createElement('main');
    await renderNotifications({ main: provider, params: {}, query: new URLSearchParams(), session: session('provider') });
    expect([...provider.querySelectorAll('select')].map((s) => s.id)).toEqual(['nt-request-approved']);
    const auditor = document.createElement('main');
    await renderNotifications({ main: auditor, params: {}, query: new URLSearchParams(), session: session('auditor') });
    expect(auditor.querySelectorAll('select')).toHaveLength(0);
    expect(auditor.textContent).toContain('Nothing is sent to the Auditor role, by email or in this list.');
  });

  it('saves a changed email choice for its kind', async () => {
    const posted = fakeApi({ '/notifications/preferences': preferences, '/notifications': page });
    const main = document.createElement('main');
    await renderNotifications({ main, params: {}, query: new URLSearchParams(), session: session('council') });
    const select = main.querySelector<HTMLSelectElement>('#nt-vote-requested')!;
    select.value = 'off';
    select.dispatchEvent(new Event('change'));
    await vi.waitFor(() => expect(posted).toContainEqual({ path: expect.stringMatching(/\/notifications\/preferences$/), body: { kind: 'vote-requested', delivery: 'off' } }));
  });
});
