import { randomBytes, randomUUID } from 'node:crypto';
import type { AppendRequest, EventMetadata, EventToAppend, Role } from '@fund/event-sourcing';

/**
 * A realistic slice of the fund's life for the relay's tests: organizations, donations (money
 * and goods), requests that are approved and paid (one with a voided payment), denied,
 * withdrawn, expired, plus the events around them that must stay private (votes, questions,
 * receipts, reservations, stock, survivor references). Every identifying string it uses is
 * listed in `secrets`, and a narrative marker is slipped into fields no event should have, so a
 * test can scan what reached Kafka for any of them.
 */
export interface FundHistory {
  /** Each inner list is one atomic appendMany, in order. */
  readonly appends: readonly AppendRequest[][];
  /** Strings that must never appear in a published message. */
  readonly secrets: readonly string[];
  /** Per stream id, the ids of its events that must be published, in stream order. */
  readonly publicByStream: ReadonlyMap<string, readonly string[]>;
  readonly publicCount: number;
}

const NARRATIVE = `NARRATIVE-MARKER-${randomBytes(4).toString('hex')}`;
const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PUBLIC_TYPES = new Set([
  'FundRequestSubmitted',
  'FundRequestApproved',
  'FundRequestDenied',
  'DisbursementRecorded',
  'RequestDisbursementVoided',
  'FundRequestWithdrawn',
  'FundRequestExpired',
  'FundRequestClosed',
  'MonetaryDonationRecorded',
  'InKindDonationRecorded',
]);

function reference(): string {
  const c = () => Array.from(randomBytes(4), (b) => REFERENCE_ALPHABET[b & 31]).join('');
  return `SR-${c()}-${c()}-${c()}`;
}

