import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, BEHIND, BEHIND_ATTEMPTS, get, IdempotentRetry, post, query } from './api.js';
import { comparePositions, noteWritten, parsePosition, writtenPosition } from './consistency.js';
import { saveSession, signOut, type Session } from './session.js';

interface Call {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
}

/** A fake api: answers each call with the next of `answers` and records what was asked. */
function fakeApi(...answers: (Response | 'offline')[]): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((path: string, init: RequestInit) => {
      calls.push({ method: init.method ?? 'GET', path, headers: { ...(init.headers as Record<string, string>) } });
      const answer = answers.shift();
      return answer && answer !== 'offline' ? Promise.resolve(answer) : Promise.reject(new TypeError('Failed to fetch'));
    }),
  );
  return calls;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

const behind = (): Response =>
  json(503, { statusCode: 503, code: BEHIND, message: 'This view has not caught up with your last change yet (request-views: 3 events behind); retry in a moment', details: { readModels: ['request-views'], position: '12.7', eventsBehind: 3 } }, { 'Retry-After': '1' });

/** Runs `work` with the pauses between retries skipped. */
async function withoutPauses<T>(work: Promise<T>): Promise<T> {
  const settled = work.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.runAllTimersAsync();
  const outcome = await settled;
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

// A token with the claims the app reads (its signature is the api's business).
const part = (o: object): string => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const TOKEN = `${part({ alg: 'ES256' })}.${part({ sub: 'adv-portland', role: 'provider', org: 'ssac-portland', exp: 4_102_444_800 })}.c2ln`;
const SESSION: Session = { token: TOKEN, role: 'provider', organizationId: 'ssac-portland', userId: 'adv-portland', expiresAt: null };

beforeEach(() => {
  sessionStorage.clear();
  vi.useFakeTimers({ toFake: ['setTimeout'] });
});
afterEach(() => vi.useRealTimers());

describe('consistency tokens', () => {
  it('reads a token as two integers and compares commit first, then prepare', () => {
    expect(parsePosition('7410.2261')).toEqual({ commit: 7410, prepare: 2261 });
    for (const bad of ['', '7410', '7410.', '01.2', '1.2.3', '-1.2', 'a.b', null, undefined]) expect(parsePosition(bad)).toBeNull();
    const order = ['9.100', '10.2', '10.11', '100.0'].map((t) => parsePosition(t)!);
    for (let i = 1; i < order.length; i++) expect(comparePositions(order[i - 1]!, order[i]!)).toBeLessThan(0);
    expect(comparePositions(order[1]!, order[1]!)).toBe(0);
  });

  it('keeps the latest position written, whatever order the answers came in', () => {
    noteWritten('10.11');
    noteWritten('10.2'); // earlier: as a string it would sort after 10.11
    noteWritten('not a token');
    expect(writtenPosition()).toBe('10.11');
    noteWritten('11.0');
    expect(writtenPosition()).toBe('11.0');
  });

  it('remembers what each command wrote and sends it with every read', async () => {
    const calls = fakeApi(json(200, { items: [] }), json(201, { requestId: 'r-1', position: '7410.2261' }, { 'X-Position': '7410.2261' }), json(200, { items: [] }));
    expect(await get('/queues/my-requests')).toEqual({ items: [] });
    await post('/fund-requests', { amountCents: 100 });
    await get('/queues/my-requests');
    expect(calls.map((c) => [c.method, c.headers['X-Min-Position']])).toEqual([
      ['GET', undefined],
      ['POST', undefined],
      ['GET', '7410.2261'],
    ]);
    // Kept for this tab: a reload still reads its own writes.
    expect(sessionStorage.getItem('survivor-fund.position')).toBe('7410.2261');
  });

  it('forgets it on sign-out and on a new sign-in', () => {
    noteWritten('5.5');
    signOut();
    expect(writtenPosition()).toBeNull();
    noteWritten('6.6');
    saveSession(SESSION);
    expect(writtenPosition()).toBeNull();
    expect(sessionStorage.getItem('survivor-fund.token')).toBe(TOKEN);
  });

  it('asks a view that is behind again, after a short pause, and shows what it answers then', async () => {
    noteWritten('12.7');
    const calls = fakeApi(behind(), json(200, { items: [{ requestId: 'r-1' }] }));
    expect(await withoutPauses(get('/queues/my-requests'))).toEqual({ items: [{ requestId: 'r-1' }] });
    expect(calls).toHaveLength(2);
    expect(calls.every((c) => c.headers['X-Min-Position'] === '12.7')).toBe(true);
  });

  it('after a few tries says the view is still catching up, in the api’s words, rather than show a stale list', async () => {
    noteWritten('12.7');
    const calls = fakeApi(...Array.from({ length: BEHIND_ATTEMPTS + 1 }, behind));
    const error = await withoutPauses(get('/queues/my-requests')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, code: BEHIND, message: expect.stringMatching(/has not caught up with your last change/) });
    expect(calls).toHaveLength(BEHIND_ATTEMPTS);
  });

  it('does not retry other refusals', async () => {
    const calls = fakeApi(json(503, { statusCode: 503, code: 'STORE.UNAVAILABLE', message: 'The store is unavailable' }));
    await expect(get('/queues/my-requests')).rejects.toMatchObject({ code: 'STORE.UNAVAILABLE' });
    expect(calls).toHaveLength(1);
  });
});

