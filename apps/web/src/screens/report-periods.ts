import { h } from '../dom.js';
import { FieldProblem, type Form, input, selectOf } from '../forms.js';

/**
 * The reporting lattice as the api defines it (ADR 0009): federal fiscal quarters (FY starts
 * 1 October), calendar halves and fiscal years, in UTC days as the server counts them. Funders
 * may read a period only once it is over, so their choice lists closed periods only; a free
 * range of days would be refused, so it is never offered to them.
 */

export type PeriodKind = 'quarterly' | 'semi-annual' | 'annual';

export interface LatticePeriod {
  readonly kind: PeriodKind;
  readonly label: string;
  /** First and last day, included (YYYY-MM-DD). */
  readonly start: string;
  readonly end: string;
  /** The report route's own parameters for this period. */
  readonly params: Readonly<Record<string, string>>;
  readonly closed: boolean;
}

// Short month names keep a period's label within a phone-wide select.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const day = (year: number, monthIndex: number, dayOfMonth: number): string => new Date(Date.UTC(year, monthIndex, dayOfMonth)).toISOString().slice(0, 10);
/** Last day of the month before monthIndex (day 0 of a month). */
const endBefore = (year: number, monthIndex: number): string => day(year, monthIndex, 0);

/** The federal fiscal quarter of a date (UTC): October to December is Q1 of the next fiscal year. */
export function fiscalQuarterOf(date: Date): { fiscalYear: number; quarter: number } {
  const month = date.getUTCMonth();
  return month >= 9 ? { fiscalYear: date.getUTCFullYear() + 1, quarter: 1 } : { fiscalYear: date.getUTCFullYear(), quarter: Math.floor(month / 3) + 2 };
}

export function fiscalQuarter(fiscalYear: number, quarter: number, today: string): LatticePeriod {
  // Q1 starts in October of the year before the fiscal year's name.
  const startMonth = (quarter * 3 + 6) % 12;
  const year = quarter === 1 ? fiscalYear - 1 : fiscalYear;
  const start = day(year, startMonth, 1);
  const end = endBefore(year, startMonth + 3);
  return {
    kind: 'quarterly',
    label: `FY${fiscalYear} Q${quarter} (${MONTHS[startMonth]} to ${MONTHS[startMonth + 2]} ${year})`,
    start,
    end,
    params: { fiscalYear: String(fiscalYear), quarter: String(quarter) },
    closed: end < today,
  };
}

export function calendarHalf(year: number, half: number, today: string): LatticePeriod {
  const start = day(year, half === 1 ? 0 : 6, 1);
  const end = endBefore(year, half === 1 ? 6 : 12);
  return { kind: 'semi-annual', label: `${half === 1 ? 'Jan to Jun' : 'Jul to Dec'} ${year}`, start, end, params: { year: String(year), half: String(half) }, closed: end < today };
}

export function fiscalYearPeriod(fiscalYear: number, today: string): LatticePeriod {
  const start = day(fiscalYear - 1, 9, 1);
  const end = day(fiscalYear, 8, 30);
  return { kind: 'annual', label: `FY${fiscalYear} (Oct ${fiscalYear - 1} to Sep ${fiscalYear})`, start, end, params: { fiscalYear: String(fiscalYear) }, closed: end < today };
}

/** How far back the lists go; older periods stay readable through the api. */
const HOW_MANY: Readonly<Record<PeriodKind, number>> = { quarterly: 12, 'semi-annual': 6, annual: 4 };

/**
 * The periods of one kind, newest first: closed ones only, or (for coordinators and auditors)
 * the one in progress too.
 */
export function latticePeriods(kind: PeriodKind, now: Date, withOpen: boolean): LatticePeriod[] {
  const today = now.toISOString().slice(0, 10);
  const current = fiscalQuarterOf(now);
  const out: LatticePeriod[] = [];
  if (kind === 'quarterly') {
    let { fiscalYear, quarter } = current;
    while (out.length < HOW_MANY.quarterly) {
      out.push(fiscalQuarter(fiscalYear, quarter, today));
      quarter -= 1;
      if (quarter === 0) [fiscalYear, quarter] = [fiscalYear - 1, 4];
    }
  } else if (kind === 'semi-annual') {
    let [year, half] = [now.getUTCFullYear(), now.getUTCMonth() < 6 ? 1 : 2];
    while (out.length < HOW_MANY['semi-annual'] + 1) {
      out.push(calendarHalf(year, half, today));
      half -= 1;
      if (half === 0) [year, half] = [year - 1, 2];
    }
  } else {
    for (let fy = current.fiscalYear; out.length < HOW_MANY.annual + 1; fy -= 1) out.push(fiscalYearPeriod(fy, today));
  }
  return out.filter((p) => withOpen || p.closed).slice(0, HOW_MANY[kind]);
}

