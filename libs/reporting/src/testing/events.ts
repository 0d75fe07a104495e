import { randomUUID } from 'node:crypto';
import { START, type EventMetadata, type EventStore, type EventToAppend, type LogPosition, type RecordedEvent } from '@fund/event-sourcing';

/**
 * Write-side events shaped exactly as the libs record them, for reporting specs: appended to a
 * real store, or wrapped as RecordedEvents for pure tests of anonymize and the projection.
 */
export interface StreamEvent {
  readonly streamId: string;
  readonly event: EventToAppend;
}

export function meta(occurredAt: string, overrides: Partial<EventMetadata> = {}): EventMetadata {
  return {
    eventId: randomUUID(),
    schemaVersion: 1,
    occurredAt,
    actor: { userId: 'user-1', role: 'coordinator', organizationId: 'coalition' },
    correlationId: randomUUID(),
    causationId: null,
    ...overrides,
  };
}

const on = (streamId: string, type: string, data: object, at: string, metadata: Partial<EventMetadata> = {}): StreamEvent => ({
  streamId,
  event: { type, data, metadata: meta(at, metadata) },
});

export interface Demographics {
  ageBand?: string;
  county?: string;
  traffickingType?: string;
  citizenship?: string;
  gender?: string;
}

export const ev = {
  organizationRegistered: (organizationId: string, providerType: string, county: string, at = '2026-01-01T09:00:00.000Z') =>
    on(`organization-${organizationId}`, 'OrganizationRegistered', { organizationId, providerType, county }, at),

  submitted: (
    requestId: string,
    input: { reference: string; organizationId: string; category?: string; amountCents?: number; paymentMethod?: string; urgency?: string; demographics?: Demographics },
    at: string,
  ) =>
    on(
      `fund-request-${requestId}`,
      'FundRequestSubmitted',
      {
        requestId,
        organizationId: input.organizationId,
        submitterId: `adv-${input.organizationId}`,
        survivorReference: input.reference,
        category: input.category ?? 'groceries',
        amountCents: input.amountCents ?? 10_000,
        paymentMethod: input.paymentMethod ?? 'vendor_payment',
        urgency: input.urgency ?? 'standard',
        neededBy: at.slice(0, 10),
        demographics: { ageBand: 'not_collected', county: 'not_collected', traffickingType: 'not_collected', citizenship: 'not_collected', gender: 'not_collected', ...input.demographics },
        hasNarrative: true,
        expedited: false,
        submittedAt: at,
      },
      at,
      { actor: { userId: `adv-${input.organizationId}`, role: 'provider', organizationId: input.organizationId } },
    ),

  vote: (requestId: string, at: string) =>
    on(`fund-request-${requestId}`, 'RequestVoteCast', { memberId: 'council-9', organizationId: 'org-z', vote: 'approve', amountCents: 1, reasonCode: null }, at),

  approved: (requestId: string, amountCents: number, at: string) =>
    on(`fund-request-${requestId}`, 'FundRequestApproved', { amountCents, fundId: 'general', approverIds: ['council-9'], expedited: false, decidedAt: at }, at),

  denied: (requestId: string, at: string) => on(`fund-request-${requestId}`, 'FundRequestDenied', { reasonCode: 'over_cap', decidedAt: at }, at),

  /** The request's side of a grant's close-out that released its unpaid money. */
  grantReleased: (requestId: string, releasedCents: number, at: string) =>
    on(`fund-request-${requestId}`, 'GrantCommitmentReleased', { fundId: 'state-grant', releasedCents, releasedAt: at }, at),

  withdrawn: (requestId: string, at: string) => on(`fund-request-${requestId}`, 'FundRequestWithdrawn', { releasedCents: 0 }, at),

  expired: (requestId: string, at: string) => on(`fund-request-${requestId}`, 'FundRequestExpired', { releasedCents: 0 }, at),

  closed: (requestId: string, at: string) => on(`fund-request-${requestId}`, 'FundRequestClosed', { releasedCents: 0, closedAt: at }, at),

  disbursed: (
    requestId: string,
    disbursementId: string,
    input: { amountCents: number; source?: 'money' | 'stock'; paymentMethod?: string; itemId?: string; quantity?: number },
    at: string,
  ) =>
    on(
      `fund-request-${requestId}`,
      'DisbursementRecorded',
      {
        disbursementId,
        disbursedBy: 'coord-2',
        source: input.source ?? 'money',
        amountCents: input.amountCents,
        paymentMethod: input.paymentMethod ?? 'vendor_payment',
        fundId: (input.source ?? 'money') === 'money' ? 'general' : null,
        itemId: input.itemId ?? null,
        quantity: input.quantity ?? null,
        serials: input.source === 'stock' ? ['SERIAL-0001'] : null,
        receiptDueOn: (input.source ?? 'money') === 'money' ? '2099-01-01' : null,
        disbursedAt: at,
      },
      at,
    ),

  voided: (requestId: string, disbursementId: string, amountCents: number, at: string) =>
    on(`fund-request-${requestId}`, 'RequestDisbursementVoided', { disbursementId, amountCents }, at),

  monetaryDonation: (donationId: string, input: { amountCents: number; donorKind?: string; receivedOn: string; restricted?: boolean }, at?: string) =>
    on(
      `donation-${donationId}`,
      'MonetaryDonationRecorded',
      {
        donationId,
        fundId: 'general',
        amountCents: input.amountCents,
        restricted: input.restricted ?? false,
        donorKind: input.donorKind ?? 'individual',
        donorReference: 'DONOR-0042',
        receivedOn: input.receivedOn,
      },
      at ?? `${input.receivedOn}T12:00:00.000Z`,
    ),

  inKindDonation: (
    donationId: string,
    input: { donorKind?: string; receivedOn: string; items: { itemId: string; kind: string; category: string; quantity: number; unitValueCents: number }[] },
  ) =>
    on(
      `donation-${donationId}`,
      'InKindDonationRecorded',
      {
        donationId,
        donorKind: input.donorKind ?? 'organization',
        donorReference: null,
        receivedOn: input.receivedOn,
        items: input.items.map((i) => ({ ...i, valuationMethod: 'face_value', serials: null })),
      },
      `${input.receivedOn}T12:00:00.000Z`,
    ),

  stockReceived: (itemId: string, input: { kind: string; category: string; quantity: number; unitValueCents: number; donationId?: string }, at: string) =>
    on(`stock-${itemId}`, 'StockReceived', { itemId, ...input, serials: null, donationId: input.donationId ?? null }, at),

  stockIssued: (itemId: string, requestId: string, disbursementId: string, quantity: number, unitValueCents: number, at: string) =>
    on(`stock-${itemId}`, 'StockIssued', { itemId, quantity, unitValueCents, serials: null, requestId, disbursementId }, at),

  stockAdjusted: (itemId: string, quantityDelta: number, at: string) => on(`stock-${itemId}`, 'StockAdjusted', { itemId, quantityDelta, reason: 'expired', serials: null }, at),

  moneyReserved: (requestId: string, amountCents: number, at: string) => on('fund-general', 'MoneyReserved', { requestId, amountCents }, at),
  reservationReleased: (requestId: string, amountCents: number, at: string) =>
    on('fund-general', 'ReservationReleased', { requestId, amountCents, reason: 'closed' }, at),
  moneyDisbursed: (requestId: string, disbursementId: string, amountCents: number, at: string) =>
    on('fund-general', 'MoneyDisbursed', { requestId, disbursementId, amountCents }, at),
  fundDisbursementVoided: (requestId: string, disbursementId: string, amountCents: number, at: string) =>
    on('fund-general', 'DisbursementVoided', { requestId, disbursementId, amountCents }, at),
};

/** Wraps stream events as the store would return them, in the order given. */
export function asRecorded(events: readonly StreamEvent[], firstPosition = 1): RecordedEvent[] {
  const versions = new Map<string, number>();
  return events.map(({ streamId, event }, i) => {
    const version = (versions.get(streamId) ?? 0) + 1;
    versions.set(streamId, version);
    const position = firstPosition + i;
    return {
      type: event.type,
      data: event.data,
      metadata: event.metadata,
      streamId,
      streamVersion: version,
      globalPosition: position,
      position: { commit: position, prepare: position },
      recordedAt: new Date(event.metadata.occurredAt),
    };
  });
}

/** Appends in the given order, one append per event. */
/** Appends one by one; returns the position of the last, for a catch-up that must reach it. */
export async function appendAll(store: EventStore, events: readonly StreamEvent[]): Promise<LogPosition> {
  let last: LogPosition = START;
  for (const { streamId, event } of events) last = (await store.append({ streamId, expectedVersion: 'any', events: [event] })).lastPosition;
  return last;
}
