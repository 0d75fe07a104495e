import { describe, expect, it, vi } from 'vitest';
import { approvalFundNote } from './approval-fund.js';

const funds = [
  { fundId: 'general', name: 'General donations' },
  { fundId: 'voca-2026', name: 'VOCA emergency assistance grant 2026' },
] as never[];

function answering(status: number, body: unknown): string[] {
  const asked: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((path: string) => {
      asked.push(path);
      return Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));
    }),
  );
  return asked;
}

describe('approval fund note on a council card', () => {
  it('names the fund an approval would draw from, by its name, and the rule that chose it', async () => {
    const asked = answering(200, { fundId: 'voca-2026', choice: 'restricted_ending_first', decided: false, amountCents: 30_000 });
    const note = approvalFundNote('r-1', funds);
    document.body.append(note);
    await vi.waitFor(() => expect(note.textContent).toContain('VOCA emergency assistance grant 2026'));
    expect(note.textContent).toBe('An approval now draws from: VOCA emergency assistance grant 2026 (the restricted grant that allows it and ends first), unless you choose a fund.');
    expect(asked[0]).toContain('/fund-requests/r-1/approval-fund');
  });

  it('says general money, and why, when no grant allows the request', async () => {
    answering(200, { fundId: 'general', choice: 'protocol_default', decided: false, amountCents: 30_000 });
    const note = approvalFundNote('r-2', funds);
    await vi.waitFor(() => expect(note.textContent).toContain('General donations'));
    expect(note.textContent).toContain('general money: no restricted grant allows it or has room');
  });

  it('says nothing rather than something wrong when the api cannot answer', async () => {
    answering(404, { code: 'FUND_REQUEST.NOT_FOUND', message: 'No such fund request' });
    const note = approvalFundNote('r-3', funds);
    document.body.append(note);
    await vi.waitFor(() => expect(note.isConnected).toBe(false));
  });
});
