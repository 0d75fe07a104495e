import { createHmac } from 'node:crypto';
import type { RecordedEvent } from '@fund/event-sourcing';
import { DONOR_KINDS, type InKindDonationRecorded, type MonetaryDonationRecorded } from '@fund/donations';
import type { DisbursementVoided, MoneyDisbursed, MoneyReserved, ReservationReleased } from '@fund/funds';
import {
  CITIZENSHIP,
  DEMOGRAPHIC_COUNTIES,
  GENDERS,
  PAYMENT_METHODS,
  URGENCIES,
  isMinor,
  currentAgeBand,
  type DisbursementRecorded,
  type FundRequestApproved,
  type FundRequestClosed,
  type FundRequestDenied,
  type FundRequestExpired,
  type FundRequestSubmitted,
  type FundRequestWithdrawn,
  type GrantCommitmentReleased,
  type RequestDisbursementVoided,
} from '@fund/fund-requests';
import { STOCK_CATEGORIES, STOCK_KINDS, type StockAdjusted, type StockIssued, type StockReceived } from '@fund/inventory';
import { COUNTIES, PROVIDER_TYPES, type OrganizationRegistered } from '@fund/organizations';
import { EXPENSE_CATEGORIES } from '@fund/protocols';
import { isCalendarDate } from './periods';

/**
 * The one door between the event store and reporting. Every report is computed from these
 * facts, never from events: a fact has no survivor reference, no request, disbursement,
 * donation, organization, item or user id, and no text. What links facts together (a request's
 * decision to its submission, a survivor's requests to each other) is a keyed digest
 * (HMAC-SHA256 under a secret that lives only in the reporting tables and is never exported),
 * so the read model can count distinct survivors and time decisions without holding a
 * reference or an id. Every other string is checked against a closed vocabulary; anything else
 * becomes `unknown`. Numbers are amounts, quantities and times.
 */

export type Digest = string;
/** ISO instant (`2026-10-05T14:03:00.000Z`), normalised through Date so it can carry nothing else. */
export type Instant = string;
/** `YYYY-MM-DD`. */
export type Day = string;

type Of<T extends readonly string[]> = T[number];
export type Unknown = 'unknown';
export type TraffickingType = 'sex' | 'labor' | 'both' | 'unknown';
export type AgeGroup = 'adult' | 'minor' | 'unknown';

export interface OrganizationRegisteredFact {
  readonly kind: 'organization_registered';
  readonly orgKey: Digest;
  readonly providerType: Of<typeof PROVIDER_TYPES> | Unknown;
  readonly county: Of<typeof COUNTIES>;
}

export interface RequestSubmittedFact {
  readonly kind: 'request_submitted';
  readonly requestKey: Digest;
  readonly survivorKey: Digest;
  readonly orgKey: Digest;
  readonly occurredAt: Instant;
  readonly category: Of<typeof EXPENSE_CATEGORIES> | Unknown;
  readonly amountCents: number;
  readonly paymentMethod: Of<typeof PAYMENT_METHODS> | Unknown;
  readonly urgency: Of<typeof URGENCIES> | Unknown;
  /** The survivor's county as the advocate recorded it; `not_collected` when it wasn't. */
  readonly county: Of<typeof DEMOGRAPHIC_COUNTIES>;
  /** `not_collected` folds into `unknown`: funders ask for sex / labor / both / unknown. */
  readonly traffickingType: TraffickingType;
  readonly ageGroup: AgeGroup;
  /** OVC PMT's age group; `unknown` also for bands recorded before them that straddle one. */
  readonly pmtAgeGroup: PmtAgeGroup;
  readonly citizenship: Of<typeof CITIZENSHIP>;
  readonly gender: Of<typeof GENDERS>;
}

export interface RequestDecidedFact {
  readonly kind: 'request_decided';
  readonly requestKey: Digest;
  readonly occurredAt: Instant;
  readonly outcome: 'approved' | 'denied';
  /** The amount approved; 0 for a denial. */
  readonly amountCents: number;
}

export interface RequestEndedFact {
  readonly kind: 'request_ended';
  readonly requestKey: Digest;
  readonly occurredAt: Instant;
  readonly reason: 'withdrawn' | 'expired' | 'closed';
}

export interface RequestPaidFact {
  readonly kind: 'request_paid';
  readonly requestKey: Digest;
  readonly paymentKey: Digest;
  readonly occurredAt: Instant;
  readonly amountCents: number;
  readonly source: 'money' | 'stock';
  readonly paymentMethod: Of<typeof PAYMENT_METHODS> | Unknown;
}

export interface PaymentVoidedFact {
  readonly kind: 'payment_voided';
  readonly requestKey: Digest;
  readonly paymentKey: Digest;
  readonly occurredAt: Instant;
}

