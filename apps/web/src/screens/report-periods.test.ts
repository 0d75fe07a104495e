import { describe, expect, it } from 'vitest';
import { FieldProblem } from '../forms.js';
import type { Report } from '../types.js';
import { latticePeriods, PeriodChoice, ThresholdField } from './report-periods.js';
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

describe('a report chosen with its kind of period', () => {
  it('offers the periods a federal report is published for: PMT fiscal quarters or years, TIMS calendar halves', () => {
    const choice = new PeriodChoice(false, [['pmt-year', 'OVC PMT, federal fiscal year', 'annual'], ['tims', 'OVC TIMS, calendar half year', 'semi-annual']], () => at('2026-12-07'));
    expect([choice.report, choice.chosen().params]).toEqual(['quarterly', { fiscalYear: '2026', quarter: '4' }]);
    choice.kind.value = 'tims';
    choice.kind.dispatchEvent(new Event('change'));
    expect([choice.report, choice.isLattice, choice.chosen().params]).toEqual(['tims', true, { year: '2026', half: '1' }]);
    choice.kind.value = 'pmt-year';
    choice.kind.dispatchEvent(new Event('change'));
    expect(choice.chosen().params).toEqual({ fiscalYear: '2026' });
  });

  it('offers only the kinds a screen gives it', () => {
    const choice = new PeriodChoice(true, [], () => at('2026-12-07'), [['statewide-quarter', 'Fiscal quarter', 'quarterly']]);
    expect([...choice.kind.options].map((o) => o.value)).toEqual(['statewide-quarter']);
    expect(choice.chosen().params).toEqual({ fiscalYear: '2027', quarter: '1' });
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
  type Total = { suppressed: boolean; amountCents: number | null } | null;
  const report = (totals: Total[], grandTotal: Total = null): Report =>
    ({
      period: { label: 'FY2026 Q4' },
      threshold: 6,
      tables: [{ name: 'distributed_by_category', title: 'Distributed by category', rows: totals.map((total, i) => ({ label: `Category ${i}`, total })), grandTotal }],
    }) as unknown as Report;
  const hidden = { suppressed: true, amountCents: null };

  it('draws suppressed categories as hatched bars and says the share in words, instead of an empty chart', () => {
    const el = categoryChart(report([hidden, hidden, { suppressed: false, amountCents: 0 }], hidden))!;
    expect(el.querySelectorAll('svg rect.chart-suppressed')).toHaveLength(2);
    expect(el.querySelector('svg rect.chart-suppressed')?.getAttribute('fill')).toMatch(/^url\(#chart-hatch/);
    expect(el.textContent).toContain('2 of 3 categories suppressed');
    expect(el.textContent).toContain('how much they hold together is suppressed too');
  });

  it('shows how much the suppressed categories hold together where the published total tells it', () => {
    const el = categoryChart(report([hidden, { suppressed: false, amountCents: 28_000 }, hidden], { suppressed: false, amountCents: 40_000 }))!;
    expect(el.querySelector('svg[role="img"]')).not.toBeNull();
    // One bar per category, and one for the suppressed share: $120.00 of $400.00.
    expect(el.querySelectorAll('svg g')).toHaveLength(4);
    expect(el.querySelector('svg')?.textContent).toContain('$120.00 suppressed');
    expect(el.textContent).toContain('2 of 3 categories suppressed');
    expect(el.textContent).toContain('$120.00 of $400.00 (30%)');
  });

  it('says nothing was paid when no category had payments', () => {
    const el = categoryChart(report([{ suppressed: false, amountCents: 0 }], { suppressed: false, amountCents: 0 }))!;
    expect(el.querySelector('svg')).toBeNull();
    expect(el.textContent).toContain('nothing was paid');
  });
});
