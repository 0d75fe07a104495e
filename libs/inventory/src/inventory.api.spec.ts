import { createTestApi, type TestApi } from '@fund/platform/testing';
import { DonationsModule } from '@fund/donations';
import { FundsModule } from '@fund/funds';
import { InventoryModule, stockStreamId } from './index';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const ITEM = 'gift-card-grocery-25';

describe('inventory api (embedded store)', () => {
  let api: TestApi;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    api = await createTestApi([FundsModule, InventoryModule, DonationsModule]);
    for (const role of ['coordinator', 'auditor', 'provider'] as const) tokens.set(role, await api.token({ role }));
  });
  afterAll(async () => api.close());

  const auth = (role: string) => `Bearer ${tokens.get(role)}`;
  const getStock = (itemId: string, role = 'coordinator') => api.http().get(`/stock/${itemId}`).set('Authorization', auth(role));
  const adjust = (itemId: string, body: unknown, role = 'coordinator') =>
    api.http().post(`/stock/${itemId}/adjustments`).set('Authorization', auth(role)).send(body as object);
  const eventCount = async () => (await api.allEvents()).length;

  it('puts donated gift cards in stock, by serial', async () => {
    await api
      .http()
      .post('/donations/in-kind')
      .set('Authorization', auth('coordinator'))
      .send({
        donorKind: 'organization',
        donorReference: 'ORG-17',
        receivedOn: daysAgo(2),
        items: [
          { itemId: ITEM, kind: 'gift_card', category: 'groceries', quantity: 3, unitValueCents: 2_500, valuationMethod: 'face_value', serials: ['GC-001', 'GC-002', 'GC-003'] },
          { itemId: 'winter-blanket', kind: 'goods', category: 'winter_gear', quantity: 4, unitValueCents: 1_800, valuationMethod: 'fair_market_value' },
        ],
      })
      .expect(201);

    const res = await getStock(ITEM).expect(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toEqual({ itemId: ITEM, kind: 'gift_card', category: 'groceries', unitValueCents: 2_500, onHand: 3, availableSerials: ['GC-001', 'GC-002', 'GC-003'] });
    expect((await getStock('winter-blanket').expect(200)).body).toMatchObject({ kind: 'goods', onHand: 4, availableSerials: null });
  });

  it('writes off a lost card: 201 with the item after, and the new version as ETag', async () => {
    const res = await adjust(ITEM, { quantityDelta: -1, reason: 'lost', serials: ['GC-002'] }).expect(201);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body).toMatchObject({ onHand: 2, availableSerials: ['GC-001', 'GC-003'] });
    expect((await getStock(ITEM).expect(200)).body).toMatchObject({ onHand: 2 });
    const { events } = await api.store.readStream(stockStreamId(ITEM));
    expect(events.at(-1)).toMatchObject({ type: 'StockAdjusted', data: { quantityDelta: -1, reason: 'lost', serials: ['GC-002'] } });
  });

  it('never goes below zero: 422 saying how many are on hand, nothing written', async () => {
    const before = await eventCount();
    const res = await adjust(ITEM, { quantityDelta: -3, reason: 'expired', serials: ['GC-001', 'GC-003', 'GC-002'] }).expect(422);
    expect(res.body).toMatchObject({ code: 'INVENTORY.INSUFFICIENT_STOCK', details: { availableQuantity: 2, requestedQuantity: 3 } });
    const goods = await adjust('winter-blanket', { quantityDelta: -5, reason: 'count_correction' }).expect(422);
    expect(goods.body.details).toMatchObject({ availableQuantity: 4, requestedQuantity: 5 });
    expect(await eventCount()).toBe(before);
  });

  it.each([
    ['a card no longer on hand', { quantityDelta: -1, reason: 'lost', serials: ['GC-002'] }, 'INVENTORY.UNKNOWN_SERIAL'],
    ['cards without serials', { quantityDelta: -1, reason: 'lost' }, 'INVENTORY.SERIALS_REQUIRED'],
  ])('refuses %s with 422 and writes nothing', async (_, body, code) => {
    const before = await eventCount();
    expect((await adjust(ITEM, body).expect(422)).body).toMatchObject({ code });
    expect(await eventCount()).toBe(before);
  });

  it('refuses serials for goods', async () => {
    expect((await adjust('winter-blanket', { quantityDelta: -1, reason: 'damaged', serials: ['B-1'] }).expect(422)).body).toMatchObject({ code: 'INVENTORY.SERIALS_NOT_ALLOWED' });
  });

  it('honours If-Match: a stale count is refused with 409, the current one goes through', async () => {
    const before = await eventCount();
    const stale = await adjust(ITEM, { quantityDelta: -1, reason: 'damaged', serials: ['GC-001'] }).set('If-Match', '"1"').expect(409);
    expect(stale.body.code).toBe('EVENT_STORE.CONCURRENCY_CONFLICT');
    expect(await eventCount()).toBe(before);
    const res = await adjust(ITEM, { quantityDelta: -1, reason: 'damaged', serials: ['GC-001'] }).set('If-Match', '"2"').expect(201);
    expect(res.headers.etag).toBe('"3"');
    expect(res.body).toMatchObject({ onHand: 1, availableSerials: ['GC-003'] });
  });

  it.each([
    ['a positive delta', { quantityDelta: 2, reason: 'count_correction' }, 'quantityDelta'],
    ['a fractional delta', { quantityDelta: -0.5, reason: 'lost' }, 'quantityDelta'],
    ['a huge delta', { quantityDelta: -1_000_000_000, reason: 'lost' }, 'quantityDelta'],
    ['an unknown reason', { quantityDelta: -1, reason: 'stolen by staff' }, 'reason'],
    ['a missing reason', { quantityDelta: -1 }, 'reason'],
    ['an unknown field', { quantityDelta: -1, reason: 'lost', note: 'left on the bus' }, 'note'],
    ['a serial that is not a code', { quantityDelta: -1, reason: 'lost', serials: ['GC 003 (blue)'] }, 'serials'],
  ])('refuses %s with a 400 naming the field, and writes nothing', async (_, body, field) => {
    const before = await eventCount();
    const res = await adjust('winter-blanket', body).expect(400);
    expect(res.body.details.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await eventCount()).toBe(before);
  });

  it('answers 404 for an item never stocked, on reads and adjustments', async () => {
    expect((await getStock('bus-pass-monthly').expect(404)).body).toMatchObject({ code: 'INVENTORY.NOT_FOUND' });
    expect((await adjust('bus-pass-monthly', { quantityDelta: -1, reason: 'lost' }).expect(404)).body).toMatchObject({ code: 'INVENTORY.NOT_FOUND' });
    expect((await getStock('Bad_Item').expect(400)).body.details.errors[0]).toMatchObject({ field: 'itemId' });
  });

  it('lets auditors read stock but not adjust it; providers do neither', async () => {
    await getStock(ITEM, 'auditor').expect(200);
    await adjust('winter-blanket', { quantityDelta: -1, reason: 'lost' }, 'auditor').expect(403);
    await getStock(ITEM, 'provider').expect(403);
    await adjust('winter-blanket', { quantityDelta: -1, reason: 'lost' }, 'provider').expect(403);
    expect((await getStock('winter-blanket').expect(200)).body.onHand).toBe(4);
  });

  it('keeps concurrent write-offs from taking stock below zero', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => adjust('winter-blanket', { quantityDelta: -1, reason: 'count_correction' })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(4);
    expect(statuses.every((s) => s === 201 || s === 422 || s === 409)).toBe(true);
    expect((await getStock('winter-blanket').expect(200)).body.onHand).toBe(0);
  });
});