export interface DonationReceivedFact {
  readonly kind: 'donation_received';
  readonly donationKey: Digest;
  readonly occurredOn: Day;
  /** The day the donation was recorded: a late record counts in the quarter it was recorded in. */
  readonly recordedOn: Day;
  readonly donationKind: 'monetary' | 'in_kind';
  readonly donorKind: Of<typeof DONOR_KINDS> | Unknown;
  /** Monetary only: whether the donor limited what the money may pay for. */
  readonly restricted: boolean | null;
  /** Total value: the money, or the sum of quantity x unit value of the items. */
  readonly amountCents: number;
  /** In-kind only: one line per item given. */
  readonly items: readonly { readonly category: Of<typeof STOCK_CATEGORIES> | Unknown; readonly quantity: number; readonly amountCents: number }[];
}

export interface StockReceivedFact {
  readonly kind: 'stock_received';
  readonly itemKey: Digest;
  readonly stockKind: Of<typeof STOCK_KINDS> | Unknown;
  readonly category: Of<typeof STOCK_CATEGORIES> | Unknown;
  readonly unitValueCents: number;
}

export interface StockMovedFact {
  readonly kind: 'stock_issued' | 'stock_written_off';
  readonly movementKey: Digest;
  readonly itemKey: Digest;
  readonly occurredOn: Day;
  readonly quantity: number;
}

/**
 * An approval's unpaid money given back when its grant was closed out: the approval now stands at
 * what was paid, so the rest is need left unmet from then on.
 */
export interface ApprovalReleasedFact {
  readonly kind: 'approval_released';
  readonly requestKey: Digest;
  readonly occurredAt: Instant;
  readonly releasedCents: number;
}

/** Money promised to approved requests and not yet paid or released, as it changes. */
export interface CommitmentChangedFact {
  readonly kind: 'commitment_changed';
  readonly movementKey: Digest;
  readonly occurredAt: Instant;
  readonly deltaCents: number;
}

export type ReportingFact =
  | OrganizationRegisteredFact
  | RequestSubmittedFact
  | RequestDecidedFact
  | RequestEndedFact
  | RequestPaidFact
  | PaymentVoidedFact
  | DonationReceivedFact
  | StockReceivedFact
  | StockMovedFact
  | ApprovalReleasedFact
  | CommitmentChangedFact;

/** The events reporting reads. Any other type maps to no fact. */
export const REPORTING_EVENT_TYPES = [
  'OrganizationRegistered',
  'FundRequestSubmitted',
  'FundRequestApproved',
  'FundRequestDenied',
  'FundRequestWithdrawn',
  'FundRequestExpired',
  'FundRequestClosed',
  'GrantCommitmentReleased',
  'DisbursementRecorded',
  'RequestDisbursementVoided',
  'MonetaryDonationRecorded',
  'InKindDonationRecorded',
  'StockReceived',
  'StockIssued',
  'StockAdjusted',
  'MoneyReserved',
  'ReservationReleased',
  'MoneyDisbursed',
  'DisbursementVoided',
] as const;
export type ReportingEventType = (typeof REPORTING_EVENT_TYPES)[number];

/** Separate namespaces, so the same string used as two kinds of id never gives the same key. */
export type KeyNamespace = 'request' | 'survivor' | 'organization' | 'payment' | 'donation' | 'item' | 'event';
export type Keyer = (namespace: KeyNamespace, value: string) => Digest;

export function keyerFor(secret: Buffer): Keyer {
  return (namespace, value) => createHmac('sha256', secret).update(`${namespace}\u0000${value}`).digest('hex');
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})$/;

