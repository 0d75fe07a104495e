import { describe, expect, it } from 'vitest';
import { pacingSubject, pacingSummary, type Pacing } from './pacing.js';

const pace = (over: Partial<Pacing> = {}): Pacing => ({
  fundId: 'voca',
  budgetLineId: null,
  cadence: 'month',
  periods: [],
  toDate: { plannedCents: 150_000, committedCents: 180_000, spentCents: 90_000 },
  remainingCents: 40_000,
  recentDailyCents: 2_000,
  runsOutOn: '2027-01-05',
  planEndsOn: '2027-09-30',
  warnings: ['over_pace'],
  ...over,
});

describe('budget pacing', () => {
  it('says committed against planned to date, what is left, and that money runs out before the plan ends', () => {
    expect(pacingSummary(pace())).toBe('$1,800.00 committed of $1,500.00 planned to date (monthly plan); $400.00 left. At the recent rate the money runs out around 2027-01-05, before the plan ends on 2027-09-30.');
  });

  it('says when the money lasts past the plan, or nothing was committed lately', () => {
    expect(pacingSummary(pace({ runsOutOn: '2028-01-01', cadence: 'quarter' }))).toContain("(quarterly plan); $400.00 left. At the recent rate it lasts past the plan's end (2027-09-30).");
    expect(pacingSummary(pace({ runsOutOn: null }))).toContain('Nothing was committed in the last 90 days.');
  });

  it('names the fund, or the grant and its budget line', () => {
    expect(pacingSubject(pace(), new Map([['voca', 'VOCA subaward']]))).toBe('VOCA subaward');
    expect(pacingSubject(pace({ budgetLineId: 'housing' }))).toBe('voca, budget line housing');
  });
});
