import { DONOR_KINDS } from '@fund/donations';
import { CITIZENSHIP, GENDERS, PAYMENT_METHODS, URGENCIES } from '@fund/fund-requests';
import { STOCK_CATEGORIES } from '@fund/inventory';
import { COUNTIES, PROVIDER_TYPES } from '@fund/organizations';
import { EXPENSE_CATEGORIES } from '@fund/protocols';
import {
  DONATION_KINDS,
  OUTCOMES,
  SOURCES,
  STOCK_FLOWS,
  SURVIVOR_STATUS,
  TIMINGS,
  type GroupRecords,
  type PaymentRecord,
  type RequestRecord,
  type SuppressionGroup,
  type SurvivorRecord,
} from './report-queries';
import { PMT_AGE_GROUPS } from './anonymize';

/**
 * The catalogue of funder tables. A table is one entry: which population it counts (its
 * suppression group), the two dimensions it cross-tabulates, what a cell measures, and which
 * totals it publishes. Nothing here computes; reports.ts tabulates each entry over its group's
 * records and hands every group's tables to suppression.ts together.
 */

type FieldOf<R, T> = { [K in keyof R]-?: R[K] extends T ? K : never }[keyof R] & string;

/** One axis of a table: a record field and its vocabulary, in the order it is published. */
export interface Dimension<R> {
  readonly heading: string;
  readonly field: FieldOf<R, string>;
  /** Codes outside these (an `unknown`) get a line only when they occur. */
  readonly codes: readonly string[];
}

/** What a cell holds: a count (of records, or of a field such as units), with an amount or a median. */
export type Measure<R> = {
  /** What a count counts: requests, payments, survivors, donations, units. */
  readonly countOf: string;
  /** The field a record adds to its count; one per record when absent. */
  readonly count?: FieldOf<R, number>;
  /** Timeliness: the field (days) whose median each published cell reports. */
  readonly medianDays?: FieldOf<R, number>;
} & ({ readonly amountOf: string; readonly amount: FieldOf<R, number> } | { readonly amountOf: null; readonly amount?: never });

/** Which totals a table publishes (a row of outcomes adds up; received against written off does not). */
export interface Totals {
  readonly rows: boolean;
  readonly columns: boolean;
}

/** A table over records of one kind, as tabulated and published. */
export interface TableSpec<R> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly rows: Dimension<R>;
  readonly columns: Dimension<R>;
  readonly measure: Measure<R>;
  readonly totals: Totals;
}

/** What a description may depend on: when a survivor counts as new in this report. */
export interface ReportContext {
  readonly newSince: { readonly day: string; readonly label: string };
}

/** A catalogue entry: a table of one suppression group, with its sheet name in a workbook. */
export interface TableEntry<G extends SuppressionGroup> extends Omit<TableSpec<GroupRecords[G]>, 'description'> {
  readonly group: G;
  readonly description: string | ((context: ReportContext) => string);
  /** At most 31 characters, unique in the catalogue (a workbook's rule). */
  readonly sheet: string;
  /**
   * The catalogue table whose counts this one shows again with another amount (the statewide
   * picture's unmet need). It adds no count: its cells are that table's entries, published and
   * hidden with that table's pattern, and it takes no part in choosing the pattern.
   */
  readonly cellsOf?: string;
}

type EntryOf = { readonly [G in SuppressionGroup]: TableEntry<G> };

/** An entry of any group; `entry.group` tells which records it reads. */
export type AnyTableEntry<G extends SuppressionGroup = SuppressionGroup> = EntryOf[G];

const dimension = <R>(heading: string, field: FieldOf<R, string>, codes: readonly string[]): Dimension<R> => ({ heading, field, codes });

const TRAFFICKING_TYPES = ['sex', 'labor', 'both', 'unknown'] as const;
const AGE_GROUPS = ['adult', 'minor', 'unknown'] as const;
const BOTH_TOTALS: Totals = { rows: true, columns: true };
const COLUMN_TOTALS: Totals = { rows: false, columns: true };

const requests = {
  description: 'Requests submitted in the period, by the outcome they had reached at the end of the period. Amounts are the amounts requested.',
  measure: { countOf: 'requests', amountOf: 'amount requested', amount: 'requestedCents' },
  category: dimension<RequestRecord>('Expense category', 'category', EXPENSE_CATEGORIES),
  providerType: dimension<RequestRecord>('Provider type', 'providerType', PROVIDER_TYPES),
  county: dimension<RequestRecord>('County', 'county', COUNTIES),
  outcome: dimension<RequestRecord>('Outcome at period end', 'outcome', OUTCOMES),
} as const;

const payments = {
  description: 'Payments made in the period (money and in-kind goods handed over), leaving out voided payments.',
  measure: { countOf: 'payments', amountOf: 'amount disbursed', amount: 'amountCents' },
  category: dimension<PaymentRecord>('Expense category', 'category', EXPENSE_CATEGORIES),
  providerType: dimension<PaymentRecord>('Provider type', 'providerType', PROVIDER_TYPES),
  county: dimension<PaymentRecord>('County', 'county', COUNTIES),
  paymentMethod: dimension<PaymentRecord>('Payment method', 'paymentMethod', PAYMENT_METHODS),
  source: dimension<PaymentRecord>('Source', 'source', SOURCES),
} as const;

