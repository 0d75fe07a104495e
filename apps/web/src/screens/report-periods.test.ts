import { describe, expect, it } from 'vitest';
import { FieldProblem } from '../forms.js';
import type { Report } from '../types.js';
import { latticePeriods, ThresholdField } from './report-periods.js';
import { categoryChart } from './reports.js';

const at = (day: string) => new Date(`${day}T12:00:00.000Z`);

describe('the reporting lattice a funder chooses from', () => {
  it('offers closed fiscal quarters only, the latest first; others also get the one in progress', () => {
    const closed = latticePeriods('quarterly', at('2026-12-07'), false);
    expect(closed[0]).toMatchObject({ label: 'FY2026 Q4 (Jul to Sep 2026)', start: '2026-07-01', end: '2026-09-30', params: { fiscalYear: '2026', quarter: '4' }, closed: true });
    expect(closed[1]).toMatchObject({ start: '2026-04-01', end: '2026-06-30', params: { fiscalYear: '2026', quarter: '3' } });
    expect(closed[3]).toMatchObject({ label: 'FY2026 Q1 (Oct to Dec 2025)', start: '2025-10-01', end: '2025-12-31' });
    expect(closed.every((p) => p.closed)).toBe(true);
    expect(latticePeriods('quarterly', at('2026-12-07'), true)[0]).toMatchObject({ params: { fiscalYear: '2027', quarter: '1' }, closed: false });
  });

  it('closes a period the day after its last day (UTC days, as the api counts them)', () => {
    expect(latticePeriods('quarterly', at('2026-09-30'), false)[0]!.params).toEqual({ fiscalYear: '2026', quarter: '3' });
    expect(latticePeriods('quarterly', at('2026-10-01'), false)[0]!.params).toEqual({ fiscalYear: '2026', quarter: '4' });
    expect(latticePeriods('annual', at('2026-09-30'), false)[0]).toMatchObject({ label: 'FY2025 (Oct 2024 to Sep 2025)', start: '2024-10-01', end: '2025-09-30' });
    expect(latticePeriods('annual', at('2026-10-01'), false)[0]!.params).toEqual({ fiscalYear: '2026' });
  });

  it('offers closed calendar halves', () => {
    expect(latticePeriods('semi-annual', at('2026-12-07'), false).slice(0, 2)).toMatchObject([
      { label: 'Jan to Jun 2026', start: '2026-01-01', end: '2026-06-30', params: { year: '2026', half: '1' } },
      { label: 'Jul to Dec 2025', start: '2025-07-01', end: '2025-12-31', params: { year: '2025', half: '2' } },
    ]);
  });
});

describe('the threshold field', () => {
  it("asks for the api's floor by sending none, then offers nothing below the floor it answered with", () => {
    const field = new ThresholdField();
    expect(field.value()).toBeUndefined();
    field.answered(6, undefined);
    expect([field.control.value, field.control.min]).toEqual(['6', '6']);
    field.control.value = '4';
    expect(() => field.value()).toThrow(new FieldProblem('threshold', "The coalition's floor is 6: enter 6 or more"));
    field.control.value = '10';
    expect(field.value()).toBe('10');
    field.answered(10, '10');
    expect(field.control.min).toBe('6');
  });
});

describe('the chart of disbursements by category', () => {
  const report = (totals: ({ suppressed: boolean; amountCents: number | null } | null)[]): Report =>
    ({
      period: { label: 'FY2026 Q4' },
      threshold: 6,
      tables: [{ name: 'distributed_by_category', title: 'Distributed by category', rows: totals.map((total, i) => ({ label: `Category ${i}`, total })) }],
    }) as unknown as Report;

  it('says in words what share is suppressed where the chart would be empty', () => {
    const el = categoryChart(report([{ suppressed: true, amountCents: null }, { suppressed: true, amountCents: null }, { suppressed: false, amountCents: 0 }]))!;
    expect(el.querySelector('svg')).toBeNull();
    expect(el.textContent).toContain('2 of 3 categories suppressed');
  });

  it('draws the published amounts and says the suppressed share beside the chart', () => {
    const el = categoryChart(report([{ suppressed: true, amountCents: null }, { suppressed: false, amountCents: 28_000 }]))!;
    expect(el.querySelector('svg[role="img"]')).not.toBeNull();
    expect(el.textContent).toContain('1 of 2 categories suppressed');
  });
});
