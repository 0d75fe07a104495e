import type { RecordedEvent } from '@fund/event-sourcing';
import { DONOR_KINDS, VALUATION_METHODS, type InKindDonationRecorded, type MonetaryDonationRecorded } from '@fund/donations';
import {
  currentAgeBand,
  DENIAL_REASONS,
  PAYMENT_METHODS,
  TRAFFICKING_TYPES,
  URGENCIES,
  isMinor,
  type DisbursementRecorded,
  type FundRequestApproved,
  type FundRequestClosed,
  type FundRequestDenied,
  type FundRequestExpired,
  type FundRequestSubmitted,
  type FundRequestWithdrawn,
  type RequestDisbursementVoided,
} from '@fund/fund-requests';
import { STOCK_CATEGORIES, STOCK_KINDS } from '@fund/inventory';
import { COUNTIES, PROVIDER_TYPES, type OrganizationRegistered } from '@fund/organizations';
import { EXPENSE_CATEGORIES } from '@fund/protocols';
import { fiscalPeriodOf } from './fiscal-period';
import type { AgeGroup, InKindItemV1, IntegrationEvent, IntegrationEventType, RequestContext, TraffickingType } from './integration-events';
import { requestIdOfStream, type FactChange, type KnownFacts, type RequestFacts } from './relay-facts';

/**
 * The one door from domain events to integration events. Nothing is copied through: every
 * string is checked against a closed vocabulary (anything else becomes `unknown`), every number
 * is forced to a bounded whole number, instants are re-written through Date. Ids are used only
 * to look facts up and never leave; a free-text or id field added to a domain event later
 * cannot reach Kafka without a change here and a new schema version.
 */
export interface MappedEvent {
  /** Null for events that are not public (votes, questions, receipts, stock, funds...). */
  readonly event: IntegrationEvent | null;
  /** What the relay must remember to describe later events of the same request. */
  readonly changes: readonly FactChange[];
}

const NOTHING: MappedEvent = { event: null, changes: [] };
const HOUR_MS = 3_600_000;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function oneOf<const T extends readonly string[], F extends string>(vocabulary: T, value: unknown, fallback: F): T[number] | F {
  return typeof value === 'string' && (vocabulary as readonly string[]).includes(value) ? value : fallback;
}

/** Amounts and quantities: whole, non-negative, bounded; anything else counts as nothing. */
function whole(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= 1e12 ? value : 0;
}

