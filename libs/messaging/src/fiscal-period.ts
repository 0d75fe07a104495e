import type { FiscalPeriod } from './integration-events';

/**
 * The federal fiscal quarter of a UTC day (`YYYY-MM-DD`): the fiscal year is named after the
 * year it ends in and starts in October, so Oct-Dec is Q1 (FY2027 Q1 = 2026-10-01..12-31).
 * Same rule and same UTC days as the reporting views, so a consumer's totals per quarter agree
 * with the grant exports.
 */
export function fiscalPeriodOf(day: string): FiscalPeriod {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  if (month >= 10) return { fiscalYear: year + 1, fiscalQuarter: 1 };
  return { fiscalYear: year, fiscalQuarter: month <= 3 ? 2 : month <= 6 ? 3 : 4 };
}
