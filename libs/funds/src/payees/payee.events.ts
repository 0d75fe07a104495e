import type { DomainEvent } from '@fund/event-sourcing';

/**
 * Who the fund pays money to: businesses and agencies only. A survivor is never a payee (the
 * fund pays vendors, never cash to a person), so the register has no field a person would fill.
 */
export const PAYEE_KINDS = ['business', 'government_agency', 'nonprofit_agency'] as const;
export type PayeeKind = (typeof PAYEE_KINDS)[number];

export type PayeeRegistered = DomainEvent<
  'PayeeRegistered',
  {
    readonly payeeId: string;
    readonly name: string;
    readonly kind: PayeeKind;
    /** An employer identification number (NN-NNNNNNN), or null: never a person's SSN. */
    readonly taxId: string | null;
  }
>;

export type PayeeEvent = PayeeRegistered;

/**
 * How a money payment to a payee can be found in the bank's and the vendor's records: a check
 * number, an ACH trace number, the last four digits of the coalition's card it was paid with (or
 * of the gift card bought), or the vendor's invoice number.
 */
export const PAYMENT_REFERENCE_KINDS = ['check_number', 'ach_trace', 'card_last_four', 'vendor_invoice'] as const;
export type PaymentReferenceKind = (typeof PAYMENT_REFERENCE_KINDS)[number];

export const PAYMENT_REFERENCE_PATTERNS: Readonly<Record<PaymentReferenceKind, RegExp>> = {
  check_number: /^\d{1,10}$/,
  ach_trace: /^\d{15}$/,
  card_last_four: /^\d{4}$/,
  vendor_invoice: /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/,
};

export interface PaymentReference {
  readonly kind: PaymentReferenceKind;
  readonly value: string;
}