export const KIND_LABELS: readonly (readonly [PeriodKind, string])[] = [
  ['quarterly', 'Quarterly (federal fiscal quarter)'],
  ['semi-annual', 'Semi-annual (calendar half year)'],
  ['annual', 'Annual (federal fiscal year)'],
];

/**
 * A report a form offers: its value, its label, and the kind of lattice period it is published
 * for (a kind of period is its own report; none: not a lattice report, such as a range of days).
 */
export type ReportKind = readonly [value: string, label: string, periods?: PeriodKind];

const isPeriodKind = (value: string): value is PeriodKind => KIND_LABELS.some(([k]) => k === value);

/**
 * The kind and period selects of a report form. Funders get closed periods only and start on
 * the latest closed fiscal quarter; others also get the period in progress and start on it.
 */
export class PeriodChoice {
  readonly kind: HTMLSelectElement;
  readonly period: HTMLSelectElement;
  private periods: LatticePeriod[] = [];
  private readonly reports: readonly ReportKind[];

  constructor(
    private readonly withOpen: boolean,
    extraKinds: readonly ReportKind[] = [],
    private readonly now: () => Date = () => new Date(),
    kinds: readonly ReportKind[] = KIND_LABELS,
  ) {
    this.reports = [...kinds, ...extraKinds];
    this.kind = selectOf(
      this.reports.map(([value, text]) => [value, text] as const),
      kinds[0]?.[0],
    );
    this.period = selectOf([]);
    this.kind.addEventListener('change', () => this.fill());
    this.fill();
  }

  /** The kind of lattice period the chosen report is published for, or null. */
  private periodKind(): PeriodKind | null {
    const chosen = this.reports.find(([value]) => value === this.kind.value);
    if (!chosen) return null;
    return chosen[2] ?? (isPeriodKind(chosen[0]) ? chosen[0] : null);
  }

  get isLattice(): boolean {
    return this.periodKind() !== null;
  }

  /** The report chosen (the kind select's value). */
  get report(): string {
    return this.kind.value;
  }

  private fill(): void {
    const kind = this.periodKind();
    if (kind === null) return;
    this.periods = latticePeriods(kind, this.now(), this.withOpen);
    this.period.replaceChildren(...this.periods.map((p, i) => h('option', { value: String(i) }, p.closed ? p.label : `${p.label}, in progress`)));
    this.period.value = '0';
  }

  /** The chosen lattice period (the field is named `period` on the form). */
  chosen(): LatticePeriod {
    const found = this.periods[Number(this.period.value)];
    if (!found) throw new FieldProblem('period', 'Choose a period');
    return found;
  }

  /** The two fields, for a form row. */
  fields(form: Form, periodHint?: string): HTMLElement[] {
    return [
      form.field(this.kind, { name: 'kind', label: 'Report', required: true, className: 'inline-field' }),
      form.field(this.period, { name: 'period', label: 'Period', required: true, className: 'inline-field', hint: periodHint }),
    ];
  }
}

/**
 * The threshold field. Left empty, the api applies the coalition's floor and says which it
 * used; that answer becomes the field's minimum, so a value below the floor is not offered.
 * Until then, a value below it comes back as the api's 400, shown next to the field.
 */
export class ThresholdField {
  readonly control = input({ type: 'number', min: 3, max: 100, class: 'short', inputmode: 'numeric' });
  private floor: number | null = null;

  /** The `threshold` parameter, or undefined to let the api apply its floor. */
  value(): string | undefined {
    const text = this.control.value.trim();
    if (text === '') return undefined;
    if (!/^\d+$/.test(text)) throw new FieldProblem('threshold', 'Enter a whole number');
    if (this.floor !== null && Number(text) < this.floor) throw new FieldProblem('threshold', `The coalition's floor is ${this.floor}: enter ${this.floor} or more`);
    return text;
  }

  /** Learns the floor from an answer given without a threshold. */
  answered(threshold: number, asked: string | undefined): void {
    if (asked === undefined) {
      this.floor = threshold;
      this.control.min = String(threshold);
      this.control.value = String(threshold);
    }
  }

  field(form: Form): HTMLElement {
    return form.field(this.control, { name: 'threshold', label: 'Suppress counts under', className: 'inline-field', hint: "The coalition's floor or higher" });
  }
}
