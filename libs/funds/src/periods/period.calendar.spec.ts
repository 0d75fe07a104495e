import { fiscalYear, fiscalYearOf } from '@fund/reporting';
import { fiscalYearOfMonth, fiscalYearRange, monthRange, monthsOfFiscalYear } from './period.calendar';

describe('the fiscal year closed is the one the reports use', () => {
  it.each([2020, 2024, 2026, 2027, 2028, 2031])('FY%i has the same first and last day as reporting', (fy) => {
    const reported = fiscalYear(fy);
    expect(fiscalYearRange(fy)).toEqual({ from: reported.start, to: reported.end });
    expect(monthRange(monthsOfFiscalYear(fy)[0]!).from).toBe(reported.start);
    expect(monthRange(monthsOfFiscalYear(fy)[11]!).to).toBe(reported.end);
  });

  it.each(['2026-09', '2026-10', '2027-01', '2027-12'])('the month %s falls in the same fiscal year', (month) => {
    expect(fiscalYearOfMonth(month)).toBe(fiscalYearOf(`${month}-15`));
  });
});
