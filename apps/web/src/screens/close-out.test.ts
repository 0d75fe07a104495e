import { describe, expect, it } from 'vitest';
import { closeOutStatus } from './close-out.js';

const base = {
  closedOn: null,
  closeOutReference: null,
  period: { firstDay: '2026-10-01', lastDay: '2027-09-30', liquidationDeadline: '2027-12-29' },
  totals: { spentCents: 10_000, keptCents: 6_000, releasedCents: 0, movedCents: 0, unspentCents: 84_000 },
  decisions: [
    { action: 'keep' as const, reservations: 0, amountCents: 0 },
    { action: 'release' as const, reservations: 0, amountCents: 0 },
    { action: 'move' as const, reservations: 0, amountCents: 0 },
  ],
};

describe('grant close-out status', () => {
  it('says when an open grant can be closed out and what is reserved now', () => {
    expect(closeOutStatus(base)).toBe('Open. The period of performance ends on 2027-09-30; it can be closed out from that day. $60.00 is reserved for approved requests now.');
  });

  it('says when it was closed, what was decided, and until when kept money is paid', () => {
    const closed = { ...base, closedOn: '2027-09-30', closeOutReference: 'Final report', decisions: [{ action: 'keep' as const, reservations: 1, amountCents: 6_000 }, { action: 'release' as const, reservations: 2, amountCents: 1 }, { action: 'move' as const, reservations: 0, amountCents: 0 }] };
    expect(closeOutStatus(closed)).toBe('Closed out on 2027-09-30 (Final report): 1 kept, 2 released. Kept money is paid until 2027-12-29.');
    expect(closeOutStatus({ ...closed, decisions: base.decisions })).toContain('no reservation was open');
  });
});
