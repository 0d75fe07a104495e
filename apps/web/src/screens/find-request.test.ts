import { afterEach, describe, expect, it, vi } from 'vitest';
import { requestFinder } from './find-request.js';

const item = (requestId: string) => ({
  requestId,
  version: 1,
  organizationId: 'org-a',
  status: 'submitted',
  category: 'groceries',
  amountCents: 4_000,
  approvedCents: null,
  disbursedCents: 0,
  remainingToPayCents: null,
  fundId: null,
  paymentMethod: 'vendor_payment',
  urgency: 'standard',
  neededBy: '2099-01-01',
  expedited: false,
  ratified: null,
  openQuestion: null,
  votes: { approvals: 0, denials: 0, recusals: 0 },
  submittedAt: '2026-12-01T10:00:00.000Z',
  decidedAt: null,
});

/** The api's answer to the search, and what was asked. */
function answering(items: readonly unknown[]): string[] {
  const asked: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((path: string) => {
      asked.push(path);
      return Promise.resolve(new Response(JSON.stringify({ items }), { status: 200, headers: { 'Content-Type': 'application/json' } }));
    }),
  );
  return asked;
}

async function find(typed: string, open: (id: string) => void, byReference = false): Promise<HTMLFormElement> {
  const form = requestFinder(open, undefined, byReference);
  document.body.replaceChildren(form);
  form.querySelector('input')!.value = typed;
  form.requestSubmit();
  await vi.waitFor(() => expect(form.querySelector('button')!.disabled).toBe(false));
  return form;
}

describe('requestFinder', () => {
  afterEach(() => document.body.replaceChildren());

  it('opens the one request whose id starts with the 8 characters typed (any case)', async () => {
    const asked = answering([item('578b667d-751d-436e-9dc9-9ce67c1cbd4a')]);
    const opened: string[] = [];
    await find(' 578B667D ', (id) => opened.push(id));
    expect(asked).toEqual(['/queues/requests?id=578b667d&limit=11']);
    expect(opened).toEqual(['578b667d-751d-436e-9dc9-9ce67c1cbd4a']);
  });

  it('lists every match to choose from when several ids start the same way, and opens none', async () => {
    answering([item('578b667d-751d-436e-9dc9-9ce67c1cbd4a'), item('578b667d-0000-4000-8000-000000000001')]);
    const opened: string[] = [];
    const form = await find('578b667d', (id) => opened.push(id));
    expect(opened).toEqual([]);
    const result = form.querySelector('.form-result')!;
    expect(result.classList.contains('notice')).toBe(true);
    expect(result.querySelector('.result-title')!.textContent).toBe('2 requests have an id starting with 578b667d. Choose one:');
    expect([...result.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['/app/requests/578b667d-751d-436e-9dc9-9ce67c1cbd4a', '/app/requests/578b667d-0000-4000-8000-000000000001']);
    expect(document.activeElement).toBe(result);
  });

  it('says next to the field when no request the reader may see matches', async () => {
    answering([]);
    const form = await find('0123abcd', () => undefined);
    const input = form.querySelector('input')!;
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(form.querySelector('.field-error')!.textContent).toBe('No request you can see has an id starting with 0123abcd.');
    expect(form.querySelector('.result-title')!.textContent).toBe('Not opened: No request you can see has an id starting with 0123abcd.');
  });

  it('asks for at least 8 characters of an id before asking the api', async () => {
    const asked = answering([]);
    for (const typed of ['578b66', 'SR-7KQ4-M2XP', '578b667z']) {
      const form = await find(typed, () => undefined);
      expect(form.querySelector('.field-error')!.textContent).toMatch(/^Enter at least the first 8 characters/);
    }
    expect(asked).toEqual([]);
  });

  it("an advocate's finder takes a survivor reference: their organization's requests for it, listed newest first", async () => {
    const asked = answering([item('578b667d-751d-436e-9dc9-9ce67c1cbd4a'), item('0123abcd-0000-4000-8000-000000000001')]);
    const opened: string[] = [];
    const form = await find(' sr-7kq4-m2xp-9d3h ', (id) => opened.push(id), true);
    expect(asked).toEqual(['/queues/my-requests?reference=SR-7KQ4-M2XP-9D3H&limit=11']);
    expect(opened).toEqual([]);
    expect(form.querySelector('.result-title')!.textContent).toBe('2 requests are for SR-7KQ4-M2XP-9D3H, newest first. Choose one:');
    expect(form.querySelector('label')!.textContent).toMatch(/^Request id or survivor reference/);
  });

  it('says next to the field when no request of the organization has that reference, or when it is not one', async () => {
    const asked = answering([]);
    let form = await find('SR-7KQ4-M2XP-9D3H', () => undefined, true);
    expect(form.querySelector('.field-error')!.textContent).toBe('No request of your organization is for survivor reference SR-7KQ4-M2XP-9D3H.');
    form = await find('SR-7KQ4-M2XP', () => undefined, true);
    expect(form.querySelector('.field-error')!.textContent).toMatch(/^A survivor reference looks like SR-7KQ4-M2XP-9D3H/);
    expect(asked).toHaveLength(1);
  });
});