describe('api errors', () => {
  it('names each field the api names: validation errors, broken protocol rules, or one field', () => {
    expect(new ApiError(400, 'VALIDATION.FAILED', 'x', { errors: [{ field: 'amountCents', message: 'Too much' }, { nope: 1 }] }).fieldErrors).toEqual([{ field: 'amountCents', message: 'Too much' }]);
    expect(new ApiError(422, 'PROTOCOL.INVALID_RULES', 'x', { problems: [{ field: 'rules.capPerRequestCents', rule: 'min' }, { field: 'rules.x', rule: 'brandNew' }] }).fieldErrors).toEqual([
      { field: 'rules.capPerRequestCents', message: 'This is too small.' },
      { field: 'rules.x', message: 'This breaks the rule “brandNew”.' },
    ]);
    expect(new ApiError(422, 'FUND_REQUEST.OVER_CAP', 'Over the cap', { field: 'amountCents' }).fieldErrors).toEqual([{ field: 'amountCents', message: 'Over the cap' }]);
    expect(new ApiError(409, 'X', 'y').fieldErrors).toEqual([]);
  });

  it('says a network failure plainly, and that nothing typed was lost', async () => {
    fakeApi();
    await expect(get('/queues/my-requests')).rejects.toMatchObject({ status: 0, code: 'NETWORK', message: expect.stringMatching(/Nothing you typed was lost/) });
  });

  it('tells a signed-out user to sign in again', async () => {
    fakeApi(json(401, { statusCode: 401, code: 'AUTH.EXPIRED_TOKEN', message: 'The token has expired' }));
    await expect(get('/queues/my-requests')).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/^The token has expired\. Your sign-in is missing or has expired/) });
  });
});

describe('commands', () => {
  it('carry an Idempotency-Key that is reused only to retry the same body after a network failure', async () => {
    const retry = new IdempotentRetry();
    const calls = fakeApi('offline', json(200, { status: 'closed' }), json(200, { status: 'closed' }));
    await expect(post('/fund-requests/r-1/closure', {}, retry)).rejects.toMatchObject({ code: 'NETWORK' });
    await post('/fund-requests/r-1/closure', {}, retry);
    await post('/fund-requests/r-1/closure', {}, retry);
    const keys = calls.map((c) => c.headers['Idempotency-Key']);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[1]);
  });

  it('a different body gets a new key', () => {
    const retry = new IdempotentRetry();
    expect(retry.keyFor('/p', { a: 1 })).toBe(retry.keyFor('/p', { a: 1 }));
    expect(retry.keyFor('/p', { a: 2 })).not.toBe(retry.keyFor('/p', { a: 1 }));
  });
});

describe('query', () => {
  it('keeps the filled-in values only', () => {
    expect(query({ status: 'submitted', limit: 21, offset: 0, fundId: '', account: undefined, after: null })).toBe('?status=submitted&limit=21&offset=0');
    expect(query({})).toBe('');
  });
});
