import { EXPENSE_CATEGORY_NAMES, isExpenseCategory } from '@fund/protocols';
import type { Period } from './periods';

/** A published number pair; `null` is hidden (small-cell suppression) or not applicable. */
export interface ReportCell {
  readonly count: number | null;
  readonly amountCents: number | null;
  /** Timeliness tables only: the median in days, hidden with its count. */
  readonly medianDays?: number | null;
  readonly suppressed: boolean;
}

export interface Heading {
  readonly key: string;
  readonly label: string;
}

export interface ReportRow extends Heading {
  readonly cells: readonly ReportCell[];
  readonly total: ReportCell | null;
}

/** One published table: every count and amount in it has been through suppression. */
export interface ReportTable {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly rowHeading: string;
  readonly columnHeading: string;
  /** What a count counts: requests, payments, survivors, donations, units. */
  readonly countOf: string;
  /** What an amount is, or null when the table has counts only. */
  readonly amountOf: string | null;
  readonly hasMedians: boolean;
  readonly columns: readonly Heading[];
  readonly rows: readonly ReportRow[];
  readonly columnTotals: readonly ReportCell[] | null;
  readonly grandTotal: ReportCell | null;
}

export interface FunderReport {
  readonly report: 'quarterly' | 'semi_annual' | 'annual' | 'pmt' | 'tims' | 'statewide';
  readonly title: string;
  readonly period: Period;
  readonly threshold: number;
  readonly generatedAt: string;
  readonly notes: readonly string[];
  readonly tables: readonly ReportTable[];
}

const SPECIAL_LABELS: Readonly<Record<string, string>> = {
  unknown: 'Unknown',
  not_collected: 'Not collected',
  out_of_state: 'Out of state',
  in_kind: 'In-kind',
  us_citizen: 'U.S. citizen',
  non_binary: 'Non-binary',
  '0_12': '0-12',
  '13_17': '13-17',
  '18_24': '18-24',
  '25_59': '25-59',
  '60_plus': '60 and older',
};

/** Labels come from our own vocabularies, never from anything a person typed. */
export function labelOf(code: string): string {
  if (isExpenseCategory(code)) return EXPENSE_CATEGORY_NAMES[code];
  const special = SPECIAL_LABELS[code];
  if (special) return special;
  const words = code.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const headings = (codes: readonly string[]): Heading[] => codes.map((key) => ({ key, label: labelOf(key) }));

export const SUPPRESSION_NOTE = (threshold: number) =>
  `Counts from 1 to ${threshold - 1} are suppressed (shown as blank / "suppressed"), with their amounts; further cells are suppressed where a hidden value could otherwise be worked out from the totals. Zero is shown as 0.`;