function instant(value: unknown): string | null {
  if (typeof value !== 'string' || !INSTANT.test(value)) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** A calendar day, checked by a round trip so `2026-02-30` is refused. */
function day(value: unknown): string | null {
  if (typeof value !== 'string' || !DAY.test(value)) return null;
  const time = Date.parse(`${value}T00:00:00.000Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value ? value : null;
}

function hoursBetween(from: string, to: string): number {
  return Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / HOUR_MS));
}

function idOf(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function traffickingTypeOf(value: unknown): TraffickingType {
  return oneOf(TRAFFICKING_TYPES, value, 'unknown');
}

function ageGroupOf(ageBand: unknown): AgeGroup {
  const minor = isMinor(currentAgeBand(ageBand));
  return minor === null ? 'not_collected' : minor ? 'minor' : 'adult';
}

function contextOf(facts: RequestFacts): RequestContext {
  return { category: facts.category, providerType: facts.providerType, county: facts.county };
}

function envelope<T extends IntegrationEventType>(event: RecordedEvent, type: T, occurredAt: string, periodDay: string) {
  return { id: event.metadata.eventId, type, occurredAt, period: fiscalPeriodOf(periodDay) };
}

/** Partial views of event data: stored events are trusted for shape only as far as checked here. */
type DataOf<E extends { data: object }> = Partial<E['data']>;

export function mapEvent(event: RecordedEvent, known: KnownFacts): MappedEvent {
  const occurredAt = instant(event.metadata.occurredAt) ?? event.recordedAt.toISOString();
  const today = occurredAt.slice(0, 10);

  if (event.type === 'OrganizationRegistered') {
    const d = event.data as DataOf<OrganizationRegistered>;
    const organizationId = idOf(d.organizationId);
    if (organizationId === null) return NOTHING;
    const facts = { providerType: oneOf(PROVIDER_TYPES, d.providerType, 'unknown'), county: oneOf(COUNTIES, d.county, 'unknown') };
    return { event: null, changes: [{ table: 'organization', id: organizationId, facts }] };
  }

  if (event.type === 'MonetaryDonationRecorded') {
    const d = event.data as DataOf<MonetaryDonationRecorded>;
    return {
      event: {
        ...envelope(event, 'fund.donation.received.v1', occurredAt, day(d.receivedOn) ?? today),
        data: { amountCents: whole(d.amountCents), donorKind: oneOf(DONOR_KINDS, d.donorKind, 'unknown'), restricted: d.restricted === true },
      },
      changes: [],
    };
  }

  if (event.type === 'InKindDonationRecorded') {
    const d = event.data as DataOf<InKindDonationRecorded>;
    const items: InKindItemV1[] = (Array.isArray(d.items) ? d.items : []).map((item: Partial<InKindDonationRecorded['data']['items'][number]>) => ({
      kind: oneOf(STOCK_KINDS, item.kind, 'unknown'),
      category: oneOf(STOCK_CATEGORIES, item.category, 'unknown'),
      quantity: whole(item.quantity),
      unitValueCents: whole(item.unitValueCents),
      valuationMethod: oneOf(VALUATION_METHODS, item.valuationMethod, 'unknown'),
    }));
    return {
      event: {
        ...envelope(event, 'fund.in-kind.received.v1', occurredAt, day(d.receivedOn) ?? today),
        data: {
          donorKind: oneOf(DONOR_KINDS, d.donorKind, 'unknown'),
          totalValueCents: items.reduce((sum, item) => sum + item.quantity * item.unitValueCents, 0),
          items,
        },
      },
      changes: [],
    };
  }

  const requestId = requestIdOfStream(event.streamId);
  if (requestId === null) return NOTHING;

  if (event.type === 'FundRequestSubmitted') {
    const d = event.data as DataOf<FundRequestSubmitted>;
    const organizationId = idOf(d.organizationId);
    const organization = organizationId === null ? undefined : known.organization(organizationId);
    const demographics: Partial<FundRequestSubmitted['data']['demographics']> = typeof d.demographics === 'object' && d.demographics !== null ? d.demographics : {};
    const facts: RequestFacts = {
      category: oneOf(EXPENSE_CATEGORIES, d.category, 'unknown'),
      providerType: organization?.providerType ?? 'unknown',
      county: organization?.county ?? 'unknown',
      requestedAmountCents: whole(d.amountCents),
      submittedAt: occurredAt,
      approvedAmountCents: 0,
      disbursedCents: 0,
    };
    return {
      event: {
        ...envelope(event, 'fund.request.submitted.v1', occurredAt, today),
        data: {
          ...contextOf(facts),
          amountCents: facts.requestedAmountCents,
          paymentMethod: oneOf(PAYMENT_METHODS, d.paymentMethod, 'unknown'),
          urgency: oneOf(URGENCIES, d.urgency, 'unknown'),
          expedited: d.expedited === true,
          traffickingType: traffickingTypeOf(demographics.traffickingType),
          ageGroup: ageGroupOf(demographics.ageBand),
        },
      },
      changes: [{ table: 'request', id: requestId, facts }],
    };
  }

  // Every later request event is described with what its submission said; a request the relay
  // never saw submitted cannot be placed, so it is not published rather than published wrong.
  const request = known.request(requestId);
  if (request === undefined) return NOTHING;
  const context = contextOf(request);

  switch (event.type) {
    case 'FundRequestApproved': {
      const d = event.data as DataOf<FundRequestApproved>;
      const amountCents = whole(d.amountCents);
      return {
        event: {
          ...envelope(event, 'fund.request.approved.v1', occurredAt, today),
          data: {
            ...context,
            amountCents,
            requestedAmountCents: request.requestedAmountCents,
            expedited: d.expedited === true,
            hoursToDecision: hoursBetween(request.submittedAt, occurredAt),
          },
        },
        changes: [{ table: 'request', id: requestId, facts: { ...request, approvedAmountCents: amountCents } }],
      };
    }
    case 'FundRequestDenied': {
      const d = event.data as DataOf<FundRequestDenied>;
      return {
        event: {
          ...envelope(event, 'fund.request.denied.v1', occurredAt, today),
          data: {
            ...context,
            requestedAmountCents: request.requestedAmountCents,
            reasonCode: oneOf(DENIAL_REASONS, d.reasonCode, 'unknown'),
            hoursToDecision: hoursBetween(request.submittedAt, occurredAt),
          },
        },
        changes: [],
      };
    }
    case 'DisbursementRecorded': {
      const d = event.data as DataOf<DisbursementRecorded>;
      const disbursementId = idOf(d.disbursementId);
      const payment = { amountCents: whole(d.amountCents), paymentMethod: oneOf(PAYMENT_METHODS, d.paymentMethod, 'unknown'), source: d.source === 'stock' ? ('stock' as const) : ('money' as const) };
      const changes: FactChange[] = [{ table: 'request', id: requestId, facts: { ...request, disbursedCents: request.disbursedCents + payment.amountCents } }];
      if (disbursementId !== null) changes.push({ table: 'disbursement', id: disbursementId, facts: payment });
      return {
        event: { ...envelope(event, 'fund.request.disbursed.v1', occurredAt, today), data: { ...context, ...payment, hoursToPayment: hoursBetween(request.submittedAt, occurredAt) } },
        changes,
      };
    }
    case 'RequestDisbursementVoided': {
      const d = event.data as DataOf<RequestDisbursementVoided>;
      const disbursementId = idOf(d.disbursementId);
      const payment = disbursementId === null ? undefined : known.disbursement(disbursementId);
      if (payment === undefined) return NOTHING;
      const amountCents = whole(d.amountCents) || payment.amountCents;
      return {
        event: {
          ...envelope(event, 'fund.request.disbursement-voided.v1', occurredAt, today),
          data: { ...context, amountCents, paymentMethod: payment.paymentMethod, source: payment.source },
        },
        changes: [{ table: 'request', id: requestId, facts: { ...request, disbursedCents: Math.max(0, request.disbursedCents - amountCents) } }],
      };
    }
    case 'FundRequestWithdrawn':
    case 'FundRequestExpired': {
      const d = event.data as DataOf<FundRequestWithdrawn | FundRequestExpired>;
      const type = event.type === 'FundRequestWithdrawn' ? 'fund.request.withdrawn.v1' : 'fund.request.expired.v1';
      return {
        event: { ...envelope(event, type, occurredAt, today), data: { ...context, requestedAmountCents: request.requestedAmountCents, releasedCents: whole(d.releasedCents) } },
        changes: [],
      };
    }
    case 'FundRequestClosed': {
      const d = event.data as DataOf<FundRequestClosed>;
      return {
        event: {
          ...envelope(event, 'fund.request.closed.v1', occurredAt, today),
          data: { ...context, approvedAmountCents: request.approvedAmountCents, disbursedCents: request.disbursedCents, releasedCents: whole(d.releasedCents) },
        },
        changes: [],
      };
    }
    default:
      return NOTHING;
  }
}

/** The integration event for one stored event, or null when it is not public or cannot be placed. */
export function toIntegrationEvent(event: RecordedEvent, known: KnownFacts): IntegrationEvent | null {
  return mapEvent(event, known).event;
}
