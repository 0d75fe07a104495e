import { COUNTIES } from '@fund/organizations';

export const PAYMENT_METHODS = ['gift_card', 'bus_pass', 'phone_card', 'vendor_payment', 'donated_goods'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** `emergency` may take the expedited path when the protocol allows it and the amount is small. */
export const URGENCIES = ['standard', 'urgent', 'emergency'] as const;
export type Urgency = (typeof URGENCIES)[number];

// Codes, not free text: the reasons and questions that travel in events and reports.
export const DENIAL_REASONS = [
  'ineligible_need',
  'over_cap',
  'insufficient_information',
  'duplicate_request',
  'other_resources_available',
  'outside_fund_purpose',
] as const;
export type DenialReason = (typeof DENIAL_REASONS)[number];

export const QUESTION_CODES = ['confirm_amount', 'vendor_details', 'receipt_plan', 'eligibility', 'timing', 'other_resources'] as const;
export type QuestionCode = (typeof QUESTION_CODES)[number];

export const LOST_RECEIPT_REASONS = ['lost', 'vendor_gave_none', 'unsafe_to_obtain', 'survivor_unreachable'] as const;
export type LostReceiptReason = (typeof LOST_RECEIPT_REASONS)[number];

/**
 * Optional, already banded, default "not collected": never a birth date, never a town. The bands
 * are OVC PMT's age groups (0-12, 13-17, 18-24, 25-59, 60 and older), and every one is wholly a
 * minor or wholly an adult, so they add up exactly to PMT's groups and to TIMS's adult/minor
 * (docs/reporting.md). Nothing finer is collected: no report needs it.
 */
export const AGE_BANDS = ['0_12', '13_17', '18_24', '25_59', '60_plus', 'not_collected'] as const;
/**
 * What a stored request may hold: the bands above, or one of two codes for requests recorded
 * under the earlier bands (12-17 and 50-64) that straddle a PMT boundary. Those are known to be
 * a minor or an adult and nothing more; new requests cannot use them.
 */
export const STORED_AGE_BANDS = [...AGE_BANDS, 'minor_unbanded', 'adult_unbanded'] as const;
export type StoredAgeBand = (typeof STORED_AGE_BANDS)[number];

/** The earlier bands (schema version 1 of FundRequestSubmitted) lifted to the current ones. */
const EARLIER_AGE_BANDS: Readonly<Record<string, StoredAgeBand>> = {
  under_12: '0_12',
  '12_17': 'minor_unbanded',
  '25_34': '25_59',
  '35_49': '25_59',
  '50_64': 'adult_unbanded',
  '65_plus': '60_plus',
};

/** A stored age band in today's codes; anything unrecognised is "not collected". */
export function currentAgeBand(value: unknown): StoredAgeBand {
  if (typeof value !== 'string') return 'not_collected';
  const earlier = EARLIER_AGE_BANDS[value];
  if (earlier) return earlier;
  return (STORED_AGE_BANDS as readonly string[]).includes(value) ? (value as StoredAgeBand) : 'not_collected';
}
export const TRAFFICKING_TYPES = ['sex', 'labor', 'both', 'unknown', 'not_collected'] as const;
export const CITIZENSHIP = ['us_citizen', 'foreign_national', 'not_collected'] as const;
export const GENDERS = ['female', 'male', 'non_binary', 'not_collected'] as const;
export const DEMOGRAPHIC_COUNTIES = [...COUNTIES, 'not_collected'] as const;

export interface Demographics {
  readonly ageBand: StoredAgeBand;
  readonly county: (typeof DEMOGRAPHIC_COUNTIES)[number];
  readonly traffickingType: (typeof TRAFFICKING_TYPES)[number];
  readonly citizenship: (typeof CITIZENSHIP)[number];
  readonly gender: (typeof GENDERS)[number];
}

export const NOT_COLLECTED: Demographics = {
  ageBand: 'not_collected',
  county: 'not_collected',
  traffickingType: 'not_collected',
  citizenship: 'not_collected',
  gender: 'not_collected',
};

export function isMinor(ageBand: StoredAgeBand): boolean | null {
  if (ageBand === 'not_collected') return null;
  return ageBand === '0_12' || ageBand === '13_17' || ageBand === 'minor_unbanded';
}
