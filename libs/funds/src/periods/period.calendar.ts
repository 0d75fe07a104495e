/**
 * Months and federal fiscal years as the coalition closes them. The fiscal year is the one the
 * reports use (`@fund/reporting` periods: October to September, named after the year it ends in,
 * FY2027 = 2026-10-01 .. 2027-09-30); reporting depends on this lib, so the few lines are
 * repeated here and `period.calendar.spec.ts` holds them equal to reporting's.
 */
export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const FISCAL_YEAR_PATTERN = /^FY(\d{4})$/;

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** `2026-11-30` -> `2026-11`. */
export const monthOf = (day: string) => day.slice(0, 7);

export function monthRange(month: string): { from: string; to: string } {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return { from: `${month}-01`, to: `${month}-${pad(lastDay(year, m))}` };
}

export function nextMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${year + 1}-01` : `${year}-${pad(m + 1)}`;
}

export function fiscalYearOfMonth(month: string): number {
  const year = Number(month.slice(0, 4));
  return Number(month.slice(5, 7)) >= 10 ? year + 1 : year;
}

/** The twelve months of a fiscal year, October first. */
export function monthsOfFiscalYear(fy: number): string[] {
  const months: string[] = [];
  for (let m = `${fy - 1}-10`; months.length < 12; m = nextMonth(m)) months.push(m);
  return months;
}

export function fiscalYearRange(fy: number): { from: string; to: string } {
  return { from: `${fy - 1}-10-01`, to: `${fy}-09-30` };
}

/** Days are UTC days everywhere on the write side. */
export const dayOfInstant = (instant: Date) => instant.toISOString().slice(0, 10);

/**
 * A month may close from the second day after it ends (December 2 for November). The day of
 * grace means a decision taken before midnight on the month's last day, dated by its recording
 * time, and committed a moment after midnight, still lands before any close of that month: only
 * entries dated in an earlier month than the day they are recorded need the month's guard.
 */
export function closableFrom(month: string): string {
  return `${nextMonth(month)}-02`;
}
