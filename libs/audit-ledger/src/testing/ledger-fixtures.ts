import { randomUUID } from 'node:crypto';
import type { DonationEvent } from '@fund/donations';
import { PgliteDatabase, SqlEventStore, SubscriptionRunner, type DomainEvent, type EventToAppend, type SqlDatabase } from '@fund/event-sourcing';
import { meta } from '@fund/event-sourcing/testing';
import { NOT_COLLECTED, type FundRequestEvent } from '@fund/fund-requests';
import type { FundEvent } from '@fund/funds';
import type { StockEvent } from '@fund/inventory';
import { AuditLedgerProjection } from '../ledger.projection';

type AnyDomainEvent = FundEvent | DonationEvent | StockEvent | FundRequestEvent;

export const coordinator = { userId: 'coord-1', role: 'coordinator', organizationId: 'coalition' } as const;
export const provider = { userId: 'adv-1', role: 'provider', organizationId: 'org-a' } as const;

/** A survivor reference that must never reach the ledger. */
export const SURVIVOR_REFERENCE = 'SR-7Q4KX9';

const START_OF_SCENARIO = Date.parse('2026-10-01T09:00:00.000Z');
let clock = START_OF_SCENARIO;

/** An event with full metadata; each one a minute after the last, as commands would stamp them. */
export function ev<T extends AnyDomainEvent['type']>(
  type: T,
  data: Extract<AnyDomainEvent, { type: T }>['data'],
  over: { actor?: typeof coordinator | typeof provider; protocolVersion?: string; at?: string } = {},
): EventToAppend<DomainEvent> {
  clock += 60_000;
  return {
    type,
    data,
    metadata: meta({
      actor: over.actor ?? coordinator,
      occurredAt: over.at ?? new Date(clock).toISOString(),
      ...(over.protocolVersion ? { protocolVersion: over.protocolVersion } : {}),
    }),
  };
}

export interface Scenario {
  readonly requestId: string;
  readonly donationId: string;
  readonly inKindDonationId: string;
}

/**
 * A small life of the fund covering every journaled event type and the events the ledger must
 * ignore: a monetary and an in-kind donation, one request reserved, paid partly in stock and
 * partly in money (one payment voided), a card lost, and the rest released at closing.
 */
export async function appendScenario(store: SqlEventStore): Promise<Scenario> {
  clock = START_OF_SCENARIO;
  const requestId = randomUUID();
  const donationId = randomUUID();
  const inKindDonationId = randomUUID();
  const p = { protocolVersion: '2026-1' };
  const fund = 'fund-general';
  const stock = 'stock-bus-pass-monthly';
  const request = `fund-request-${requestId}`;
  const at = (streamId: string, ...events: EventToAppend[]) => ({ streamId, expectedVersion: 'any' as const, events });

  await store.append(at(fund, ev('FundOpened', { fundId: 'general', name: 'General donations', restricted: false })));
  await store.appendMany([
    at(
      `donation-${donationId}`,
      ev('MonetaryDonationRecorded', {
        donationId,
        fundId: 'general',
        amountCents: 100_000,
        restricted: false,
        donorKind: 'individual',
        donorReference: 'DR-0042',
        receivedOn: '2026-10-01',
      }),
    ),
    at(fund, ev('MoneyReceived', { donationId, amountCents: 100_000 })),
  ]);
  await store.appendMany([
    at(
      `donation-${inKindDonationId}`,
      ev('InKindDonationRecorded', {
        donationId: inKindDonationId,
        donorKind: 'organization',
        donorReference: null,
        receivedOn: '2026-10-02',
        items: [{ itemId: 'bus-pass-monthly', kind: 'bus_pass', category: 'transportation', quantity: 3, unitValueCents: 4_000, valuationMethod: 'face_value', serials: ['BP-1', 'BP-2', 'BP-3'] }],
      }),
    ),
    at(
      stock,
      ev('StockReceived', {
        itemId: 'bus-pass-monthly',
        kind: 'bus_pass',
        category: 'transportation',
        quantity: 3,
        unitValueCents: 4_000,
        serials: ['BP-1', 'BP-2', 'BP-3'],
        donationId: inKindDonationId,
      }),
    ),
  ]);
  await store.append(
    at(
      request,
      ev(
        'FundRequestSubmitted',
        {
          requestId,
          organizationId: 'org-a',
          submitterId: 'adv-1',
          survivorReference: SURVIVOR_REFERENCE,
          category: 'lodging',
          amountCents: 30_000,
          paymentMethod: 'vendor_payment',
          urgency: 'urgent',
          neededBy: '2026-10-10',
          demographics: { ...NOT_COLLECTED, ageBand: '18_24', traffickingType: 'sex' },
          hasNarrative: true,
          expedited: false,
          submittedAt: '2026-10-01T10:00:00.000Z',
        },
        { actor: provider, ...p },
      ),
    ),
  );
  await store.appendMany([
    at(request, ev('FundRequestApproved', { amountCents: 30_000, fundId: 'general', approverIds: ['c1', 'c2'], expedited: false, decidedAt: '2026-10-01T11:00:00.000Z' }, p)),
    at(fund, ev('MoneyReserved', { requestId, amountCents: 30_000 }, p)),
  ]);
  await store.appendMany([
    at(stock, ev('StockIssued', { itemId: 'bus-pass-monthly', quantity: 1, unitValueCents: 4_000, serials: ['BP-1'], requestId, disbursementId: 's-1' }, p)),
    at(fund, ev('ReservationReleased', { requestId, amountCents: 4_000, reason: 'covered_by_stock' }, p)),
  ]);
  await store.append(at(fund, ev('MoneyDisbursed', { requestId, disbursementId: 'm-1', amountCents: 20_000 }, p)));
  await store.appendMany([
    at(request, ev('RequestDisbursementVoided', { disbursementId: 'm-1', amountCents: 20_000 }, p)),
    at(fund, ev('DisbursementVoided', { requestId, disbursementId: 'm-1', amountCents: 20_000 }, p)),
  ]);
  await store.append(at(fund, ev('MoneyDisbursed', { requestId, disbursementId: 'm-2', amountCents: 15_000 }, p)));
  await store.append(at(stock, ev('StockAdjusted', { itemId: 'bus-pass-monthly', quantityDelta: -1, reason: 'lost', serials: ['BP-2'] })));
  await store.append(at(fund, ev('ReservationReleased', { requestId, amountCents: 11_000, reason: 'underspent' }, p)));
  return { requestId, donationId, inKindDonationId };
}

export interface LedgerHarness {
  readonly db: SqlDatabase;
  readonly store: SqlEventStore;
  readonly projection: AuditLedgerProjection;
  runner(): SubscriptionRunner;
  close(): Promise<void>;
}

/** A store and read database with the ledger's tables in place: in memory unless a database is given. */
export async function openLedgerHarness(given?: SqlDatabase): Promise<LedgerHarness> {
  const db = given ?? (await PgliteDatabase.open());
  const store = await SqlEventStore.create(db);
  const projection = new AuditLedgerProjection();
  const first = new SubscriptionRunner(store, db, projection);
  await first.prepare();
  return {
    db,
    store,
    projection,
    runner: () => new SubscriptionRunner(store, db, projection, { batchSize: 4 }),
    close: () => store.close(),
  };
}
