import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { AppendRequest, RecordedEvent } from '@fund/event-sourcing';
import { fiscalPeriodOf } from './fiscal-period';
import { integrationEventProblems } from './integration-event-schemas';
import type { IntegrationEvent } from './integration-events';
import { MemoryRelayFacts } from './relay-facts';
import { fundHistory } from './testing/fund-history';
import { mapEvent } from './to-integration-event';

/** Stored events as the relay would receive them, in append order, without a store. */
function recorded(appends: readonly AppendRequest[][]): RecordedEvent[] {
  const versions = new Map<string, number>();
  let position = 0;
  return appends.flat().flatMap((request) =>
    request.events.map((e) => {
      const streamVersion = (versions.get(request.streamId) ?? 0) + 1;
      versions.set(request.streamId, streamVersion);
      position += 1;
      return {
        type: e.type,
        data: e.data,
        metadata: e.metadata,
        streamId: request.streamId,
        streamVersion,
        globalPosition: position,
        position: { commit: position, prepare: position },
        recordedAt: new Date(e.metadata.occurredAt),
      } as RecordedEvent;
    }),
  );
}

function relay(events: readonly RecordedEvent[]): IntegrationEvent[] {
  const facts = new MemoryRelayFacts();
  return events.flatMap((e) => {
    const mapped = mapEvent(e, facts);
    facts.remember(mapped.changes);
    return mapped.event ? [mapped.event] : [];
  });
}

const at = '2026-10-02T09:00:00.000Z';
const meta = (occurredAt = at) => ({
  eventId: randomUUID(),
  schemaVersion: 1,
  occurredAt,
  actor: { userId: 'provider-user-1', role: 'provider' as const, organizationId: 'org-a' },
  correlationId: randomUUID(),
  causationId: null,
});