const survivors = {
  description: 'Distinct survivor references served (at least one payment in the period, not voided), by the demographics of their latest request.',
  measure: { countOf: 'survivors', amountOf: 'amount disbursed to them', amount: 'amountCents' },
  ageGroup: dimension<SurvivorRecord>('Adult / minor', 'ageGroup', AGE_GROUPS),
  status: dimension<SurvivorRecord>('Survivor', 'status', SURVIVOR_STATUS),
} as const;

/** PMT asks for the demographics of new individuals; the "New" column is that figure (docs/reporting.md). */
const PMT_NOTE = 'OVC PMT: the New column gives the demographics of new individuals served; "Unknown" is PMT\'s "Not reported".';

export const REPORT_TABLES: readonly AnyTableEntry[] = [
  {
    name: 'requests_by_category',
    title: 'Requests by expense category',
    sheet: 'Requests by category',
    group: 'requests',
    description: requests.description,
    rows: requests.category,
    columns: requests.outcome,
    measure: requests.measure,
    totals: BOTH_TOTALS,
  },
  {
    name: 'requests_by_provider_type',
    title: 'Requests by provider type',
    sheet: 'Requests by provider type',
    group: 'requests',
    description: requests.description,
    rows: requests.providerType,
    columns: requests.outcome,
    measure: requests.measure,
    totals: BOTH_TOTALS,
  },
  {
    name: 'requests_by_county',
    title: 'Requests by county',
    sheet: 'Requests by county',
    group: 'requests',
    description: requests.description,
    rows: requests.county,
    columns: requests.outcome,
    measure: requests.measure,
    totals: BOTH_TOTALS,
  },
  {
    name: 'disbursements_by_category_payment_method',
    title: 'Disbursements by expense category and payment method',
    sheet: 'Paid by category and method',
    group: 'payments',
    description: payments.description,
    rows: payments.category,
    columns: payments.paymentMethod,
    measure: payments.measure,
    totals: BOTH_TOTALS,
  },
  {
    name: 'disbursements_by_provider_type',
    title: 'Disbursements by provider type',
    sheet: 'Paid by provider type',
    group: 'payments',
    description: payments.description,
    rows: payments.providerType,
    columns: payments.source,
    measure: payments.measure,
    totals: BOTH_TOTALS,
  },
  {
    name: 'disbursements_by_county',
    title: 'Disbursements by county',
    sheet: 'Paid by county',
    group: 'payments',
    description: payments.description,
    rows: payments.county,
    columns: payments.source,
    measure: payments.measure,
    totals: BOTH_TOTALS,
  },
  {
    name: 'survivors_by_trafficking_type_and_age',
    title: 'Survivors served by trafficking type and adult/minor',
    sheet: 'Survivors by trafficking type',
    group: 'survivors',
    description: `${survivors.description} "Unknown" includes not collected.`,
    rows: { heading: 'Trafficking type', field: 'traffickingType', codes: TRAFFICKING_TYPES },
    columns: survivors.ageGroup,
    measure: survivors.measure,
    totals: BOTH_TOTALS,
  },
  {
    name: 'survivors_new_and_continuing',
    title: 'Survivors served: new and continuing',
    sheet: 'Survivors new and continuing',
    group: 'survivors',
    description: ({ newSince }) => `${survivors.description} New: first served on or after ${newSince.day} (${newSince.label}); continuing: first served before.`,
    rows: { heading: 'Survivor', field: 'status', codes: SURVIVOR_STATUS },
    columns: survivors.ageGroup,
    measure: survivors.measure,
    totals: BOTH_TOTALS,
  },
  {
    name: 'survivors_by_gender_and_citizenship',
    title: 'Survivors served by gender and citizenship',
    sheet: 'Survivors gender, citizenship',
    group: 'survivors',
    description: survivors.description,
    rows: { heading: 'Gender', field: 'gender', codes: GENDERS },
    columns: { heading: 'Citizenship', field: 'citizenship', codes: CITIZENSHIP },
    measure: survivors.measure,
    totals: BOTH_TOTALS,
  },
  {
    name: 'pmt_survivors_by_age_group',
    title: 'Survivors served by PMT age group, new and continuing',
    sheet: 'PMT age groups',
    group: 'survivors',
    description: ({ newSince }) =>
      `${survivors.description} Age groups are OVC PMT's (0-12, 13-17, 18-24, 25-59, 60 and older). New: first served on or after ${newSince.day} (${newSince.label}). ${PMT_NOTE}`,
    rows: { heading: 'Age group', field: 'pmtAgeGroup', codes: [...PMT_AGE_GROUPS, 'unknown'] },
    columns: survivors.status,
    measure: survivors.measure,
    totals: BOTH_TOTALS,
  },
  {
    name: 'pmt_survivors_by_gender',
    title: 'Survivors served by gender, new and continuing',
    sheet: 'PMT gender',
    group: 'survivors',
    description: ({ newSince }) => `${survivors.description} New: first served on or after ${newSince.day} (${newSince.label}). ${PMT_NOTE}`,
    rows: { heading: 'Gender', field: 'gender', codes: GENDERS },
    columns: survivors.status,
    measure: survivors.measure,
    totals: BOTH_TOTALS,
  },
  {
    name: 'pmt_survivors_by_victimization',
    title: 'Survivors served by victimization type, new and continuing',
    sheet: 'PMT victimization type',
    group: 'survivors',
    description: ({ newSince }) =>
      `${survivors.description} PMT's human trafficking: sex = Sex + Both; labor = Labor + Both. New: first served on or after ${newSince.day} (${newSince.label}). "Unknown" includes not collected.`,
    rows: { heading: 'Trafficking type', field: 'traffickingType', codes: TRAFFICKING_TYPES },
    columns: survivors.status,
    measure: survivors.measure,
    totals: BOTH_TOTALS,
  },
  {
    name: 'time_to_decision_and_payment',
    title: 'Median time from request to decision and from decision to first payment',
    sheet: 'Time to decision and payment',
    group: 'timeliness',
    description:
      'Decisions (approvals and denials) made in the period, timed from submission; requests first paid in the period, timed from their decision. Medians in days; a median is shown only with a published count.',
    rows: { heading: 'Urgency', field: 'urgency', codes: URGENCIES },
    columns: { heading: 'Interval', field: 'timing', codes: TIMINGS },
    measure: { countOf: 'requests', amountOf: null, medianDays: 'days' },
    totals: COLUMN_TOTALS,
  },
  {
    name: 'donations_received',
    title: 'Donations received by donor kind',
    sheet: 'Donations received',
    group: 'donations',
    description: 'Donations received in the period (by the date received). In-kind donations are valued at their recorded unit values.',
    rows: { heading: 'Donor kind', field: 'donorKind', codes: DONOR_KINDS },
    columns: { heading: 'Donation', field: 'donationKind', codes: DONATION_KINDS },
    measure: { countOf: 'donations', amountOf: 'value received', amount: 'amountCents' },
    totals: BOTH_TOTALS,
  },
  {
    name: 'distributed_by_category',
    title: 'Distributed by expense category: money and in-kind',
    sheet: 'Distributed by category',
    group: 'payments',
    description: payments.description,
    rows: payments.category,
    columns: payments.source,
    measure: payments.measure,
    totals: BOTH_TOTALS,
  },
  {
    name: 'in_kind_by_category',
    title: 'In-kind goods by category: received, distributed, written off',
    sheet: 'In-kind by category',
    group: 'in_kind',
    description:
      'Units of donated goods and cards received (by date received), handed over to requests, and written off (lost, expired, damaged) in the period. Values are units times unit value.',
    rows: { heading: 'Category', field: 'category', codes: STOCK_CATEGORIES },
    columns: { heading: 'Movement', field: 'flow', codes: STOCK_FLOWS },
    measure: { countOf: 'units', count: 'units', amountOf: 'value', amount: 'valueCents' },
    totals: COLUMN_TOTALS,
  },
];

