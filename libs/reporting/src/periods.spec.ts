import { addDays, dayOf, fiscalQuarter, fiscalQuarterOf, fiscalYear, fiscalYearOf, isCalendarDate, quarterAlignedPeriod, semiAnnualPeriod } from './periods';

describe('reporting periods', () => {
  it('names the fiscal year after the year it ends in: October starts the next one', () => {
    expect(fiscalYearOf('2026-09-30')).toBe(2026);
    expect(fiscalYearOf('2026-10-01')).toBe(2027);
    expect(fiscalYearOf('2026-12-31')).toBe(2027);
    expect(fiscalYearOf('2027-01-01')).toBe(2027);
    expect(fiscalYear(2027)).toEqual({ kind: 'fiscal_year', label: 'FY2027', start: '2026-10-01', end: '2027-09-30' });
  });

  it('makes October-December Q1, and knows every quarter boundary', () => {
    expect(fiscalQuarter(2027, 1)).toEqual({ kind: 'fiscal_quarter', label: 'FY2027 Q1', start: '2026-10-01', end: '2026-12-31' });
    expect(fiscalQuarter(2027, 2)).toMatchObject({ start: '2027-01-01', end: '2027-03-31' });
    expect(fiscalQuarter(2027, 3)).toMatchObject({ start: '2027-04-01', end: '2027-06-30' });
    expect(fiscalQuarter(2027, 4)).toMatchObject({ start: '2027-07-01', end: '2027-09-30' });
    expect(fiscalQuarter(2028, 2)).toMatchObject({ end: '2028-03-31' });
    const cases: [string, number, number][] = [
      ['2026-09-30', 2026, 4],
      ['2026-10-01', 2027, 1],
      ['2026-12-31', 2027, 1],
      ['2027-01-01', 2027, 2],
      ['2027-03-31', 2027, 2],
      ['2027-04-01', 2027, 3],
      ['2027-06-30', 2027, 3],
      ['2027-07-01', 2027, 4],
    ];
    for (const [day, fy, q] of cases) expect([day, fiscalQuarterOf(day)]).toEqual([day, { fiscalYear: fy, quarter: q }]);
  });

  it('quarters tile the fiscal year with no gap and no overlap', () => {
    for (const fy of [2024, 2027, 2028]) {
      const quarters = ([1, 2, 3, 4] as const).map((q) => fiscalQuarter(fy, q));
      expect(quarters[0]!.start).toBe(fiscalYear(fy).start);
      expect(quarters[3]!.end).toBe(fiscalYear(fy).end);
      for (let i = 1; i < 4; i++) expect(quarters[i]!.start).toBe(addDays(quarters[i - 1]!.end, 1));
    }
  });

  it('has the semi-annual periods trafficking grantees report on: January-June and July-December', () => {
    expect(semiAnnualPeriod(2026, 1)).toEqual({ kind: 'semi_annual', label: '2026 H1 (January-June)', start: '2026-01-01', end: '2026-06-30' });
    expect(semiAnnualPeriod(2026, 2)).toEqual({ kind: 'semi_annual', label: '2026 H2 (July-December)', start: '2026-07-01', end: '2026-12-31' });
    expect(addDays(semiAnnualPeriod(2026, 2).end, 1)).toBe(semiAnnualPeriod(2027, 1).start);
  });

  it('takes days in UTC and rejects impossible dates', () => {
    expect(dayOf('2026-12-31T23:59:59.999Z')).toBe('2026-12-31');
    expect(dayOf(new Date('2027-01-01T00:00:00.000Z'))).toBe('2027-01-01');
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2027-13-01')).toBe(false);
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('accepts statement periods made of whole quarters only', () => {
    expect(quarterAlignedPeriod('2026-10-01', '2027-09-30')).toEqual({ kind: 'custom', label: '2026-10-01 to 2027-09-30', start: '2026-10-01', end: '2027-09-30' });
    expect(quarterAlignedPeriod('2027-01-01', '2027-06-30').end).toBe('2027-06-30');
    expect(() => quarterAlignedPeriod('2026-10-15', '2026-12-31')).toThrow(expect.objectContaining({ code: 'VALIDATION.FAILED', details: { errors: [expect.objectContaining({ field: 'from' })] } }));
    expect(() => quarterAlignedPeriod('2026-10-01', '2026-10-31')).toThrow(/last day of a fiscal quarter/);
    expect(() => quarterAlignedPeriod('2027-01-01', '2026-12-31')).toThrow(/not be before/);
    expect(() => quarterAlignedPeriod('2020-01-01', '2026-12-31')).toThrow(/five years/);
  });
});