describe('toIntegrationEvent: the mapping from domain events', () => {
  const requestId = randomUUID();
  const stream = `fund-request-${requestId}`;
  const life = recorded([
    [{ streamId: 'organization-org-a', expectedVersion: 'any', events: [{ type: 'OrganizationRegistered', data: { organizationId: 'org-a', providerType: 'anti_trafficking_program', county: 'penobscot' }, metadata: meta('2026-01-05T10:00:00.000Z') }] }],
    [
      {
        streamId: stream,
        expectedVersion: 'any',
        events: [
          {
            type: 'FundRequestSubmitted',
            data: {
              requestId,
              organizationId: 'org-a',
              submitterId: 'provider-user-1',
              survivorReference: 'SR-ABCD-EFGH-JKMN',
              category: 'lodging',
              amountCents: 24_000,
              paymentMethod: 'vendor_payment',
              urgency: 'urgent',
              neededBy: '2026-10-03',
              demographics: { ageBand: '13_17', county: 'york', traffickingType: 'sex', citizenship: 'us_citizen', gender: 'female' },
              hasNarrative: true,
              expedited: false,
              submittedAt: at,
            },
            metadata: meta(at),
          },
          { type: 'FundRequestApproved', data: { amountCents: 20_000, fundId: 'general', approverIds: ['council-1'], expedited: false, decidedAt: '2026-10-02T15:30:00.000Z' }, metadata: meta('2026-10-02T15:30:00.000Z') },
          {
            type: 'DisbursementRecorded',
            data: { disbursementId: 'd-1', disbursedBy: 'coord-1', source: 'money', amountCents: 20_000, paymentMethod: 'vendor_payment', fundId: 'general', itemId: null, quantity: null, serials: null, receiptDueOn: '2026-10-16', disbursedAt: '2026-10-03T09:00:00.000Z' },
            metadata: meta('2026-10-03T09:00:00.000Z'),
          },
          { type: 'RequestDisbursementVoided', data: { disbursementId: 'd-1', amountCents: 20_000 }, metadata: meta('2026-10-03T10:00:00.000Z') },
          { type: 'FundRequestClosed', data: { releasedCents: 20_000, closedAt: '2026-10-04T10:00:00.000Z' }, metadata: meta('2026-10-04T10:00:00.000Z') },
        ],
      },
    ],
  ]);

  it("describes a request's life with its category, the organization's provider type and county, amounts and timings", () => {
    const out = relay(life);
    expect(out.map((e) => e.type)).toEqual([
      'fund.request.submitted.v1',
      'fund.request.approved.v1',
      'fund.request.disbursed.v1',
      'fund.request.disbursement-voided.v1',
      'fund.request.closed.v1',
    ]);
    const context = { category: 'lodging', providerType: 'anti_trafficking_program', county: 'penobscot' };
    expect(out[0]).toEqual({
      id: life[1]!.metadata.eventId,
      type: 'fund.request.submitted.v1',
      occurredAt: at,
      period: { fiscalYear: 2027, fiscalQuarter: 1 },
      data: { ...context, amountCents: 24_000, paymentMethod: 'vendor_payment', urgency: 'urgent', expedited: false, traffickingType: 'sex', ageGroup: 'minor' },
    });
    expect(out[1]!.data).toEqual({ ...context, amountCents: 20_000, requestedAmountCents: 24_000, expedited: false, hoursToDecision: 6 });
    expect(out[2]!.data).toEqual({ ...context, amountCents: 20_000, paymentMethod: 'vendor_payment', source: 'money', hoursToPayment: 24 });
    expect(out[3]!.data).toEqual({ ...context, amountCents: 20_000, paymentMethod: 'vendor_payment', source: 'money' });
    expect(out[4]!.data).toEqual({ ...context, approvedAmountCents: 20_000, disbursedCents: 0, releasedCents: 20_000 });
    for (const e of out) expect(integrationEventProblems(e)).toEqual([]);
  });

  it('publishes nothing for private events: organizations, votes, questions, receipts, funds, stock, survivor references', () => {
    const facts = new MemoryRelayFacts();
    const all = recorded(fundHistory({ requests: 12 }).appends);
    const privateTypes = new Set<string>();
    for (const e of all) {
      const mapped = mapEvent(e, facts);
      facts.remember(mapped.changes);
      if (mapped.event === null) privateTypes.add(e.type);
    }
    expect([...privateTypes].sort()).toEqual([
      'FundOpened',
      'InformationProvided',
      'MoneyDisbursed',
      'MoneyReceived',
      'MoneyReserved',
      'MoreInformationRequested',
      'OrganizationRegistered',
      'ReceiptDue',
      'ReceiptRecorded',
      'RequestVoteCast',
      'StockReceived',
      'SupportCommitted',
      'SurvivorReferenceIssued',
      'DisbursementVoided',
    ].sort());
  });

  it('does not publish a request event whose submission it never saw, rather than publish it wrong', () => {
    const [orphan] = recorded([[{ streamId: `fund-request-${randomUUID()}`, expectedVersion: 'any', events: [{ type: 'FundRequestDenied', data: { reasonCode: 'over_cap', decidedAt: at }, metadata: meta() }] }]]);
    expect(mapEvent(orphan!, new MemoryRelayFacts())).toEqual({ event: null, changes: [] });
  });

  it('reads values outside the vocabularies as unknown, and a missing organization as unknown provider type and county', () => {
    const [submitted] = recorded([
      [
        {
          streamId: `fund-request-${randomUUID()}`,
          expectedVersion: 'any',
          events: [{ type: 'FundRequestSubmitted', data: { organizationId: 'org-never-registered', category: 'Rent for Jane', amountCents: -5, paymentMethod: 'cash', urgency: 'now', demographics: null }, metadata: meta() }],
        },
      ],
    ]);
    const out = mapEvent(submitted!, new MemoryRelayFacts()).event;
    expect(out?.data).toEqual({
      category: 'unknown',
      providerType: 'unknown',
      county: 'unknown',
      amountCents: 0,
      paymentMethod: 'unknown',
      urgency: 'unknown',
      expedited: false,
      traffickingType: 'unknown',
      ageGroup: 'not_collected',
    });
    expect(integrationEventProblems(out)).toEqual([]);
  });

  it('dates a donation by the day it was received, and sums an in-kind donation without item ids or serials', () => {
    const out = relay(
      recorded([
        [
          { streamId: 'donation-x', expectedVersion: 'any', events: [{ type: 'MonetaryDonationRecorded', data: { donationId: 'x', fundId: 'general', amountCents: 10_000, restricted: true, donorKind: 'grant', donorReference: 'DNR-1', receivedOn: '2026-09-30' }, metadata: meta() }] },
          {
            streamId: 'donation-y',
            expectedVersion: 'any',
            events: [
              {
                type: 'InKindDonationRecorded',
                data: {
                  donationId: 'y',
                  donorKind: 'individual',
                  donorReference: null,
                  receivedOn: '2026-10-01',
                  items: [
                    { itemId: 'bus-pass-monthly', kind: 'bus_pass', category: 'transportation', quantity: 3, unitValueCents: 4_500, valuationMethod: 'face_value', serials: ['A1', 'A2', 'A3'] },
                    { itemId: 'coats', kind: 'goods', category: 'winter_gear', quantity: 2, unitValueCents: 6_000, valuationMethod: 'fair_market_value', serials: null },
                  ],
                },
                metadata: meta(),
              },
            ],
          },
        ],
      ]),
    );
    expect(out[0]).toMatchObject({ type: 'fund.donation.received.v1', period: { fiscalYear: 2026, fiscalQuarter: 4 }, data: { amountCents: 10_000, donorKind: 'grant', restricted: true } });
    expect(out[1]).toMatchObject({
      type: 'fund.in-kind.received.v1',
      period: { fiscalYear: 2027, fiscalQuarter: 1 },
      data: {
        donorKind: 'individual',
        totalValueCents: 25_500,
        items: [
          { kind: 'bus_pass', category: 'transportation', quantity: 3, unitValueCents: 4_500, valuationMethod: 'face_value' },
          { kind: 'goods', category: 'winter_gear', quantity: 2, unitValueCents: 6_000, valuationMethod: 'fair_market_value' },
        ],
      },
    });
    for (const e of out) expect(integrationEventProblems(e)).toEqual([]);
  });
});