const unmet = {
  description:
    'Requests submitted in the period, by the outcome they had reached at the end of the period (the same counts as the requests table). Amounts are the need left unmet at the end of the period: the amount requested less the amount approved, all of it for a request denied, withdrawn, expired or still pending.',
  measure: { countOf: 'requests', amountOf: 'unmet need', amount: 'unmetCents' },
} as const;

/**
 * The statewide picture's own tables (issue 17.6): the requests tables' counts again, with the
 * unmet need as their amounts. Published only in the statewide report, on the requests group's
 * pattern (`cellsOf`), so they add no count a reader could combine with the others.
 */
export const STATEWIDE_TABLES: readonly AnyTableEntry[] = [
  {
    name: 'unmet_need_by_county',
    title: 'Unmet need by county',
    sheet: 'Unmet need by county',
    group: 'requests',
    cellsOf: 'requests_by_county',
    description: unmet.description,
    rows: requests.county,
    columns: requests.outcome,
    measure: unmet.measure,
    totals: BOTH_TOTALS,
  },
  {
    name: 'unmet_need_by_category',
    title: 'Unmet need by expense category',
    sheet: 'Unmet need by category',
    group: 'requests',
    cellsOf: 'requests_by_category',
    description: unmet.description,
    rows: requests.category,
    columns: requests.outcome,
    measure: unmet.measure,
    totals: BOTH_TOTALS,
  },
];

/** Sheet names of tables built from published ones (the statewide picture's tables by quarter). */
export const DERIVED_SHEETS: Readonly<Record<string, string>> = {
  requests_by_quarter: 'Requests by quarter',
  unmet_need_by_quarter: 'Unmet need by quarter',
};

const SHEETS = new Map([...REPORT_TABLES, ...STATEWIDE_TABLES].map((entry) => [entry.name, entry.sheet] as const).concat(Object.entries(DERIVED_SHEETS)));

/** The workbook sheet of a published table, by its name. */
export const sheetOf = (tableName: string): string | undefined => SHEETS.get(tableName);