export function fundHistory(options: { readonly requests: number; readonly start?: string } = { requests: 12 }): FundHistory {
  const secrets = new Set<string>([NARRATIVE]);
  const appends: AppendRequest[][] = [];
  const publicByStream = new Map<string, string[]>();
  let clock = Date.parse(options.start ?? '2026-09-28T14:00:00.000Z');
  const tick = (hours: number) => {
    clock += hours * 3_600_000;
    return new Date(clock).toISOString();
  };
  const user = (role: Role, organizationId: string) => {
    const userId = `${role}-user-${randomBytes(3).toString('hex')}`;
    secrets.add(userId);
    return { userId, role, organizationId };
  };
  const coordinator = user('coordinator', 'org-coalition-hq');
  const councilMember = user('council', 'org-council-seat-3');
  secrets.add('org-coalition-hq').add('org-council-seat-3');

  const event = (type: string, data: Record<string, unknown>, actor: EventMetadata['actor'], at: string, streamId: string): EventToAppend => {
    const e = {
      type,
      data,
      metadata: { eventId: randomUUID(), schemaVersion: 1, occurredAt: at, actor, correlationId: randomUUID(), causationId: null, protocolVersion: '2026-1' },
    };
    if (PUBLIC_TYPES.has(type)) publicByStream.set(streamId, [...(publicByStream.get(streamId) ?? []), e.metadata.eventId]);
    return e;
  };
  const append = (...requests: AppendRequest[]) => appends.push(requests);
  const stream = (streamId: string, ...events: EventToAppend[]): AppendRequest => ({ streamId, expectedVersion: 'any', events });

  const organizations = [
    { id: `org-harbor-sac-${randomBytes(2).toString('hex')}`, providerType: 'sexual_assault_center', county: 'cumberland' },
    { id: `org-northern-dv-${randomBytes(2).toString('hex')}`, providerType: 'domestic_violence_center', county: 'aroostook' },
    { id: `org-newmainers-${randomBytes(2).toString('hex')}`, providerType: 'immigrant_services', county: 'androscoggin' },
  ];
  for (const org of organizations) {
    secrets.add(org.id);
    append(stream(`organization-${org.id}`, event('OrganizationRegistered', { organizationId: org.id, providerType: org.providerType, county: org.county }, coordinator, tick(1), `organization-${org.id}`)));
  }

  const fundId = `general-${randomBytes(2).toString('hex')}`;
  secrets.add(fundId);
  append(stream(`fund-${fundId}`, event('FundOpened', { fundId, name: `General fund ${NARRATIVE}`, restricted: false }, coordinator, tick(1), `fund-${fundId}`)));
  for (let i = 0; i < 3; i++) {
    const donationId = randomUUID();
    const donorReference = `DNR-${randomBytes(4).toString('hex')}`;
    secrets.add(donationId).add(donorReference);
    const at = tick(2);
    append(
      stream(
        `donation-${donationId}`,
        event(
          'MonetaryDonationRecorded',
          { donationId, fundId, amountCents: 250_000 + i * 1_000, restricted: i === 2, donorKind: ['individual', 'organization', 'grant'][i], donorReference, receivedOn: at.slice(0, 10), note: NARRATIVE },
          coordinator,
          at,
          `donation-${donationId}`,
        ),
      ),
      stream(`fund-${fundId}`, event('MoneyReceived', { donationId, amountCents: 250_000 + i * 1_000 }, coordinator, at, `fund-${fundId}`)),
    );
  }
  const itemId = `gift-card-grocery-${randomBytes(2).toString('hex')}`;
  const serials = [`SER-${randomBytes(4).toString('hex')}`, `SER-${randomBytes(4).toString('hex')}`];
  const inKindId = randomUUID();
  secrets.add(itemId).add(inKindId).add(serials[0]!).add(serials[1]!);
  {
    const at = tick(3);
    const item = { itemId, kind: 'gift_card', category: 'groceries', quantity: 2, unitValueCents: 2_500, valuationMethod: 'face_value', serials };
    append(
      stream(`donation-${inKindId}`, event('InKindDonationRecorded', { donationId: inKindId, donorKind: 'anonymous', donorReference: null, receivedOn: at.slice(0, 10), items: [item] }, coordinator, at, `donation-${inKindId}`)),
      stream(`stock-${itemId}`, event('StockReceived', { itemId, kind: 'gift_card', category: 'groceries', quantity: 2, unitValueCents: 2_500, serials, donationId: inKindId }, coordinator, at, `stock-${itemId}`)),
    );
  }

  const outcomes = ['paid', 'denied', 'paid_with_void', 'withdrawn', 'expired', 'stock'] as const;
  for (let i = 0; i < options.requests; i++) {
    const org = organizations[i % organizations.length]!;
    const provider = user('provider', org.id);
    const requestId = randomUUID();
    const survivorReference = reference();
    secrets.add(requestId).add(survivorReference);
    const streamId = `fund-request-${requestId}`;
    const amountCents = 4_000 + (i % 9) * 1_250;
    const submittedAt = tick(1);
    append(stream(`survivor-${survivorReference}`, event('SurvivorReferenceIssued', { reference: survivorReference, organizationId: org.id }, provider, submittedAt, `survivor-${survivorReference}`)));
    append(
      stream(
        streamId,
        event(
          'FundRequestSubmitted',
          {
            requestId,
            organizationId: org.id,
            submitterId: provider.userId,
            survivorReference,
            category: ['groceries', 'lodging', 'transportation', 'phone_card'][i % 4],
            amountCents,
            paymentMethod: ['vendor_payment', 'gift_card', 'bus_pass', 'phone_card'][i % 4],
            urgency: i % 5 === 0 ? 'emergency' : 'standard',
            neededBy: submittedAt.slice(0, 10),
            demographics: {
              ageBand: i % 3 === 0 ? '13_17' : i % 3 === 1 ? '25_59' : 'not_collected',
              county: 'york',
              traffickingType: i % 2 === 0 ? 'labor' : 'not_collected',
              citizenship: 'foreign_national',
              gender: 'female',
            },
            hasNarrative: true,
            narrative: NARRATIVE,
            expedited: false,
            submittedAt,
          },
          provider,
          submittedAt,
          streamId,
        ),
      ),
    );
    append(stream(streamId, event('MoreInformationRequested', { askedBy: councilMember.userId, questionCode: 'confirm_amount' }, councilMember, tick(1), streamId)));
    append(stream(streamId, event('InformationProvided', { providedBy: provider.userId, hasNote: true, note: NARRATIVE }, provider, tick(1), streamId)));
    const outcome = outcomes[i % outcomes.length]!;
    const decidedAt = tick(2);
    if (outcome === 'denied') {
      append(stream(streamId, event('RequestVoteCast', { memberId: councilMember.userId, organizationId: 'org-council-seat-3', vote: 'deny', amountCents: null, reasonCode: 'over_cap' }, councilMember, decidedAt, streamId), event('FundRequestDenied', { reasonCode: 'over_cap', decidedAt }, councilMember, decidedAt, streamId)));
      continue;
    }
    if (outcome === 'withdrawn' || outcome === 'expired') {
      const type = outcome === 'withdrawn' ? 'FundRequestWithdrawn' : 'FundRequestExpired';
      append(stream(streamId, event(type, { releasedCents: 0 }, outcome === 'withdrawn' ? provider : coordinator, decidedAt, streamId)));
      continue;
    }
    const approved = amountCents - 500;
    append(
      stream(
        streamId,
        event('RequestVoteCast', { memberId: councilMember.userId, organizationId: 'org-council-seat-3', vote: 'approve', amountCents: approved, reasonCode: null }, councilMember, decidedAt, streamId),
        event('FundRequestApproved', { amountCents: approved, fundId, approverIds: [councilMember.userId], expedited: false, decidedAt }, councilMember, decidedAt, streamId),
      ),
      stream(`fund-${fundId}`, event('MoneyReserved', { requestId, amountCents: approved }, councilMember, decidedAt, `fund-${fundId}`)),
      stream(`survivor-${survivorReference}`, event('SupportCommitted', { requestId, amountCents: approved, committedOn: decidedAt.slice(0, 10) }, councilMember, decidedAt, `survivor-${survivorReference}`)),
    );
    const pay = (amount: number, source: 'money' | 'stock') => {
      const disbursementId = randomUUID();
      secrets.add(disbursementId);
      const at = tick(5);
      const recorded = event(
        'DisbursementRecorded',
        {
          disbursementId,
          disbursedBy: coordinator.userId,
          source,
          amountCents: amount,
          paymentMethod: source === 'stock' ? 'gift_card' : 'vendor_payment',
          fundId: source === 'money' ? fundId : null,
          itemId: source === 'stock' ? itemId : null,
          quantity: source === 'stock' ? 1 : null,
          serials: source === 'stock' ? [serials[i % 2]!] : null,
          receiptDueOn: at.slice(0, 10),
          disbursedAt: at,
          vendor: NARRATIVE,
        },
        coordinator,
        at,
        streamId,
      );
      append(
        stream(streamId, recorded),
        stream(`fund-${fundId}`, event('MoneyDisbursed', { requestId, disbursementId, amountCents: amount }, coordinator, at, `fund-${fundId}`)),
        stream(`organization-${org.id}`, event('ReceiptDue', { requestId, disbursementId, dueOn: at.slice(0, 10) }, coordinator, at, `organization-${org.id}`)),
      );
      return disbursementId;
    };
    if (outcome === 'stock') {
      pay(2_500, 'stock');
    } else {
      const first = pay(approved - 1_000, 'money');
      if (outcome === 'paid_with_void') {
        const at = tick(1);
        append(
          stream(streamId, event('RequestDisbursementVoided', { disbursementId: first, amountCents: approved - 1_000 }, coordinator, at, streamId)),
          stream(`fund-${fundId}`, event('DisbursementVoided', { requestId, disbursementId: first, amountCents: approved - 1_000 }, coordinator, at, `fund-${fundId}`)),
        );
        pay(approved - 1_000, 'money');
      }
      const receiptId = randomUUID();
      secrets.add(receiptId);
      append(stream(streamId, event('ReceiptRecorded', { disbursementId: first, receiptId, amountCents: approved - 1_000 }, provider, tick(24), streamId)));
    }
    append(stream(streamId, event('FundRequestClosed', { releasedCents: 500, closedAt: tick(1) }, coordinator, new Date(clock).toISOString(), streamId)));
  }
  const publicCount = [...publicByStream.values()].reduce((n, ids) => n + ids.length, 0);
  return { appends, secrets: [...secrets], publicByStream, publicCount };
}
