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

/** Optional, already banded, default "not collected": never a birth date, never a town. */
export const AGE_BANDS = ['under_12', '12_17', '18_24', '25_34', '35_49', '50_64', '65_plus', 'not_collected'] as const;
export const TRAFFICKING_TYPES = ['sex', 'labor', 'both', 'unknown', 'not_collected'] as const;
export const CITIZENSHIP = ['us_citizen', 'foreign_national', 'not_collected'] as const;
export const GENDERS = ['female', 'male', 'non_binary', 'not_collected'] as const;
export const DEMOGRAPHIC_COUNTIES = [...COUNTIES, 'not_collected'] as const;

export interface Demographics {
  readonly ageBand: (typeof AGE_BANDS)[number];
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

export function isMinor(ageBand: Demographics['ageBand']): boolean | null {
  if (ageBand === 'not_collected') return null;
  return ageBand === 'under_12' || ageBand === '12_17';
}
