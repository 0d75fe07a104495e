import { deciderSpec } from '@fund/event-sourcing/testing';
import { assertWithinTwelveMonthCap, committedInWindow, survivorReferenceDecider, windowStart, type CommitSupport } from './survivor-reference.decider';
import type { SurvivorReferenceEvent } from './survivor-reference.events';

const spec = deciderSpec(survivorReferenceDecider);
const REF = 'SR-AAAA-BBBB-CCCC';
const issued: SurvivorReferenceEvent = { type: 'SurvivorReferenceIssued', data: { reference: REF, organizationId: 'org-a' } };
const committed = (requestId: string, amountCents: number, committedOn: string): SurvivorReferenceEvent => ({
  type: 'SupportCommitted',
  data: { requestId, amountCents, committedOn },
});
const commit = (amountCents: number, now: string, capPer12MonthsCents = 150_000): CommitSupport => ({
  type: 'CommitSupport',
  data: { requestId: 'r-new', amountCents, now: new Date(now), capPer12MonthsCents },
});

describe('survivor reference decider', () => {
  it('issues a reference once, to one organization', () => {
    spec.given([]).when({ type: 'IssueReference', data: { reference: REF, organizationId: 'org-a' } }).then(issued);
    spec.given([issued]).when({ type: 'IssueReference', data: { reference: REF, organizationId: 'org-b' } }).thenThrows('SURVIVOR.REFERENCE_EXISTS');
  });

  describe('committing support against the 12-month cap', () => {
    it('commits support on the UTC day of the decision', () => {
      spec.given([issued]).when(commit(40_000, '2026-11-02T23:30:00Z')).then(committed('r-new', 40_000, '2026-11-02'));
    });

    it('refuses support above what remains of the cap, saying what remains', () => {
      spec
        .given([issued, committed('r-1', 120_000, '2026-06-01')])
        .when(commit(30_001, '2026-11-02T10:00:00Z'))
        .thenThrows('FUND_REQUEST.OVER_SURVIVOR_12_MONTH_CAP', { capCents: 150_000, committedCents: 120_000, remainingCents: 30_000, requestedCents: 30_001 });
      expect(spec.given([issued, committed('r-1', 120_000, '2026-06-01')]).when(commit(30_000, '2026-11-02T10:00:00Z')).thenEvents()).toHaveLength(1);
    });

    it('counts a commitment for 365 days: made 364 days ago it counts, 365 days ago it has left the window', () => {
      const history = [issued, committed('r-1', 150_000, '2025-11-03')];
      // 2025-11-03 + 364 days = 2026-11-02: still inside the window, the cap is used up.
      spec.given(history).when(commit(1, '2026-11-02T23:59:59Z')).thenThrows('FUND_REQUEST.OVER_SURVIVOR_12_MONTH_CAP', { committedCents: 150_000 });
      // The next day the commitment is 365 days old and no longer counts.
      spec.given(history).when(commit(150_000, '2026-11-03T00:00:00Z')).then(committed('r-new', 150_000, '2026-11-03'));
    });

    it('counts the window over a leap day in days, not calendar months', () => {
      expect(windowStart(new Date('2028-03-01T12:00:00Z'))).toBe('2027-03-02');
      expect(windowStart(new Date('2026-11-02T00:00:00Z'))).toBe('2025-11-02');
    });

    it('stops counting what was released', () => {
      const released: SurvivorReferenceEvent = { type: 'SupportReleased', data: { requestId: 'r-1', amountCents: 50_000 } };
      const { state } = spec.given([issued, committed('r-1', 150_000, '2026-10-01'), released]);
      expect(committedInWindow(state, new Date('2026-11-02T00:00:00Z'))).toBe(100_000);
      spec.given([issued, committed('r-1', 150_000, '2026-10-01'), released]).when(commit(50_000, '2026-11-02T10:00:00Z')).then(committed('r-new', 50_000, '2026-11-02'));
    });

    it('refuses to commit support on a reference never issued', () => {
      spec.given([]).when(commit(1, '2026-11-02T10:00:00Z')).thenThrows('SURVIVOR.REFERENCE_UNKNOWN');
    });
  });

  describe('releasing support', () => {
    it('releases at most what the request still counts against the cap', () => {
      spec
        .given([issued, committed('r-1', 40_000, '2026-10-01')])
        .when({ type: 'ReleaseSupport', data: { requestId: 'r-1', amountCents: 55_000 } })
        .then({ type: 'SupportReleased', data: { requestId: 'r-1', amountCents: 40_000 } });
    });

    it('releases nothing for a request that counts nothing, or on an unknown reference', () => {
      spec.given([issued]).when({ type: 'ReleaseSupport', data: { requestId: 'r-1', amountCents: 1_000 } }).then([]);
      spec.given([]).when({ type: 'ReleaseSupport', data: { requestId: 'r-1', amountCents: 1_000 } }).then([]);
    });
  });

  describe('the cap at submission', () => {
    it('points the refusal at the form field when asked to', () => {
      const { state } = spec.given([issued, committed('r-1', 145_000, '2026-10-01')]);
      const check = { now: new Date('2026-11-02T10:00:00Z'), capCents: 150_000, requestedCents: 6_000 };
      expect(() => assertWithinTwelveMonthCap(state, { ...check, field: 'amountCents' })).toThrow(
        expect.objectContaining({ code: 'FUND_REQUEST.OVER_SURVIVOR_12_MONTH_CAP', details: { field: 'amountCents', capCents: 150_000, committedCents: 145_000, remainingCents: 5_000, requestedCents: 6_000 } }),
      );
      expect(() => assertWithinTwelveMonthCap(state, { ...check, requestedCents: 5_000 })).not.toThrow();
    });
  });
});
