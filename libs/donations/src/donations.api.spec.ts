import { randomUUID } from 'node:crypto';
import { createTestApi, type TestApi } from '@fund/platform/testing';
import { FundsModule } from '@fund/funds';
import { InventoryModule } from '@fund/inventory';
import { DonationsModule, donationStreamId } from './index';

const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('donations api (embedded store)', () => {
  let api: TestApi;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    api = await createTestApi([FundsModule, InventoryModule, DonationsModule]);
    for (const role of ['coordinator', 'auditor', 'provider', 'council'] as const) tokens.set(role, await api.token({ role }));
    for (const fund of [
      { fundId: 'general', name: 'General donations', restricted: false },
      { fundId: 'grant-transport', name: 'Transportation grant', restricted: true },
    ]) {
      await api.http().post('/funds').set('Authorization', auth('coordinator')).send(fund).expect(201);
    }
  });
  afterAll(async () => api.close());

  function auth(role: string): string {
    return `Bearer ${tokens.get(role)}`;
  }
  const post = (path: string, body: unknown, role = 'coordinator') => api.http().post(`/donations/${path}`).set('Authorization', auth(role)).send(body as object);
  const get = (path: string, role = 'coordinator') => api.http().get(path).set('Authorization', auth(role));
  const eventCount = async () => (await api.allEvents()).length;

  const gift = { fundId: 'general', amountCents: 25_000, restricted: false, donorKind: 'individual', donorReference: 'DNR-0042', receivedOn: daysFromNow(-3) };

  describe('POST /donations/monetary', () => {
    it('records the gift and the money in the fund together', async () => {
      const before = await eventCount();
      const res = await post('monetary', gift).expect(201);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toEqual({ kind: 'monetary', donationId: expect.any(String), ...gift, position: res.headers['x-position'] });
      expect(res.headers.location).toBe(`/donations/${res.body.donationId}`);

      const written = (await api.allEvents()).slice(before);
      expect(written.map((e) => [e.streamId, e.type])).toEqual([
        [donationStreamId(res.body.donationId), 'MonetaryDonationRecorded'],
        ['fund-general', 'MoneyReceived'],
      ]);
      expect(written[1]!.data).toEqual({ donationId: res.body.donationId, amountCents: 25_000 });
      // One decision: the same actor and correlation on both streams.
      expect(written[0]!.metadata.correlationId).toBe(written[1]!.metadata.correlationId);

      const fund = await get('/funds/general').expect(200);
      expect(fund.body).toMatchObject({ receivedCents: 25_000, balanceCents: 25_000, availableCents: 25_000 });
      const donation = await get(`/donations/${res.body.donationId}`, 'auditor').expect(200);
      const { position: _written, ...recorded } = res.body as Record<string, unknown>;
      expect(donation.body).toEqual(recorded);
      expect(donation.headers.etag).toBe('"1"');
    });

    it('records an anonymous gift without a donor reference, and restricted money in a restricted fund', async () => {
      const res = await post('monetary', { fundId: 'grant-transport', amountCents: 1, restricted: true, donorKind: 'grant', receivedOn: daysFromNow(0) }).expect(201);
      expect(res.body).toMatchObject({ donorReference: null, restricted: true });
      expect((await get('/funds/grant-transport').expect(200)).body.receivedCents).toBe(1);
    });

    it('lets only coordinators record donations', async () => {
      const before = await eventCount();
      for (const role of ['provider', 'council', 'auditor']) {
        expect((await post('monetary', gift, role).expect(403)).body).toMatchObject({ code: 'AUTH.ROLE_NOT_ALLOWED' });
      }
      await api.http().post('/donations/monetary').send(gift).expect(401);
      expect(await eventCount()).toBe(before);
    });

    it.each([
      ['a negative amount', { ...gift, amountCents: -500 }, 'amountCents'],
      ['a fractional amount', { ...gift, amountCents: 1_000.5 }, 'amountCents'],
      ['a huge amount', { ...gift, amountCents: 100_000_001 }, 'amountCents'],
      ['an amount as a string', { ...gift, amountCents: '25000' }, 'amountCents'],
      ['an unknown field', { ...gift, donorName: 'Jane Doe' }, 'donorName'],
      ['a missing fund', { amountCents: 100, restricted: false, donorKind: 'individual', receivedOn: daysFromNow(-1) }, 'fundId'],
      ['a name as donor reference', { ...gift, donorReference: 'Jane Doe' }, 'donorReference'],
      ['an unknown donor kind', { ...gift, donorKind: 'corporation' }, 'donorKind'],
      ['an impossible date', { ...gift, receivedOn: '2026-02-30' }, 'receivedOn'],
      ['a date with a time', { ...gift, receivedOn: '2026-02-03T10:00:00Z' }, 'receivedOn'],
    ])('refuses %s with a 400 naming the field, and writes nothing', async (_, body, field) => {
      const before = await eventCount();
      const res = await post('monetary', body).expect(400);
      expect(res.body.code).toBe('VALIDATION.FAILED');
      expect(res.body.details.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await eventCount()).toBe(before);
    });

    it('refuses a gift dated in the future with a 400 naming receivedOn', async () => {
      const before = await eventCount();
      const res = await post('monetary', { ...gift, receivedOn: daysFromNow(2) }).expect(400);
      expect(res.body).toMatchObject({ code: 'DONATION.RECEIVED_ON_IN_FUTURE', details: { field: 'receivedOn' } });
      expect(await eventCount()).toBe(before);
    });

    it('refuses malformed JSON with a 400 and writes nothing', async () => {
      const before = await eventCount();
      await api.http().post('/donations/monetary').set('Authorization', auth('coordinator')).set('Content-Type', 'application/json').send('{"fundId": general}').expect(400);
      expect(await eventCount()).toBe(before);
    });

    it('refuses a fund that was never opened (422) and writes neither stream', async () => {
      const before = await eventCount();
      const res = await post('monetary', { ...gift, fundId: 'no-such-fund' }).expect(422);
      expect(res.body.code).toBe('FUND.NOT_OPEN');
      expect(await eventCount()).toBe(before);
    });

    it('refuses restricted money for an unrestricted fund and the other way round (422), writing nothing', async () => {
      const before = await eventCount();
      const one = await post('monetary', { ...gift, restricted: true }).expect(422);
      expect(one.body).toMatchObject({ code: 'DONATION.RESTRICTION_MISMATCH', details: { restricted: true, fundRestricted: false } });
      const other = await post('monetary', { ...gift, fundId: 'grant-transport' }).expect(422);
      expect(other.body).toMatchObject({ code: 'DONATION.RESTRICTION_MISMATCH', details: { restricted: false, fundRestricted: true } });
      expect(await eventCount()).toBe(before);
    });

    it('answers a retry with the same Idempotency-Key with the first response, and records the gift once', async () => {
      const before = await eventCount();
      const fundBefore = (await get('/funds/general').expect(200)).body.receivedCents;
      const key = `donation-${randomUUID()}`;
      const body = { ...gift, amountCents: 7_700 };
      const first = await post('monetary', body).set('Idempotency-Key', key).expect(201);
      const retry = await post('monetary', body).set('Idempotency-Key', key).expect(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.etag).toBe(first.headers.etag);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(await eventCount()).toBe(before + 2);
      expect((await get('/funds/general').expect(200)).body.receivedCents).toBe(fundBefore + 7_700);

      const reused = await post('monetary', { ...body, amountCents: 7_701 }).set('Idempotency-Key', key).expect(422);
      expect(reused.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
      expect(await eventCount()).toBe(before + 2);
    });
  });

  it('records concurrent gifts into one fund without losing any', async () => {
    const before = (await get('/funds/general').expect(200)).body.receivedCents;
    const results = await Promise.all(Array.from({ length: 5 }, () => post('monetary', { ...gift, amountCents: 100 })));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect((await get('/funds/general').expect(200)).body.receivedCents).toBe(before + 500);
  });

  describe('POST /donations/in-kind', () => {
    const cards = { itemId: 'bus-pass-10-ride', kind: 'bus_pass', category: 'transportation', quantity: 2, unitValueCents: 1_500, valuationMethod: 'face_value', serials: ['BP-1', 'BP-2'] };
    const kits = { itemId: 'hygiene-kit', kind: 'goods', category: 'hygiene', quantity: 12, unitValueCents: 900, valuationMethod: 'purchase_price' };
    const delivery = { donorKind: 'organization', donorReference: 'ORG-3', receivedOn: daysFromNow(-1), items: [cards, kits] };

    it('records the donation and puts every item in stock, in one append', async () => {
      const before = await eventCount();
      const res = await post('in-kind', delivery).expect(201);
      expect(res.body).toEqual({
        kind: 'in_kind',
        donationId: expect.any(String),
        donorKind: 'organization',
        donorReference: 'ORG-3',
        receivedOn: delivery.receivedOn,
        items: [cards, { ...kits, serials: null }],
        position: res.headers['x-position'],
      });
      const written = (await api.allEvents()).slice(before);
      expect(written.map((e) => e.type)).toEqual(['InKindDonationRecorded', 'StockReceived', 'StockReceived']);
      expect(new Set(written.map((e) => e.position.commit)).size).toBe(1);
      expect(written[1]!.data).toMatchObject({ itemId: 'bus-pass-10-ride', donationId: res.body.donationId, serials: ['BP-1', 'BP-2'] });
      expect((await get('/stock/hygiene-kit').expect(200)).body.onHand).toBe(12);
      const { position: _written, ...recorded } = res.body as Record<string, unknown>;
      expect((await get(`/donations/${res.body.donationId}`).expect(200)).body).toEqual(recorded);
    });

    it('writes nothing at all when one item is refused', async () => {
      const before = await eventCount();
      const res = await post('in-kind', {
        ...delivery,
        items: [{ ...kits, itemId: 'diapers-size-4', category: 'childcare' }, { ...cards, itemId: 'phone-card-20', kind: 'phone_card', category: 'phone_card', serials: ['PC-1'] }],
      }).expect(422);
      expect(res.body).toMatchObject({ code: 'INVENTORY.SERIALS_REQUIRED', details: { itemId: 'phone-card-20', quantity: 2, serialCount: 1 } });
      expect(await eventCount()).toBe(before);
      await get('/stock/diapers-size-4').expect(404);
    });

    it('refuses cards already received, and a second unit value for an item (422), writing nothing', async () => {
      const before = await eventCount();
      const again = await post('in-kind', { ...delivery, items: [{ ...cards, quantity: 1, serials: ['BP-2'] }] }).expect(422);
      expect(again.body).toMatchObject({ code: 'INVENTORY.SERIAL_ALREADY_RECEIVED', details: { itemId: 'bus-pass-10-ride', serialIndex: 0 } });
      const value = await post('in-kind', { ...delivery, items: [{ ...kits, unitValueCents: 1_000 }] }).expect(422);
      expect(value.body).toMatchObject({ code: 'INVENTORY.UNIT_VALUE_MISMATCH', details: { unitValueCents: 900, requestedUnitValueCents: 1_000 } });
      expect(await eventCount()).toBe(before);
    });

    it.each([
      ['no items', { ...delivery, items: [] }, 'items'],
      ['a zero quantity', { ...delivery, items: [{ ...kits, quantity: 0 }] }, 'items.0.quantity'],
      ['a fractional unit value', { ...delivery, items: [cards, { ...kits, unitValueCents: 9.99 }] }, 'items.1.unitValueCents'],
      ['an unknown category', { ...delivery, items: [{ ...kits, category: 'luxury' }] }, 'items.0.category'],
      ['an unknown item field', { ...delivery, items: [{ ...kits, note: 'from the church drive' }] }, 'items.0.note'],
      ['a missing valuation method', { ...delivery, items: [{ itemId: 'socks', kind: 'goods', category: 'clothing', quantity: 1, unitValueCents: 100 }] }, 'items.0.valuationMethod'],
    ])('refuses %s with a 400 naming the field, and writes nothing', async (_, body, field) => {
      const before = await eventCount();
      const res = await post('in-kind', body).expect(400);
      expect(res.body.details.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await eventCount()).toBe(before);
    });

    it('refuses the same item on two lines (400)', async () => {
      const res = await post('in-kind', { ...delivery, items: [kits, { ...kits, quantity: 1 }] }).expect(400);
      expect(res.body).toMatchObject({ code: 'DONATION.DUPLICATE_ITEM', details: { field: 'items.1.itemId' } });
    });

    it('lets only coordinators record in-kind donations', async () => {
      await post('in-kind', delivery, 'provider').expect(403);
    });
  });

  describe('GET /donations/:donationId', () => {
    it('answers 404 for an unknown donation, 400 for an id that is not a UUID, 403 for providers', async () => {
      expect((await get(`/donations/${randomUUID()}`).expect(404)).body.code).toBe('DONATION.NOT_FOUND');
      expect((await get('/donations/general').expect(400)).body.details.errors[0]).toMatchObject({ field: 'donationId' });
      await get(`/donations/${randomUUID()}`, 'provider').expect(403);
    });
  });
});