function instant(value: unknown): Instant | null {
  if (typeof value !== 'string' || !INSTANT.test(value)) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function day(value: unknown): Day | null {
  return typeof value === 'string' && isCalendarDate(value) ? value : null;
}

function oneOf<const T extends readonly string[], F extends string>(vocabulary: T, value: unknown, fallback: F): T[number] | F {
  return typeof value === 'string' && (vocabulary as readonly string[]).includes(value) ? value : fallback;
}

/** Amounts and quantities: whole, non-negative, bounded; anything else counts as nothing. */
function whole(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= 1e12 ? value : 0;
}

function id(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

const REQUEST_STREAM = 'fund-request-';

/** The request a fund-request stream event is about, from its stream (later events do not repeat it). */
function requestIdOf(event: RecordedEvent): string | null {
  return event.streamId.startsWith(REQUEST_STREAM) ? id(event.streamId.slice(REQUEST_STREAM.length)) : null;
}

function ageGroupOf(ageBand: unknown): AgeGroup {
  const minor = isMinor(currentAgeBand(ageBand));
  return minor === null ? 'unknown' : minor ? 'minor' : 'adult';
}

/** PMT's age groups are the collected bands (vocabulary.ts); earlier straddling bands are not reported. */
export const PMT_AGE_GROUPS = ['0_12', '13_17', '18_24', '25_59', '60_plus'] as const;
export type PmtAgeGroup = Of<typeof PMT_AGE_GROUPS> | Unknown;

function pmtAgeGroupOf(ageBand: unknown): PmtAgeGroup {
  return oneOf(PMT_AGE_GROUPS, currentAgeBand(ageBand), 'unknown');
}

function isReportingType(type: string): type is ReportingEventType {
  return (REPORTING_EVENT_TYPES as readonly string[]).includes(type);
}

/**
 * Maps one stored event to the fact reporting keeps, or null for events reporting does not use
 * (votes, questions, receipts, protocols...) and for events it cannot place (no request stream).
 */
/** Whether `anonymize` may make a fact of this event (so a batch without any can be skipped). */
export function mayAnonymize(event: RecordedEvent): boolean {
  return isReportingType(event.type);
}

export function anonymize(event: RecordedEvent, key: Keyer): ReportingFact | null {
  if (!isReportingType(event.type)) return null;
  const recordedAt = instant(event.metadata.occurredAt);
  if (recordedAt === null) return null;
  // Only stock and commitment facts carry it; a digest is the costly part of this function.
  const movementKey = () => key('event', event.metadata.eventId);
  const requestId = requestIdOf(event);
  const requestKey = requestId === null ? null : key('request', requestId);

  switch (event.type) {
    case 'OrganizationRegistered': {
      const d = event.data as Partial<OrganizationRegistered['data']>;
      const organizationId = id(d.organizationId);
      if (organizationId === null) return null;
      return {
        kind: 'organization_registered',
        orgKey: key('organization', organizationId),
        providerType: oneOf(PROVIDER_TYPES, d.providerType, 'unknown'),
        county: oneOf(COUNTIES, d.county, 'unknown'),
      };
    }
    case 'FundRequestSubmitted': {
      const d = event.data as Partial<FundRequestSubmitted['data']>;
      const reference = id(d.survivorReference);
      const organizationId = id(d.organizationId);
      if (requestKey === null || reference === null || organizationId === null) return null;
      const demographics: Partial<FundRequestSubmitted['data']['demographics']> = typeof d.demographics === 'object' && d.demographics !== null ? d.demographics : {};
      return {
        kind: 'request_submitted',
        requestKey,
        survivorKey: key('survivor', reference),
        orgKey: key('organization', organizationId),
        occurredAt: instant(d.submittedAt) ?? recordedAt,
        category: oneOf(EXPENSE_CATEGORIES, d.category, 'unknown'),
        amountCents: whole(d.amountCents),
        paymentMethod: oneOf(PAYMENT_METHODS, d.paymentMethod, 'unknown'),
        urgency: oneOf(URGENCIES, d.urgency, 'unknown'),
        county: oneOf(DEMOGRAPHIC_COUNTIES, demographics.county, 'not_collected'),
        traffickingType: oneOf(['sex', 'labor', 'both'] as const, demographics.traffickingType, 'unknown'),
        ageGroup: ageGroupOf(demographics.ageBand),
        pmtAgeGroup: pmtAgeGroupOf(demographics.ageBand),
        citizenship: oneOf(CITIZENSHIP, demographics.citizenship, 'not_collected'),
        gender: oneOf(GENDERS, demographics.gender, 'not_collected'),
      };
    }
    case 'FundRequestApproved':
    case 'FundRequestDenied': {
      if (requestKey === null) return null;
      const d = event.data as Partial<FundRequestApproved['data'] & FundRequestDenied['data']>;
      const approved = event.type === 'FundRequestApproved';
      return {
        kind: 'request_decided',
        requestKey,
        occurredAt: instant(d.decidedAt) ?? recordedAt,
        outcome: approved ? 'approved' : 'denied',
        amountCents: approved ? whole(d.amountCents) : 0,
      };
    }
    case 'FundRequestWithdrawn':
    case 'FundRequestExpired':
    case 'FundRequestClosed': {
      if (requestKey === null) return null;
      const d = event.data as Partial<FundRequestWithdrawn['data'] & FundRequestExpired['data'] & FundRequestClosed['data']>;
      const reason = event.type === 'FundRequestWithdrawn' ? 'withdrawn' : event.type === 'FundRequestExpired' ? 'expired' : 'closed';
      return { kind: 'request_ended', requestKey, occurredAt: instant(d.closedAt) ?? recordedAt, reason };
    }
    case 'GrantCommitmentReleased': {
      if (requestKey === null) return null;
      const d = event.data as Partial<GrantCommitmentReleased['data']>;
      return { kind: 'approval_released', requestKey, occurredAt: instant(d.releasedAt) ?? recordedAt, releasedCents: whole(d.releasedCents) };
    }
    case 'DisbursementRecorded': {
      const d = event.data as Partial<DisbursementRecorded['data']>;
      const disbursementId = id(d.disbursementId);
      if (requestKey === null || disbursementId === null) return null;
      return {
        kind: 'request_paid',
        requestKey,
        paymentKey: key('payment', disbursementId),
        occurredAt: instant(d.disbursedAt) ?? recordedAt,
        amountCents: whole(d.amountCents),
        source: d.source === 'stock' ? 'stock' : 'money',
        paymentMethod: oneOf(PAYMENT_METHODS, d.paymentMethod, 'unknown'),
      };
    }
    case 'RequestDisbursementVoided': {
      const d = event.data as Partial<RequestDisbursementVoided['data']>;
      const disbursementId = id(d.disbursementId);
      if (requestKey === null || disbursementId === null) return null;
      return { kind: 'payment_voided', requestKey, paymentKey: key('payment', disbursementId), occurredAt: recordedAt };
    }
    case 'MonetaryDonationRecorded': {
      const d = event.data as Partial<MonetaryDonationRecorded['data']>;
      const donationId = id(d.donationId);
      if (donationId === null) return null;
      return {
        kind: 'donation_received',
        donationKey: key('donation', donationId),
        occurredOn: day(d.receivedOn) ?? recordedAt.slice(0, 10),
        recordedOn: recordedAt.slice(0, 10),
        donationKind: 'monetary',
        donorKind: oneOf(DONOR_KINDS, d.donorKind, 'unknown'),
        restricted: d.restricted === true,
        amountCents: whole(d.amountCents),
        items: [],
      };
    }
    case 'InKindDonationRecorded': {
      const d = event.data as Partial<InKindDonationRecorded['data']>;
      const donationId = id(d.donationId);
      if (donationId === null) return null;
      const items = (Array.isArray(d.items) ? d.items : []).map((item: Partial<InKindDonationRecorded['data']['items'][number]>) => {
        const quantity = whole(item.quantity);
        return { category: oneOf(STOCK_CATEGORIES, item.category, 'unknown'), quantity, amountCents: quantity * whole(item.unitValueCents) };
      });
      return {
        kind: 'donation_received',
        donationKey: key('donation', donationId),
        occurredOn: day(d.receivedOn) ?? recordedAt.slice(0, 10),
        recordedOn: recordedAt.slice(0, 10),
        donationKind: 'in_kind',
        donorKind: oneOf(DONOR_KINDS, d.donorKind, 'unknown'),
        restricted: null,
        amountCents: items.reduce((sum, item) => sum + item.amountCents, 0),
        items,
      };
    }
    case 'StockReceived': {
      const d = event.data as Partial<StockReceived['data']>;
      const itemId = id(d.itemId);
      if (itemId === null) return null;
      return {
        kind: 'stock_received',
        itemKey: key('item', itemId),
        stockKind: oneOf(STOCK_KINDS, d.kind, 'unknown'),
        category: oneOf(STOCK_CATEGORIES, d.category, 'unknown'),
        unitValueCents: whole(d.unitValueCents),
      };
    }
    case 'StockIssued':
    case 'StockAdjusted': {
      const d = event.data as Partial<StockIssued['data'] & StockAdjusted['data']>;
      const itemId = id(d.itemId);
      if (itemId === null) return null;
      const quantity = event.type === 'StockIssued' ? whole(d.quantity) : whole(typeof d.quantityDelta === 'number' ? -d.quantityDelta : 0);
      return {
        kind: event.type === 'StockIssued' ? 'stock_issued' : 'stock_written_off',
        movementKey: movementKey(),
        itemKey: key('item', itemId),
        occurredOn: recordedAt.slice(0, 10),
        quantity,
      };
    }
    case 'MoneyReserved':
    case 'ReservationReleased':
    case 'MoneyDisbursed':
    case 'DisbursementVoided': {
      const d = event.data as Partial<(MoneyReserved | ReservationReleased | MoneyDisbursed | DisbursementVoided)['data']>;
      // Reserving (and a void, which puts money back into the request's reservation) raises
      // what is promised; paying it out or releasing it lowers it.
      const sign = event.type === 'MoneyReserved' || event.type === 'DisbursementVoided' ? 1 : -1;
      return { kind: 'commitment_changed', movementKey: movementKey(), occurredAt: recordedAt, deltaCents: sign * whole(d.amountCents) };
    }
  }
}
