import { DomainError, type Decider } from '@fund/event-sourcing';
import { MAX_AMOUNT_CENTS, MIN_AMOUNT_CENTS } from '@fund/funds';
import { MAX_QUANTITY } from '@fund/inventory';
import type { DonationEvent, DonorKind, InKindDonationRecorded, InKindItem, MonetaryDonationRecorded } from './donation.events';

export const DONOR_REFERENCE_PATTERN = /^[A-Za-z0-9-]{1,40}$/;
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_ITEMS = 50;

export function donationStreamId(donationId: string): string {
  return `donation-${donationId}`;
}

interface DonationBasics {
  readonly donationId: string;
  readonly donorKind: DonorKind;
  readonly donorReference: string | null;
  readonly receivedOn: string;
  /** When the gift is recorded: a donation cannot arrive after this day (see `dayOf`). */
  readonly now: Date;
}

export type RecordMonetaryDonation = {
  readonly type: 'RecordMonetaryDonation';
  readonly data: DonationBasics & {
    readonly fundId: string;
    readonly amountCents: number;
    readonly restricted: boolean;
    /** The receiving fund's restriction, or null when it is not open (the fund refuses that itself). */
    readonly fundRestricted: boolean | null;
  };
};
export type RecordInKindDonation = {
  readonly type: 'RecordInKindDonation';
  readonly data: DonationBasics & { readonly items: readonly InKindItem[] };
};
export type DonationCommand = RecordMonetaryDonation | RecordInKindDonation;

export type DonationRecord = ({ readonly kind: 'monetary' } & MonetaryDonationRecorded['data']) | ({ readonly kind: 'in_kind' } & InKindDonationRecorded['data']);

export type DonationState = { readonly status: 'none' } | { readonly status: 'recorded'; readonly donation: DonationRecord };

const initialState = (): DonationState => ({ status: 'none' });

function invalid(code: string, message: string, field: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError(code, message, { field, ...details }, 'validation');
}

function isCalendarDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function requireBasics(state: DonationState, data: DonationBasics): void {
  if (state.status !== 'none') throw new DomainError('DONATION.ALREADY_RECORDED', 'This donation is already recorded', { donationId: data.donationId }, 'conflict');
  if (data.donorReference !== null && !DONOR_REFERENCE_PATTERN.test(data.donorReference)) {
    throw invalid('DONATION.INVALID_DONOR_REFERENCE', 'donorReference is a short code of letters, digits and dashes, never a name', 'donorReference');
  }
  if (!isCalendarDate(data.receivedOn)) throw invalid('DONATION.INVALID_RECEIVED_ON', 'receivedOn must be a date like 2026-11-02', 'receivedOn');
  const today = dayOf(data.now);
  if (data.receivedOn > today) {
    throw invalid('DONATION.RECEIVED_ON_IN_FUTURE', 'receivedOn cannot be later than today', 'receivedOn', { latestAllowed: today });
  }
}

function requireWhole(value: number, min: number, max: number, code: string, field: string): void {
  if (!Number.isInteger(value) || value < min || value > max) throw invalid(code, `${field} must be a whole number from ${min} to ${max}`, field, { min, max });
}

function recordMonetary({ data }: RecordMonetaryDonation, state: DonationState): DonationEvent[] {
  requireBasics(state, data);
  requireWhole(data.amountCents, MIN_AMOUNT_CENTS, MAX_AMOUNT_CENTS, 'DONATION.INVALID_AMOUNT', 'amountCents');
  // Restricted money (a grant for one purpose) must never mix with money the council may spend freely.
  if (data.fundRestricted !== null && data.fundRestricted !== data.restricted) {
    const message = data.restricted ? 'A restricted donation needs a restricted fund' : 'An unrestricted donation needs an unrestricted fund';
    throw new DomainError('DONATION.RESTRICTION_MISMATCH', message, { restricted: data.restricted, fundRestricted: data.fundRestricted });
  }
  const { donationId, fundId, amountCents, restricted, donorKind, donorReference, receivedOn } = data;
  return [{ type: 'MonetaryDonationRecorded', data: { donationId, fundId, amountCents, restricted, donorKind, donorReference, receivedOn } }];
}

function recordInKind({ data }: RecordInKindDonation, state: DonationState): DonationEvent[] {
  requireBasics(state, data);
  if (data.items.length === 0) throw invalid('DONATION.NO_ITEMS', 'An in-kind donation lists at least one item', 'items');
  if (data.items.length > MAX_ITEMS) throw invalid('DONATION.TOO_MANY_ITEMS', `An in-kind donation lists at most ${MAX_ITEMS} items`, 'items', { max: MAX_ITEMS });
  const seen = new Set<string>();
  data.items.forEach((item, index) => {
    requireWhole(item.quantity, 1, MAX_QUANTITY, 'DONATION.INVALID_QUANTITY', `items.${index}.quantity`);
    requireWhole(item.unitValueCents, MIN_AMOUNT_CENTS, MAX_AMOUNT_CENTS, 'DONATION.INVALID_AMOUNT', `items.${index}.unitValueCents`);
    // One line per stock item: each line becomes one StockReceived on that item's stream.
    if (seen.has(item.itemId)) throw invalid('DONATION.DUPLICATE_ITEM', 'Each stock item appears once; put all its units on one line', `items.${index}.itemId`);
    seen.add(item.itemId);
  });
  const { donationId, donorKind, donorReference, receivedOn } = data;
  const items = data.items.map(({ itemId, kind, category, quantity, unitValueCents, valuationMethod, serials }) => ({
    itemId,
    kind,
    category,
    quantity,
    unitValueCents,
    valuationMethod,
    serials: serials && serials.length > 0 ? [...serials] : null,
  }));
  return [{ type: 'InKindDonationRecorded', data: { donationId, donorKind, donorReference, receivedOn, items } }];
}

function decide(command: DonationCommand, state: DonationState): DonationEvent[] {
  switch (command.type) {
    case 'RecordMonetaryDonation':
      return recordMonetary(command, state);
    case 'RecordInKindDonation':
      return recordInKind(command, state);
  }
}

function evolve(state: DonationState, event: DonationEvent): DonationState {
  switch (event.type) {
    case 'MonetaryDonationRecorded':
      return { status: 'recorded', donation: { kind: 'monetary', ...event.data } };
    case 'InKindDonationRecorded':
      return { status: 'recorded', donation: { kind: 'in_kind', ...event.data } };
  }
}

export const donationDecider: Decider<DonationState, DonationCommand, DonationEvent> = { initialState, evolve, decide };

/** The command's day as the decider sees it. UTC runs ahead of the fund's US time zone, so a gift received today locally is never refused. */
export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}