describe('fiscalPeriodOf: federal fiscal quarters, Oct-Dec is Q1 of the next fiscal year', () => {
  it.each([
    ['2026-09-30', 2026, 4],
    ['2026-10-01', 2027, 1],
    ['2026-12-31', 2027, 1],
    ['2027-01-01', 2027, 2],
    ['2027-03-31', 2027, 2],
    ['2027-04-01', 2027, 3],
    ['2027-06-30', 2027, 3],
    ['2027-07-01', 2027, 4],
  ])('%s is FY%i Q%i', (day, fiscalYear, fiscalQuarter) => {
    expect(fiscalPeriodOf(day)).toEqual({ fiscalYear, fiscalQuarter });
  });
});

/** Every string leaf of a value replaced by `replace(path)`. */
function replaceStrings(value: unknown, replace: (path: string) => string, path = ''): unknown {
  if (typeof value === 'string') return replace(path);
  if (Array.isArray(value)) return value.map((v, i) => replaceStrings(v, replace, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceStrings(v, replace, `${path}.${k}`)]));
  return value;
}

describe('no string from a domain event reaches an integration event (property)', () => {
  const template = recorded(fundHistory({ requests: 6 }).appends);
  // Markers cannot be mistaken for vocabulary: they carry characters no vocabulary value has.
  const marker = fc.string({ minLength: 1, maxLength: 24 }).map((s) => `\u00ab${s}\u00bb`);

  it('holds for random markers in every string field of every event, in its stream id and in its actor', () => {
    fc.assert(
      fc.property(fc.array(marker, { minLength: 8, maxLength: 8 }), fc.boolean(), (markers, keepVocabulary) => {
        let n = 0;
        const next = () => markers[n++ % markers.length]!;
        const planted = new Set<string>();
        const plant = () => {
          const m = next();
          planted.add(m);
          return m;
        };
        // Ids shared between events (a request's stream, an organization) get one marker each,
        // so the relay can still join them up and produce its full output.
        const shared = new Map<string, string>();
        const sharedMarker = (id: string) => shared.get(id) ?? shared.set(id, plant()).get(id)!;
        const vocabulary = /^(?:[a-z]+(?:_[a-z0-9]+)*|\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z)?)$/;
        const events = template.map((e) => {
          const data = replaceStrings(e.data, (path) => {
            const original = path.split(/[.[\]]/).reduce<unknown>((v, k) => (k === '' || typeof v !== 'object' || v === null ? v : (v as Record<string, unknown>)[k]), e.data);
            if (typeof original !== 'string') return plant();
            if (/(?:^|\.)organizationId$|(?:^|\.)disbursementId$/.test(path)) return sharedMarker(original);
            // Half the runs keep vocabulary values and dates, so the relay takes its full paths;
            // the other half replace them too, so it must also refuse them.
            return keepVocabulary && vocabulary.test(original) ? original : plant();
          }) as object;
          const streamId = e.streamId.replace(/^(fund-request-|organization-|donation-|survivor-|stock-|fund-)(.+)$/, (_m, prefix: string, id: string) => `${prefix}${sharedMarker(id)}`);
          const actor = { userId: plant(), role: e.metadata.actor.role, organizationId: plant() };
          const metadata = { ...e.metadata, actor, correlationId: plant(), occurredAt: keepVocabulary ? e.metadata.occurredAt : plant(), protocolVersion: plant() };
          return { ...e, data, streamId, metadata } as RecordedEvent;
        });
        const out = relay(events);
        const json = JSON.stringify(out);
        for (const m of planted) {
          expect(json.includes(m)).toBe(false);
          expect(json.includes(JSON.stringify(m).slice(1, -1))).toBe(false);
        }
        for (const e of out) expect(integrationEventProblems(e)).toEqual([]);
        if (keepVocabulary) expect(out.length).toBeGreaterThan(10);
      }),
      { numRuns: 150 },
    );
  });
});
