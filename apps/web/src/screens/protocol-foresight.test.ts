import { describe, expect, it, vi } from 'vitest';
import { foresightPanel } from './protocol-foresight.js';

const shown = (count: number) => ({ count, suppressed: false });
const hidden = { count: null, suppressed: true };
const side = (availableCents: number, runwayMonths: number | null) => ({ availableCents, monthlyCommittedCents: 100_000, runwayMonths });

const answer = {
  version: '2027-1',
  inForce: '2026-1',
  window: { from: '2025-12-08', to: '2026-12-07' },
  inputsHash: 'b'.repeat(64),
  throughPosition: 812,
  eventsRead: 812,
  threshold: 6,
  requests: shown(120),
  outcomes: [{ outcome: 'approved', happened: shown(90), draft: shown(70) }],
  refusals: [
    { stage: 'submission', code: 'FUND_REQUEST.OVER_REQUEST_CAP', requests: shown(20) },
    { stage: 'approval', code: 'FUND_REQUEST.OVER_SURVIVOR_12_MONTH_CAP', requests: hidden },
  ],
  neededMoreVotes: shown(9),
  approvedWithFewerVotes: shown(0),
  referencesAtCap: { happened: shown(0), draft: hidden },
  money: [{ fundId: 'general', month: '2026-01', happened: { amountCents: 400_000, suppressed: false }, draft: { amountCents: null, suppressed: true } }],
  runway: [{ fundId: 'general', happened: side(1_200_000, 12), draft: side(1_500_000, null) }],
  limits: ['Requests the rules refused at the time were never recorded.'],
};

function answering(body: unknown, status = 200): string[] {
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

describe('protocol foresight panel', () => {
  it('asks for the replay of this version, says hidden counts are hidden, and the vote then names the replay shown', async () => {
    const asked = answering(answer);
    const panel = foresightPanel('2027-1');
    expect(panel.voteFields()).toEqual({});
    await vi.waitFor(() => expect(panel.element.textContent).toContain('Requests this version would have refused'));
    expect(asked[0]).toContain('/protocols/2027-1/foresight');
    const text = panel.element.textContent ?? '';
    expect(text).toContain('above the cap per request');
    expect(text).toContain('above the 12-month cap per survivor reference');
    expect(text).toContain('hidden (small number)');
    expect(text).toContain('Approved requests that would have needed more council votes: 9');
    expect(text).toContain('$4,000.00');
    expect(text).toContain('nothing committed');
    expect(panel.voteFields()).toEqual({ foresight: { window: answer.window, inputsHash: answer.inputsHash } });
  });

  it('says plainly when the replay could not be made, and the vote then names none', async () => {
    answering({ code: 'PROTOCOL.NOT_FOUND', message: 'There is no protocol with this version' }, 404);
    const panel = foresightPanel('2099-9');
    await vi.waitFor(() => expect(panel.element.textContent).toContain('Could not load this.'));
    expect(panel.voteFields()).toEqual({});
  });
});
