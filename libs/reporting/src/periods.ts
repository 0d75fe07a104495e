import { DomainError } from '@fund/event-sourcing';

/**
 * Reporting periods. Funders see time no finer than a quarter (domain.md), so every period a
 * report can be asked for is made of whole federal fiscal quarters:
 * - the federal fiscal year runs October to September and is named after the year it ends in
 *   (FY2027 = 2026-10-01 .. 2027-09-30), so Oct-Dec is Q1;
 * - trafficking grantees report to OVC (TIMS) for calendar half-years, Jan-Jun and Jul-Dec,
 *   which are FY quarters Q2+Q3 and Q4+next Q1.
 *
 * Dates are `YYYY-MM-DD` strings and days are UTC days, as everywhere in the write side
 * (`isoDate(context.now)`); `end` is inclusive.
 */
export interface Period {
  readonly kind: 'fiscal_quarter' | 'semi_annual' | 'fiscal_year' | 'custom';
  readonly label: string;
  readonly start: string;
  readonly end: string;
}

export type Quarter = 1 | 2 | 3 | 4;
export type Half = 1 | 2;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 3600 * 1000;

/** A real calendar date (2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The UTC day of an instant. */
export function dayOf(instant: Date | string): string {
  return (typeof instant === 'string' ? new Date(instant) : instant).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The first instant of a day, and of the day after a period: bounds for timestamp queries. */
export function startOfDay(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

export function fiscalYearOf(day: string): number {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return month >= 10 ? year + 1 : year;
}

export function fiscalQuarterOf(day: string): { fiscalYear: number; quarter: Quarter } {
  const month = Number(day.slice(5, 7));
  const quarter = (month >= 10 ? 1 : Math.floor((month - 1) / 3) + 2) as Quarter;
  return { fiscalYear: fiscalYearOf(day), quarter };
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function monthsPeriod(kind: Period['kind'], label: string, year: number, firstMonth: number, months: number): Period {
  const endMonthIndex = firstMonth - 1 + months - 1;
  const endYear = year + Math.floor(endMonthIndex / 12);
  const endMonth = (endMonthIndex % 12) + 1;
  return {
    kind,
    label,
    start: `${year}-${pad(firstMonth)}-01`,
    end: `${endYear}-${pad(endMonth)}-${pad(lastDayOfMonth(endYear, endMonth))}`,
  };
}

export function fiscalQuarter(fiscalYear: number, quarter: Quarter): Period {
  const label = `FY${fiscalYear} Q${quarter}`;
  if (quarter === 1) return monthsPeriod('fiscal_quarter', label, fiscalYear - 1, 10, 3);
  return monthsPeriod('fiscal_quarter', label, fiscalYear, (quarter - 2) * 3 + 1, 3);
}

export function fiscalYear(fy: number): Period {
  return monthsPeriod('fiscal_year', `FY${fy}`, fy - 1, 10, 12);
}

export function semiAnnualPeriod(year: number, half: Half): Period {
  return monthsPeriod('semi_annual', `${year} ${half === 1 ? 'H1 (January-June)' : 'H2 (July-December)'}`, year, half === 1 ? 1 : 7, 6);
}

export function isQuarterStart(day: string): boolean {
  return isCalendarDate(day) && day.endsWith('-01') && ['01', '04', '07', '10'].includes(day.slice(5, 7));
}

export function isQuarterEnd(day: string): boolean {
  return isCalendarDate(day) && ['03-31', '06-30', '09-30', '12-31'].includes(day.slice(5));
}

/**
 * A statement period chosen by the caller: it must start on the first day of a fiscal quarter
 * and end on the last day of one, so no figure can be narrowed to a week or a single payment.
 */
export function quarterAlignedPeriod(from: string, to: string): Period {
  const invalid = (field: string, message: string): never => {
    throw new DomainError('VALIDATION.FAILED', message, { errors: [{ field, rule: 'quarterBoundary', message }] }, 'validation');
  };
  if (!isQuarterStart(from)) invalid('from', 'from must be the first day of a fiscal quarter (YYYY-10-01, -01-01, -04-01 or -07-01)');
  if (!isQuarterEnd(to)) invalid('to', 'to must be the last day of a fiscal quarter (YYYY-12-31, -03-31, -06-30 or -09-30)');
  if (to < from) invalid('to', 'to must not be before from');
  if (Date.parse(to) - Date.parse(from) > 5 * 366 * DAY_MS) invalid('to', 'a statement covers at most five years');
  return { kind: 'custom', label: `${from} to ${to}`, start: from, end: to };
}

/** The federal fiscal quarters a period is made of, in order (none if it does not start on a quarter). */
export function quartersIn(period: Pick<Period, 'start' | 'end'>): Period[] {
  const out: Period[] = [];
  if (!isQuarterStart(period.start)) return out;
  for (let day = period.start; day <= period.end; ) {
    const { fiscalYear: fy, quarter } = fiscalQuarterOf(day);
    const q = fiscalQuarter(fy, quarter);
    if (q.end > period.end) return [];
    out.push(q);
    day = addDays(q.end, 1);
  }
  return out;
}

/**
 * The lattice of periods funders may see (issue 17): federal fiscal quarters, the calendar
 * halves trafficking grantees report (TIMS), and fiscal years. Every one is a whole number of
 * quarters, so a figure of a longer period is built from its quarters' figures. `null` when
 * `from`..`to` is not one of them.
 */
export function latticePeriod(from: string, to: string): Period | null {
  if (!isQuarterStart(from) || !isQuarterEnd(to)) return null;
  const quarters = quartersIn({ start: from, end: to });
  if (quarters.length === 1) return quarters[0]!;
  if (quarters.length === 2 && (from.slice(5) === '01-01' || from.slice(5) === '07-01')) return semiAnnualPeriod(Number(from.slice(0, 4)), from.slice(5) === '01-01' ? 1 : 2);
  if (quarters.length === 4 && from.slice(5) === '10-01') return fiscalYear(Number(from.slice(0, 4)) + 1);
  return null;
}

/** A funder sees a period once it is over (the day after its last day, UTC), and then it never changes. */
export function isClosed(period: Pick<Period, 'end'>, today: string): boolean {
  return period.end < today;
}

/** Internal views (coordinators, auditors) may take any range of whole days. */
export function customPeriod(from: string, to: string): Period {
  const invalid = (field: string, message: string): never => {
    throw new DomainError('VALIDATION.FAILED', message, { errors: [{ field, rule: 'dateRange', message }] }, 'validation');
  };
  if (!isCalendarDate(from)) invalid('from', 'from must be a real date like 2026-10-01');
  if (!isCalendarDate(to)) invalid('to', 'to must be a real date like 2026-12-31');
  if (to < from) invalid('to', 'to must not be before from');
  if (Date.parse(to) - Date.parse(from) > 5 * 366 * DAY_MS) invalid('to', 'a statement covers at most five years');
  return latticePeriod(from, to) ?? { kind: 'custom', label: `${from} to ${to}`, start: from, end: to };
}

export function contains(period: Pick<Period, 'start' | 'end'>, day: string): boolean {
  return day >= period.start && day <= period.end;
}
