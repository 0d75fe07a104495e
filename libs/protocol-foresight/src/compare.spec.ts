import type { FundFigures } from '@fund/funds';
import { compareMoney, compareOutcomes, compareRefusals, compareRunway, shownCount } from './compare';
import type { MonthFigures, Refusal, RequestOutcome, WorldResult } from './replay';

const THRESHOLD = 6;

/** A world built from plain facts: `statuses` lists how each request ended. */
function world(facts: {
  statuses?: readonly RequestOutcome['status'][];
  refusals?: readonly (Refusal & { requests: number })[];
  money?: Record<string, Record<string, Partial<MonthFigures>>>;
  available?: Record<string, number>;
}): WorldResult {
  const outcomes = new Map((facts.statuses ?? []).map((status, i) => [`r${i}`, { status, approvedCents: null, fundId: null, disbursedCents: 0 }] as const));
  const money = new Map(
    Object.entries(facts.money ?? {}).map(([fundId, months]) => [
      fundId,
      new Map(Object.entries(months).map(([m, f]) => [m, { committedCents: 0, approvals: 0, releasedCents: 0, disbursedCents: 0, ...f }] as const)),
    ]),
  );
  const funds = new Map(
    Object.entries(facts.available ?? {}).map(([fundId, availableCents]): [string, FundFigures] => [
      fundId,
      { receivedCents: 0, disbursedCents: 0, reservedCents: 0, balanceCents: availableCents, availableCents },
    ]),
  );
  return {
    outcomes,
    refusals: new Map((facts.refusals ?? []).map((r) => [`${r.stage} ${r.code}`, r])),
    neededMoreVotes: 0,
    approvedWithFewerVotes: 0,
    referencesAtCap: 0,
    money,
    funds,
  };
}

const times = <const T>(n: number, value: T): T[] => Array.from({ length: n }, () => value);

