import { openEventStore, type EventStore, type OpenedEventStore, type RecordedEvent } from '@fund/event-sourcing';
import type { FundRequestEvent } from '@fund/fund-requests';
import { DEMO_PROTOCOL_RULES, type ProtocolRules } from '@fund/protocols';
import { generateHistory } from '../../../bench/lib/fund-history';
import { summarize } from './compare';
import { replayStore } from './read-history';
import type { ReplayWindow } from './replay';

/**
 * The replay against a generated history on the embedded store: the generator decides every
 * request with the real deciders under the bootstrapped version `2026-1` (the demo rules).
 */
describe('what-if replay of recorded history (embedded store)', () => {
  let opened: OpenedEventStore;
  let store: EventStore;
  let log: RecordedEvent[];
  const period: ReplayWindow = { from: new Date('2025-10-01T00:00:00Z'), to: new Date('2026-10-01T00:00:00Z') };
  const inForce = { version: '2026-1', rules: DEMO_PROTOCOL_RULES };

  beforeAll(async () => {
    opened = await openEventStore({ kind: 'pglite' });
    store = opened.store;
    await generateHistory(store, { events: 2_500, days: 120, concurrency: 4 });
    log = await store.readAll({ limit: 1_000_000 });
  }, 300_000);

  afterAll(async () => opened?.store.close());

  const submissions = () => log.filter((e): e is RecordedEvent & Extract<FundRequestEvent, { type: 'FundRequestSubmitted' }> => e.type === 'FundRequestSubmitted');
  const eventsOf = (requestId: string) => log.filter((e) => e.streamId === `fund-request-${requestId}`);

  it('given the protocol in force over its own period, when replayed, then every request ends as it did, with the same amounts, funds and money per month', async () => {
    const result = await replayStore(store, { window: period, draft: inForce }, 500);

    expect(result.requests).toBe(submissions().length);
    expect(result.requests).toBeGreaterThan(100);
    expect(result.draft.outcomes).toEqual(result.happened.outcomes);
    expect([...result.happened.outcomes.values()].filter((o) => o.approvedCents !== null).length).toBeGreaterThan(50);
    expect(result.draft.money).toEqual(result.happened.money);
    expect(result.draft.funds).toEqual(result.happened.funds);
    expect(result.draft.referencesAtCap).toBe(result.happened.referencesAtCap);
    expect([...result.draft.refusals.values()]).toEqual([]);
    expect(result.draft.neededMoreVotes).toBe(0);
    expect(result.draft.approvedWithFewerVotes).toBe(0);
  });

  it('never writes to the store', async () => {
    const before = await store.headPosition();
    await replayStore(store, { window: period, draft: { version: 'draft', rules: { ...DEMO_PROTOCOL_RULES, capPerRequestCents: 5_000 } } });
    expect(await store.headPosition()).toEqual(before);
  });

  it('given a lower cap per request, then exactly the requests above it are refused at submission, by that rule', async () => {
    const cap = 20_000;
    const result = await replayStore(store, { window: period, draft: { version: 'draft', rules: { ...DEMO_PROTOCOL_RULES, capPerRequestCents: cap } } });
    const above = submissions().filter((e) => e.data.amountCents > cap).length;
    expect(above).toBeGreaterThan(10);
    expect([...result.draft.refusals.values()].find((r) => r.code === 'FUND_REQUEST.OVER_REQUEST_CAP')).toEqual({ stage: 'submission', code: 'FUND_REQUEST.OVER_REQUEST_CAP', requests: above });
    expect([...result.draft.outcomes.values()].filter((o) => o.status === 'none').length).toBeGreaterThanOrEqual(above);
  });

  it('given three approvals above $250, then the requests approved above $250 with fewer approvals are counted as needing more votes, and are never approved', async () => {
    const rules: ProtocolRules = { ...DEMO_PROTOCOL_RULES, approvalTiers: [{ upToCents: 25_000, approvalsRequired: 1 }, { upToCents: null, approvalsRequired: 3 }] };
    const result = await replayStore(store, { window: period, draft: { version: 'draft', rules } });
    // Worked out from the events alone: approved, not expedited, above $250, with fewer than three approving votes.
    const expected = submissions().filter((s) => {
      const events = eventsOf(s.data.requestId);
      const approved = events.find((e) => e.type === 'FundRequestApproved') as (RecordedEvent & Extract<FundRequestEvent, { type: 'FundRequestApproved' }>) | undefined;
      return approved !== undefined && !approved.data.expedited && s.data.amountCents > 25_000 && approved.data.approverIds.length < 3;
    });
    expect(expected.length).toBeGreaterThan(5);
    expect(result.draft.neededMoreVotes).toBe(expected.length);
    for (const s of expected) expect(result.draft.outcomes.get(s.data.requestId)).toMatchObject({ approvedCents: null, disbursedCents: 0 });
  });

  it('given a window of the last month only, then only the requests submitted in it are re-decided', async () => {
    // The latest submission in time: the log's order is the order of commits, not of clocks.
    const lastDay = new Date(Math.max(...submissions().map((s) => Date.parse(s.data.submittedAt))));
    const window = { from: new Date(lastDay.getTime() - 30 * 24 * 3600 * 1000), to: new Date(lastDay.getTime() + 1) };
    const result = await replayStore(store, { window, draft: inForce });
    const inWindow = submissions().filter((s) => Date.parse(s.data.submittedAt) >= window.from.getTime()).length;
    expect(result.requests).toBe(inWindow);
    expect(result.requests).toBeLessThan(submissions().length);
    expect(result.draft.outcomes).toEqual(result.happened.outcomes);
  });

  it('summarizes for the council with every count about survivors through suppression, and no survivor reference anywhere', async () => {
    const result = await replayStore(store, { window: period, draft: { version: 'draft', rules: { ...DEMO_PROTOCOL_RULES, capPerSurvivorPer12MonthsCents: 50_000 } } });
    const summary = summarize(result, { threshold: 6, currentRules: DEMO_PROTOCOL_RULES, draftRules: DEMO_PROTOCOL_RULES });
    const text = JSON.stringify(summary);
    for (const s of submissions()) expect(text).not.toContain(s.data.survivorReference);
    const counts = [summary.requests, summary.neededMoreVotes, summary.referencesAtCap.draft, ...summary.refusals.map((r) => r.requests), ...summary.outcomes.flatMap((o) => [o.happened, o.draft])];
    for (const c of counts) expect(c.count === null || c.count === 0 || c.count >= 6).toBe(true);
    expect(result.draft.referencesAtCap).toBeGreaterThan(result.happened.referencesAtCap);
  });
});
