import { createTestApi, type TestApi } from '@fund/platform/testing';
import { AuditLedgerModule, AuditLedgerProjection, LedgerStatementsModule } from '@fund/audit-ledger';
import { DonationsModule } from '@fund/donations';
import { SubscriptionRunner, type SqlDatabase } from '@fund/event-sourcing';
import { FundsModule } from '@fund/funds';
import { READ_DATABASE } from '@fund/platform';
import { DEMO_PROTOCOL_RULES, ProtocolsModule } from '@fund/protocols';
import { InventoryModule, stockStreamId } from './index';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const ITEM = 'gift-card-grocery-25';

describe('inventory api (embedded store)', () => {
  let api: TestApi;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    api = await createTestApi([ProtocolsModule, FundsModule, InventoryModule, DonationsModule, AuditLedgerModule, LedgerStatementsModule]);
    for (const role of ['coordinator', 'auditor', 'provider'] as const) tokens.set(role, await api.token({ role }));
    // Two coordinators for dual control.
    for (const userId of ['coord-a', 'coord-b'] as const) tokens.set(userId, await api.token({ userId, role: 'coordinator', organizationId: 'coalition' }));
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

  describe('card purchases, dual control and counts (issue 15)', () => {
    const post = (path: string, who: string, body?: object) => api.http().post(path).set('Authorization', auth(who)).send(body);
    const get = (path: string, who: string) => api.http().get(path).set('Authorization', auth(who));
    const PURCHASE = {
      purchaseId: 'po-4471',
      fundId: 'general',
      payeeId: 'grocer-co',
      itemId: 'grocery-card-50',
      kind: 'gift_card',
      category: 'groceries',
      faceValueCents: 5_000,
      serials: ['PC-1', 'PC-2', 'PC-3'],
      feesCents: 597,
      paidOn: daysAgo(1),
      paymentReference: { kind: 'check_number', value: '4412' },
    };

    beforeAll(async () => {
      await post('/protocols/bootstrap', 'coord-a', { version: '2026-1', title: 'Emergency fund protocol', rules: DEMO_PROTOCOL_RULES }).expect(201);
      await post('/funds', 'coord-a', { fundId: 'general', name: 'General donations', restricted: false }).expect(201);
      await post('/payees', 'coord-a', { payeeId: 'grocer-co', name: 'Grocer Co', kind: 'business', taxId: null }).expect(201);
      await post('/donations/monetary', 'coord-a', { fundId: 'general', amountCents: 20_000, restricted: false, donorKind: 'individual', receivedOn: daysAgo(3) }).expect(201);
    });

    it('refuses what the rules refuse, writing nothing: unknown vendor, card over the protocol limit, more than the fund holds', async () => {
      const before = await eventCount();
      expect((await post('/card-purchases', 'coord-a', { ...PURCHASE, payeeId: 'nobody-inc' }).expect(422)).body).toMatchObject({ code: 'CARD_PURCHASE.UNKNOWN_PAYEE', details: { field: 'payeeId' } });
      expect((await post('/card-purchases', 'coord-a', { ...PURCHASE, faceValueCents: 10_001 }).expect(422)).body).toMatchObject({ code: 'CARD_PURCHASE.FACE_VALUE_OVER_LIMIT' });
      const many = { ...PURCHASE, serials: ['PC-1', 'PC-2', 'PC-3', 'PC-4', 'PC-5'] };
      expect((await post('/card-purchases', 'coord-a', many).expect(422)).body).toMatchObject({ code: 'FUND.INSUFFICIENT_FUNDS', details: { availableCents: 20_000 } });
      expect((await post('/card-purchases', 'coord-a', { ...PURCHASE, serials: ['PC 1 (blue)'] }).expect(400)).body.details.errors[0]).toMatchObject({ field: 'serials' });
      const intoDonated = { ...PURCHASE, itemId: ITEM, faceValueCents: 2_500, category: 'groceries' };
      expect((await post('/card-purchases', 'coord-a', intoDonated).expect(422)).body).toMatchObject({ code: 'CARD_PURCHASE.ITEM_HOLDS_DONATIONS', details: { field: 'itemId' } });
      expect(await eventCount()).toBe(before);
    });

    it('records a purchase: money leaves the fund (cost = face value x cards + fees), cards on order, not yet in stock', async () => {
      const res = await post('/card-purchases', 'coord-a', PURCHASE).expect(201);
      expect(res.body).toMatchObject({ status: 'on_order', quantity: 3, costCents: 15_597, recordedBy: 'coord-a', receivedOn: null });
      expect((await get('/funds/general', 'coordinator').expect(200)).body).toMatchObject({ balanceCents: 20_000 - 15_597 });
      await getStock('grocery-card-50').expect(404);
    });

    it('dual control: the coordinator who bought the cards cannot confirm they arrived; a second one can', async () => {
      const before = await eventCount();
      const same = await post('/card-purchases/po-4471/receipt', 'coord-a', { receivedOn: daysAgo(0), custodian: 'office-safe' }).expect(422);
      expect(same.body).toMatchObject({ code: 'CARD_PURCHASE.SAME_COORDINATOR', details: { rule: 'dual_control' } });
      expect(await eventCount()).toBe(before);
      const ok = await post('/card-purchases/po-4471/receipt', 'coord-b', { receivedOn: daysAgo(0), custodian: 'office-safe' }).expect(201);
      expect(ok.body).toMatchObject({ status: 'received', custodian: 'office-safe', confirmedBy: 'coord-b' });
      expect((await getStock('grocery-card-50').expect(200)).body).toMatchObject({ onHand: 3, unitValueCents: 5_000, availableSerials: ['PC-1', 'PC-2', 'PC-3'] });
      await post('/card-purchases/po-4471/receipt', 'coord-b', { receivedOn: daysAgo(0), custodian: 'office-safe' }).expect(409);
      expect((await get('/card-purchases/po-4471', 'auditor').expect(200)).body).toMatchObject({ status: 'received', recordedBy: 'coord-a', confirmedBy: 'coord-b' });
      await get('/card-purchases/po-4471', 'provider').expect(403);
      await get('/card-purchases/po-unknown', 'auditor').expect(404);
    });

    it('a count finds one card missing and one unexpected; a second coordinator approves the write-off', async () => {
      const count = await post('/stock/grocery-card-50/counts', 'coord-b', { countId: 'count-nov-safe', custodian: 'office-safe', countedOn: daysAgo(0), countedSerials: ['PC-1', 'PC-3', 'XX-9'] }).expect(201);
      expect(count.body).toMatchObject({ status: 'counted', expectedSerials: ['PC-1', 'PC-2', 'PC-3'], missingSerials: ['PC-2'], unexpectedSerials: ['XX-9'], countedBy: 'coord-b' });
      const before = await eventCount();
      expect((await post('/stock-counts/count-nov-safe/approval', 'coord-b').expect(422)).body).toMatchObject({ code: 'STOCK_COUNT.SAME_COORDINATOR' });
      expect(await eventCount()).toBe(before);
      expect((await post('/stock-counts/count-nov-safe/approval', 'coord-a').expect(201)).body).toMatchObject({ status: 'adjusted', approvedBy: 'coord-a' });
      expect((await getStock('grocery-card-50').expect(200)).body).toMatchObject({ onHand: 2, availableSerials: ['PC-1', 'PC-3'] });
      const { events } = await api.store.readStream(stockStreamId('grocery-card-50'));
      expect(events.at(-1)).toMatchObject({ type: 'StockAdjusted', data: { reason: 'count_correction', serials: ['PC-2'], countId: 'count-nov-safe' } });
      await post('/stock/winter-blanket/counts', 'coord-b', { countId: 'count-blankets', custodian: 'office-safe', countedOn: daysAgo(0), countedSerials: [] }).expect(422);
    });

    it('the ledger moves the money fund -> cards on order -> stock, and the gift-card log shows each serial with its history (JSON, CSV, XLSX)', async () => {
      await new SubscriptionRunner(api.store, api.app.get<SqlDatabase>(READ_DATABASE), api.app.get(AuditLedgerProjection)).catchUp();
      const { entries } = (await get('/ledger?limit=200', 'auditor').expect(200)).body as { entries: { eventType: string; effectiveDate: string; lines: { account: string; debitCents: number; creditCents: number }[] }[] };
      const bought = entries.find((e) => e.eventType === 'CardPurchaseRecorded')!;
      expect(bought.effectiveDate).toBe(PURCHASE.paidOn);
      expect(bought.lines.map((l) => [l.account, l.debitCents, l.creditCents])).toEqual([
        ['stock-on-order:po-4471', 15_000, 0],
        ['cash:general', 0, 15_000],
        ['assistance:groceries', 597, 0],
        ['cash:general', 0, 597],
      ]);
      const received = entries.find((e) => e.eventType === 'StockReceived' && e.lines.some((l) => l.account === 'stock-on-order:po-4471'))!;
      expect(received.lines.map((l) => [l.account, l.debitCents, l.creditCents])).toEqual([
        ['stock:grocery-card-50', 15_000, 0],
        ['stock-on-order:po-4471', 0, 15_000],
      ]);
      expect((await get('/ledger/verify', 'auditor').expect(200)).body).toMatchObject({ ok: true });

      const log = (await get('/ledger/gift-cards', 'auditor').expect(200)).body as { cards: Record<string, unknown>[] };
      const pc2 = log.cards.find((c) => c.serial === 'PC-2');
      expect(pc2).toMatchObject({
        itemId: 'grocery-card-50',
        faceValueCents: 5_000,
        source: 'purchased',
        sourceId: 'po-4471',
        payeeId: 'grocer-co',
        purchasedBy: 'coord-a',
        receivedBy: 'coord-b',
        custodian: 'office-safe',
        status: 'written_off',
        outReason: 'count_correction',
        variances: [{ countId: 'count-nov-safe', finding: 'missing', adjusted: true }],
      });
      expect(log.cards.find((c) => c.serial === 'GC-003')).toMatchObject({ source: 'donated', status: 'on_hand' });
      await get('/ledger/gift-cards', 'provider').expect(403);

      const csv = await get('/ledger/gift-cards/export.csv', 'auditor').expect(200);
      const lines = csv.text.trim().split('\n');
      expect(lines[0]!.startsWith('serial,item_id,kind,category,face_value_cents')).toBe(true);
      expect(lines).toHaveLength(1 + log.cards.length);
      expect(lines.find((l) => l.startsWith('PC-2,'))).toContain('count-nov-safe:missing:');
      const xlsx = await get('/ledger/gift-cards/export.xlsx', 'auditor').buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      }).expect(200);
      expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    });
  });

  describe('sales of donated stock (issue 16: used or sold)', () => {
    const post = (path: string, who: string, body?: object) => api.http().post(path).set('Authorization', auth(who)).send(body);
    const get = (path: string, who: string) => api.http().get(path).set('Authorization', auth(who));
    const SALE = { saleId: 'sale-coats-a', quantity: 2, proceedsCents: 5_000, fundId: 'general', buyerKind: 'resale_vendor', soldOn: daysAgo(1) };

    beforeAll(async () => {
      const coats = { itemId: 'winter-coat-sale', kind: 'goods', category: 'winter_gear', quantity: 3, unitValueCents: 4_000, valuationMethod: 'fair_market_value' };
      await post('/donations/in-kind', 'coord-a', { donorKind: 'organization', receivedOn: daysAgo(2), items: [coats] }).expect(201);
      await post('/funds', 'coord-a', { fundId: 'voca-sales', name: 'VOCA subaward', restricted: true }).expect(201);
    });

    it('refuses what the rules refuse, writing nothing: bought cards, a grant fund, more than on hand, an unregistered buyer, negative proceeds, a free-text buyer', async () => {
      const before = await eventCount();
      const sell = (itemId: string, body: object) => post(`/stock/${itemId}/sales`, 'coord-a', { ...SALE, ...body });
      expect((await sell('grocery-card-50', { quantity: 1, serials: ['PC-1'] }).expect(422)).body).toMatchObject({ code: 'INVENTORY.NOT_DONATED', details: { field: 'itemId' } });
      expect((await sell('winter-coat-sale', { fundId: 'voca-sales' }).expect(422)).body).toMatchObject({ code: 'FUND.RESTRICTION_MISMATCH', details: { field: 'fundId' } });
      expect((await sell('winter-coat-sale', { quantity: 4 }).expect(422)).body).toMatchObject({ code: 'INVENTORY.INSUFFICIENT_STOCK', details: { availableQuantity: 3 } });
      expect((await sell('winter-coat-sale', { buyerKind: 'payee', buyerPayeeId: 'nobody-inc' }).expect(422)).body).toMatchObject({ code: 'INVENTORY.UNKNOWN_BUYER', details: { field: 'buyerPayeeId' } });
      expect((await sell('winter-coat-sale', { proceedsCents: -1 }).expect(400)).body.details.errors[0]).toMatchObject({ field: 'proceedsCents' });
      expect((await sell('winter-coat-sale', { buyerKind: 'Jane at the thrift shop' }).expect(400)).body.details.errors[0]).toMatchObject({ field: 'buyerKind' });
      await post('/stock/winter-coat-sale/sales', 'auditor', SALE).expect(403);
      expect(await eventCount()).toBe(before);
    });

    it('records a sale: the units leave stock, the proceeds are money in the general fund, and the ledger posts value out, cash in and the gain on the day sold', async () => {
      const fundBefore = (await get('/funds/general', 'coordinator').expect(200)).body as { balanceCents: number };
      const res = await post('/stock/winter-coat-sale/sales', 'coord-a', SALE).expect(201);
      expect(res.body).toMatchObject({ itemId: 'winter-coat-sale', onHand: 1 });
      expect((await get('/funds/general', 'coordinator').expect(200)).body).toMatchObject({ balanceCents: fundBefore.balanceCents + 5_000 });
      await post('/stock/winter-coat-sale/sales', 'coord-a', SALE).expect(409);

      await new SubscriptionRunner(api.store, api.app.get<SqlDatabase>(READ_DATABASE), api.app.get(AuditLedgerProjection)).catchUp();
      const { entries } = (await get('/ledger?limit=500', 'auditor').expect(200)).body as { entries: { eventType: string; effectiveDate: string; lines: { account: string; debitCents: number; creditCents: number }[] }[] };
      const sale = entries.find((e) => e.eventType === 'StockSold')!;
      expect(sale.effectiveDate).toBe(SALE.soldOn);
      expect(sale.lines.map((l) => [l.account, l.debitCents, l.creditCents])).toEqual([
        ['cash:general', 5_000, 0],
        ['stock:winter-coat-sale', 0, 5_000],
        ['loss-on-sale:winter_gear', 3_000, 0],
        ['stock:winter-coat-sale', 0, 3_000],
      ]);
      expect((await get('/ledger/verify', 'auditor').expect(200)).body).toMatchObject({ ok: true });
      const s = (await get(`/ledger/statements?from=${daysAgo(5)}&to=${daysAgo(0)}`, 'coordinator').expect(200)).body as {
        activities: { lossesOnSales: { key: string; totalCents: number }[] };
        inKindDisclosure: { rows: { category: string; usedCents: number; monetizedCents: number; saleProceedsCents: number }[] };
      };
      expect(s.activities.lossesOnSales).toEqual([expect.objectContaining({ key: 'loss-on-sale:winter_gear', totalCents: 3_000 })]);
      expect(s.inKindDisclosure.rows.find((r) => r.category === 'winter_gear')).toMatchObject({ monetizedCents: 8_000, saleProceedsCents: 5_000 });
    });
  });
});