describe('comparing history with the draft', () => {
  describe('a single count about survivors', () => {
    it('is hidden from 1 to threshold-1, shown at zero and at the threshold', () => {
      expect(shownCount(0, THRESHOLD)).toEqual({ count: 0, suppressed: false });
      expect(shownCount(1, THRESHOLD)).toEqual({ count: null, suppressed: true });
      expect(shownCount(5, THRESHOLD)).toEqual({ count: null, suppressed: true });
      expect(shownCount(6, THRESHOLD)).toEqual({ count: 6, suppressed: false });
    });
  });

  describe('outcomes', () => {
    it('given 20 approvals in history and 12 approved, 8 refused under the draft, then both columns and the total are shown', () => {
      const happened = world({ statuses: times(20, 'approved') });
      const draft = world({ statuses: [...times(12, 'disbursed'), ...times(8, 'none')] });
      const { rows, requests } = compareOutcomes(happened, draft, THRESHOLD);
      expect(requests).toEqual({ count: 20, suppressed: false });
      expect(rows.find((r) => r.outcome === 'approved')).toEqual({ outcome: 'approved', happened: { count: 20, suppressed: false }, draft: { count: 12, suppressed: false } });
      expect(rows.find((r) => r.outcome === 'refused')).toEqual({ outcome: 'refused', happened: { count: 0, suppressed: false }, draft: { count: 8, suppressed: false } });
    });

    it('given 3 requests the draft leaves undecided, then that cell is hidden and so is a complement, so the 3 cannot be worked out from the total', () => {
      const happened = world({ statuses: times(30, 'approved') });
      const draft = world({ statuses: [...times(27, 'approved'), ...times(3, 'submitted')] });
      const { rows } = compareOutcomes(happened, draft, THRESHOLD);
      const undecided = rows.find((r) => r.outcome === 'undecided')!;
      expect(undecided.draft).toEqual({ count: null, suppressed: true });
      const hiddenInDraftColumn = rows.filter((r) => r.draft.suppressed).length;
      expect(hiddenInDraftColumn).toBeGreaterThanOrEqual(2);
    });
  });

  describe('refusals', () => {
    it('given refusals by two rules, then each is shown by stage and code, the small one hidden', () => {
      const draft = world({
        refusals: [
          { stage: 'submission', code: 'FUND_REQUEST.OVER_REQUEST_CAP', requests: 40 },
          { stage: 'approval', code: 'FUND_REQUEST.OVER_SURVIVOR_12_MONTH_CAP', requests: 2 },
          { stage: 'submission', code: 'FUND_REQUEST.RECEIPTS_OVERDUE', requests: 9 },
        ],
      });
      const rows = compareRefusals(draft, THRESHOLD);
      expect(rows.map((r) => `${r.stage} ${r.code}`)).toEqual([
        'approval FUND_REQUEST.OVER_SURVIVOR_12_MONTH_CAP',
        'submission FUND_REQUEST.OVER_REQUEST_CAP',
        'submission FUND_REQUEST.RECEIPTS_OVERDUE',
      ]);
      expect(rows[0]!.requests).toEqual({ count: null, suppressed: true });
      // The complement is the smaller of the others, so 2 cannot be recovered from the total.
      expect(rows[2]!.requests).toEqual({ count: null, suppressed: true });
      expect(rows[1]!.requests).toEqual({ count: 40, suppressed: false });
    });

    it('given no refusals, then there are no rows', () => {
      expect(compareRefusals(world({}), THRESHOLD)).toEqual([]);
    });
  });

  describe('money committed per fund and month', () => {
    it('shows an amount only where enough approvals stand behind it', () => {
      const happened = world({
        money: { general: { '2026-01': { committedCents: 400_000, approvals: 20 }, '2026-02': { committedCents: 300_000, approvals: 12 } } },
      });
      const draft = world({
        money: { general: { '2026-01': { committedCents: 250_000, approvals: 14 }, '2026-02': { committedCents: 30_000, approvals: 2 } } },
      });
      const rows = compareMoney(happened, draft, THRESHOLD);
      expect(rows.map((r) => r.month)).toEqual(['2026-01', '2026-02']);
      expect(rows[0]!.happened).toEqual({ amountCents: 400_000, suppressed: false });
      expect(rows[0]!.draft.suppressed).toBe(true);
      expect(rows[1]!.draft).toEqual({ amountCents: null, suppressed: true });
      expect(rows[1]!.happened).toEqual({ amountCents: 300_000, suppressed: false });
    });

    it('lists a month that only one world has, with zero in the other', () => {
      const happened = world({ money: { general: { '2026-03': { committedCents: 100_000, approvals: 10 } } } });
      const draft = world({ money: { general: { '2026-03': { committedCents: 0, approvals: 0 } } } });
      const rows = compareMoney(happened, draft, THRESHOLD);
      expect(rows).toEqual([{ fundId: 'general', month: '2026-03', happened: { amountCents: 100_000, suppressed: false }, draft: { amountCents: 0, suppressed: false } }]);
    });
  });

  describe('runway', () => {
    it('given a year, $12,000 left and $1,000 committed net a month, then 12 months; with half the commitments, the money lasts twice as long', () => {
      const window = { from: new Date('2025-10-01T00:00:00Z'), to: new Date('2026-10-01T00:00:00Z') };
      const months = (cents: number) => Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`m${i}`, { committedCents: cents, releasedCents: 0 }]));
      const happened = world({ money: { general: months(100_000) }, available: { general: 1_200_000 } });
      const draft = world({ money: { general: months(50_000) }, available: { general: 1_200_000 } });
      const [row] = compareRunway(happened, draft, window);
      expect(row!.fundId).toBe('general');
      expect(row!.happened.monthlyCommittedCents).toBe(100_000);
      expect(row!.happened.runwayMonths).toBe(12);
      expect(row!.draft.runwayMonths).toBe(24);
    });

    it('given a fund nothing was committed from, then its runway is not a number of months', () => {
      const window = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };
      const [row] = compareRunway(world({ available: { reserve: 500_000 } }), world({ available: { reserve: 500_000 } }), window);
      expect(row!.happened).toEqual({ availableCents: 500_000, monthlyCommittedCents: 0, runwayMonths: null });
    });
  });
});
