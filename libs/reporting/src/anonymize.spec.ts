import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import type { RecordedEvent } from '@fund/event-sourcing';
import { DONOR_KINDS } from '@fund/donations';
import { AGE_BANDS, CITIZENSHIP, DEMOGRAPHIC_COUNTIES, GENDERS, PAYMENT_METHODS, TRAFFICKING_TYPES, URGENCIES } from '@fund/fund-requests';
import { STOCK_CATEGORIES, STOCK_KINDS } from '@fund/inventory';
import { COUNTIES, PROVIDER_TYPES } from '@fund/organizations';
import { EXPENSE_CATEGORIES } from '@fund/protocols';
import { PMT_AGE_GROUPS, REPORTING_EVENT_TYPES, anonymize, keyerFor, type ReportingFact } from './anonymize';
import { asRecorded, ev } from './testing/events';

const key = keyerFor(Buffer.alloc(32, 7));
const one = (e: Parameters<typeof asRecorded>[0][number]) => anonymize(asRecorded([e])[0]!, key);

describe('anonymize: the only door from events to reporting', () => {
  it('maps a submission to banded dimensions and keys, with no reference, id or text', () => {
    const fact = one(
      ev.submitted(
        'req-1',
        {
          reference: 'SR-AAAA-BBBB-CCCC',
          organizationId: 'org-a',
          category: 'lodging',
          amountCents: 12_500,
          paymentMethod: 'gift_card',
          urgency: 'urgent',
          demographics: { ageBand: '13_17', county: 'york', traffickingType: 'labor', citizenship: 'foreign_national', gender: 'female' },
        },
        '2026-10-05T14:03:00.000Z',
      ),
    );
    expect(fact).toEqual({
      kind: 'request_submitted',
      requestKey: key('request', 'req-1'),
      survivorKey: key('survivor', 'SR-AAAA-BBBB-CCCC'),
      orgKey: key('organization', 'org-a'),
      occurredAt: '2026-10-05T14:03:00.000Z',
      category: 'lodging',
      amountCents: 12_500,
      paymentMethod: 'gift_card',
      urgency: 'urgent',
      county: 'york',
      traffickingType: 'labor',
      ageGroup: 'minor',
      pmtAgeGroup: '13_17',
      citizenship: 'foreign_national',
      gender: 'female',
    });
    const json = JSON.stringify(fact);
    for (const secret of ['SR-AAAA', 'req-1', 'org-a', 'adv-org-a']) expect(json).not.toContain(secret);
  });

  it('bands age into adult / minor / unknown and folds not-collected trafficking type into unknown', () => {
    const ageOf = (ageBand: string, traffickingType = 'not_collected') =>
      one(ev.submitted('r', { reference: 'SR-1', organizationId: 'o', demographics: { ageBand, traffickingType } }, '2026-10-01T00:00:00.000Z')) as Extract<
        ReportingFact,
        { kind: 'request_submitted' }
      >;
    expect(ageOf('under_12').ageGroup).toBe('minor');
    expect(ageOf('13_17').ageGroup).toBe('minor');
    expect(ageOf('18_24').ageGroup).toBe('adult');
    expect(ageOf('65_plus').ageGroup).toBe('adult');
    expect(ageOf('not_collected').ageGroup).toBe('unknown');
    // PMT's groups: the current bands as they are; earlier bands that straddle one are "not reported".
    expect(['0_12', '13_17', '18_24', '25_59', '60_plus'].map((b) => ageOf(b).pmtAgeGroup)).toEqual(['0_12', '13_17', '18_24', '25_59', '60_plus']);
    expect(['under_12', '12_17', '35_49', '50_64', '65_plus', 'not_collected'].map((b) => ageOf(b).pmtAgeGroup)).toEqual(['0_12', 'unknown', '25_59', 'unknown', '60_plus', 'unknown']);
    expect(ageOf('12_17').ageGroup).toBe('minor');
    expect(ageOf('50_64').ageGroup).toBe('adult');
    expect(ageOf('18_24', 'not_collected').traffickingType).toBe('unknown');
    expect(ageOf('18_24', 'both').traffickingType).toBe('both');
  });

  it('links the events of one request through its stream, and keeps kinds of id apart', () => {
    const [submitted, approved, paid, voided] = asRecorded([
      ev.submitted('req-9', { reference: 'SR-9', organizationId: 'o' }, '2026-10-01T00:00:00.000Z'),
      ev.approved('req-9', 8_000, '2026-10-02T00:00:00.000Z'),
      ev.disbursed('req-9', 'disb-1', { amountCents: 5_000 }, '2026-10-03T00:00:00.000Z'),
      ev.voided('req-9', 'disb-1', 5_000, '2026-10-04T00:00:00.000Z'),
    ]).map((e) => anonymize(e, key));
    const requestKey = key('request', 'req-9');
    expect(submitted).toMatchObject({ requestKey });
    expect(approved).toEqual({ kind: 'request_decided', requestKey, occurredAt: '2026-10-02T00:00:00.000Z', outcome: 'approved', amountCents: 8_000 });
    expect(paid).toMatchObject({ kind: 'request_paid', requestKey, paymentKey: key('payment', 'disb-1'), source: 'money', amountCents: 5_000 });
    expect(voided).toEqual({ kind: 'payment_voided', requestKey, paymentKey: key('payment', 'disb-1'), occurredAt: '2026-10-04T00:00:00.000Z' });
    expect(key('request', 'x')).not.toBe(key('survivor', 'x'));
    expect(keyerFor(randomBytes(32))('request', 'req-9')).not.toBe(requestKey);
    expect(requestKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it('maps money movements on the fund to changes in what is committed', () => {
    const deltas = asRecorded([
      ev.moneyReserved('r', 9_000, '2026-10-01T00:00:00.000Z'),
      ev.moneyDisbursed('r', 'd', 4_000, '2026-10-02T00:00:00.000Z'),
      ev.fundDisbursementVoided('r', 'd', 4_000, '2026-10-03T00:00:00.000Z'),
      ev.reservationReleased('r', 9_000, '2026-10-04T00:00:00.000Z'),
    ]).map((e) => anonymize(e, key));
    expect(deltas.map((f) => (f?.kind === 'commitment_changed' ? f.deltaCents : null))).toEqual([9_000, -4_000, 4_000, -9_000]);
  });

  it('values in-kind donations by their items and keeps monetary donations apart', () => {
    const inKind = one(
      ev.inKindDonation('don-1', {
        receivedOn: '2026-11-02',
        items: [
          { itemId: 'coats', kind: 'goods', category: 'winter_gear', quantity: 3, unitValueCents: 4_000 },
          { itemId: 'bus', kind: 'bus_pass', category: 'transportation', quantity: 10, unitValueCents: 500 },
        ],
      }),
    );
    expect(inKind).toEqual({
      kind: 'donation_received',
      donationKey: key('donation', 'don-1'),
      occurredOn: '2026-11-02',
      recordedOn: '2026-11-02',
      donationKind: 'in_kind',
      donorKind: 'organization',
      restricted: null,
      amountCents: 17_000,
      items: [
        { category: 'winter_gear', quantity: 3, amountCents: 12_000 },
        { category: 'transportation', quantity: 10, amountCents: 5_000 },
      ],
    });
    expect(JSON.stringify(one(ev.monetaryDonation('don-2', { amountCents: 100, receivedOn: '2026-10-01' })))).not.toContain('DONOR-0042');
    // Recorded in January for a gift received in December: it counts in the quarter it was recorded in.
    expect(one(ev.monetaryDonation('don-3', { amountCents: 100, receivedOn: '2026-12-30' }, '2027-01-04T09:00:00.000Z'))).toMatchObject({ occurredOn: '2026-12-30', recordedOn: '2027-01-04' });
  });

  it('reads only the allow-listed event types', () => {
    expect(one(ev.vote('req-1', '2026-10-01T00:00:00.000Z'))).toBeNull();
    const [other] = asRecorded([{ streamId: 'survivor-SR-1', event: { ...ev.vote('x', '2026-10-01T00:00:00.000Z').event, type: 'SurvivorReferenceIssued', data: { reference: 'SR-1', organizationId: 'o' } } }]);
    expect(anonymize(other!, key)).toBeNull();
    expect(REPORTING_EVENT_TYPES).not.toContain('RequestVoteCast');
    expect(REPORTING_EVENT_TYPES).not.toContain('ReceiptRecorded');
  });

  it('is the only production file that reads an event (its data, metadata or stream)', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? (d.name === 'testing' ? [] : files(join(dir, d.name))) : d.name.endsWith('.ts') && !d.name.endsWith('.spec.ts') ? [join(dir, d.name)] : []));
    const readers = files(__dirname)
      .filter((f) => /\.(data|metadata|streamId)\b/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(__dirname, f));
    expect(readers).toEqual(['anonymize.ts']);
    // The projection hands events over without looking inside: anonymize(event, key) and nothing else.
    const projection = readFileSync(join(__dirname, 'reporting.projection.ts'), 'utf8');
    expect(projection.match(/\bevent\b[.[]/g)).toBeNull();
  });

  it('refuses to place request events that are not on a request stream', () => {
    const [stray] = asRecorded([{ ...ev.approved('x', 1, '2026-10-01T00:00:00.000Z'), streamId: 'elsewhere-1' }]);
    expect(anonymize(stray!, key)).toBeNull();
  });

  describe('property: no reference, id, user or text ever reaches a fact', () => {
    // Every string an event can carry is either a value from a closed vocabulary or a marker;
    // markers stand for anything a person or the system typed (ids, references, names, notes).
    const MARK = 'QZX';
    const marker = fc.string({ maxLength: 16 }).map((s) => `${MARK}${s}`);
    const vocabOrMarker = (vocabulary: readonly string[]) => fc.oneof(fc.constantFrom(...vocabulary), marker);
    const instantOrMarker = fc.oneof(
      fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
      marker,
    );
    const dayOrMarker = fc.oneof(instantOrMarker.map((s) => s.slice(0, 10)), marker);
    const amount = fc.oneof(fc.integer({ min: 0, max: 100_000_000 }), fc.integer(), marker);
    const vocabulary = new Set<string>([
      ...EXPENSE_CATEGORIES,
      ...PAYMENT_METHODS,
      ...URGENCIES,
      ...DEMOGRAPHIC_COUNTIES,
      ...COUNTIES,
      ...CITIZENSHIP,
      ...GENDERS,
      ...PROVIDER_TYPES,
      ...DONOR_KINDS,
      ...STOCK_CATEGORIES,
      ...STOCK_KINDS,
      ...['sex', 'labor', 'both', 'unknown', 'adult', 'minor'],
      ...PMT_AGE_GROUPS,
      ...['approved', 'denied', 'withdrawn', 'expired', 'closed', 'money', 'stock', 'monetary', 'in_kind'],
      ...['organization_registered', 'request_submitted', 'request_decided', 'request_ended', 'request_paid', 'payment_voided'],
      ...['donation_received', 'stock_received', 'stock_issued', 'stock_written_off', 'commitment_changed', 'approval_released'],
    ]);
    const allowed = (s: string) =>
      vocabulary.has(s) || /^[0-9a-f]{64}$/.test(s) || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(s) || /^\d{4}-\d{2}-\d{2}$/.test(s);
    const strings = (value: unknown): string[] =>
      typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(strings) : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];

    const item = fc.record({
      itemId: marker,
      kind: vocabOrMarker(STOCK_KINDS),
      category: vocabOrMarker(STOCK_CATEGORIES),
      quantity: amount,
      unitValueCents: amount,
      valuationMethod: marker,
      serials: fc.array(marker, { maxLength: 2 }),
    });
    const data: Record<string, fc.Arbitrary<object>> = {
      OrganizationRegistered: fc.record({ organizationId: marker, providerType: vocabOrMarker(PROVIDER_TYPES), county: vocabOrMarker(COUNTIES) }),
      FundRequestSubmitted: fc.record({
        requestId: marker,
        organizationId: marker,
        submitterId: marker,
        survivorReference: marker,
        category: vocabOrMarker(EXPENSE_CATEGORIES),
        amountCents: amount,
        paymentMethod: vocabOrMarker(PAYMENT_METHODS),
        urgency: vocabOrMarker(URGENCIES),
        neededBy: dayOrMarker,
        demographics: fc.record({
          ageBand: vocabOrMarker(AGE_BANDS),
          county: vocabOrMarker(DEMOGRAPHIC_COUNTIES),
          traffickingType: vocabOrMarker(TRAFFICKING_TYPES),
          citizenship: vocabOrMarker(CITIZENSHIP),
          gender: vocabOrMarker(GENDERS),
          narrative: marker,
        }),
        hasNarrative: fc.boolean(),
        expedited: fc.boolean(),
        submittedAt: instantOrMarker,
        narrative: marker,
      }),
      FundRequestApproved: fc.record({ amountCents: amount, fundId: marker, approverIds: fc.array(marker), expedited: fc.boolean(), decidedAt: instantOrMarker }),
      FundRequestDenied: fc.record({ reasonCode: marker, decidedAt: instantOrMarker }),
      FundRequestWithdrawn: fc.record({ releasedCents: amount, note: marker }),
      FundRequestExpired: fc.record({ releasedCents: amount }),
      FundRequestClosed: fc.record({ releasedCents: amount, closedAt: instantOrMarker }),
      GrantCommitmentReleased: fc.record({ fundId: marker, releasedCents: amount, releasedAt: instantOrMarker }),
      DisbursementRecorded: fc.record({
        disbursementId: marker,
        disbursedBy: marker,
        source: vocabOrMarker(['money', 'stock']),
        amountCents: amount,
        paymentMethod: vocabOrMarker(PAYMENT_METHODS),
        fundId: marker,
        itemId: marker,
        quantity: amount,
        serials: fc.array(marker),
        receiptDueOn: dayOrMarker,
        disbursedAt: instantOrMarker,
        vendor: marker,
      }),
      RequestDisbursementVoided: fc.record({ disbursementId: marker, amountCents: amount }),
      MonetaryDonationRecorded: fc.record({
        donationId: marker,
        fundId: marker,
        amountCents: amount,
        restricted: fc.boolean(),
        donorKind: vocabOrMarker(DONOR_KINDS),
        donorReference: marker,
        receivedOn: dayOrMarker,
      }),
      InKindDonationRecorded: fc.record({ donationId: marker, donorKind: vocabOrMarker(DONOR_KINDS), donorReference: marker, receivedOn: dayOrMarker, items: fc.array(item, { maxLength: 3 }) }),
      StockReceived: fc.record({ itemId: marker, kind: vocabOrMarker(STOCK_KINDS), category: vocabOrMarker(STOCK_CATEGORIES), quantity: amount, unitValueCents: amount, serials: fc.array(marker), donationId: marker }),
      StockIssued: fc.record({ itemId: marker, quantity: amount, unitValueCents: amount, serials: fc.array(marker), requestId: marker, disbursementId: marker }),
      StockAdjusted: fc.record({ itemId: marker, quantityDelta: amount, reason: marker, serials: fc.array(marker) }),
      MoneyReserved: fc.record({ requestId: marker, amountCents: amount }),
      ReservationReleased: fc.record({ requestId: marker, amountCents: amount, reason: marker }),
      MoneyDisbursed: fc.record({ requestId: marker, disbursementId: marker, amountCents: amount }),
      DisbursementVoided: fc.record({ requestId: marker, disbursementId: marker, amountCents: amount }),
      // Not reporting events: they must map to nothing at all.
      RequestVoteCast: fc.record({ memberId: marker, organizationId: marker, vote: marker, amountCents: amount, reasonCode: marker }),
      SurvivorReferenceIssued: fc.record({ reference: marker, organizationId: marker }),
      InformationProvided: fc.record({ providedBy: marker, hasNote: fc.boolean(), note: marker }),
    };

    it('covers every allow-listed type', () => {
      for (const type of REPORTING_EVENT_TYPES) expect(Object.keys(data)).toContain(type);
    });

    const recordedEvent = fc
      .constantFrom(...Object.keys(data))
      .chain((type) =>
        fc.record({
          type: fc.constant(type),
          data: data[type]!,
          streamId: fc.oneof(marker.map((m) => `fund-request-${m}`), marker),
          eventId: marker,
          userId: marker,
          organizationId: marker,
          correlationId: marker,
          causationId: marker,
          protocolVersion: marker,
          occurredAt: instantOrMarker,
        }),
      )
      .map(
        (e): RecordedEvent => ({
          type: e.type,
          data: e.data,
          streamId: e.streamId,
          streamVersion: 1,
          globalPosition: 1,
          position: { commit: 1, prepare: 1 },
          recordedAt: new Date(0),
          metadata: {
            eventId: e.eventId,
            schemaVersion: 1,
            occurredAt: e.occurredAt,
            actor: { userId: e.userId, role: 'provider', organizationId: e.organizationId },
            correlationId: e.correlationId,
            causationId: e.causationId,
            protocolVersion: e.protocolVersion,
          },
        }),
      );

    it('no marker appears in a fact, and every string in it is a vocabulary value, a digest or a date', () => {
      let produced = 0;
      fc.assert(
        fc.property(recordedEvent, (event) => {
          const fact = anonymize(event, key);
          if (!(REPORTING_EVENT_TYPES as readonly string[]).includes(event.type)) expect(fact).toBeNull();
          if (fact === null) return;
          produced++;
          expect(JSON.stringify(fact)).not.toContain(MARK);
          for (const s of strings(fact)) expect([s, allowed(s)]).toEqual([s, true]);
        }),
        { numRuns: 2_000 },
      );
      // The property must have been exercised on real facts, not only on refusals.
      expect(produced).toBeGreaterThan(500);
    });
  });
});
