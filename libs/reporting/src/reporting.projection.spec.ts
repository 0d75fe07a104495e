import { PgliteDatabase, SqlEventStore, SubscriptionRunner, type RecordedEvent } from '@fund/event-sourcing';
import { keyerFor } from './anonymize';
import { REPORTING_DATA_TABLES } from './reporting.migrations';
import { ReportingProjection } from './reporting.projection';
import { appendAll, ev, type StreamEvent } from './testing/events';

const TABLES = ['reporting_secret', ...REPORTING_DATA_TABLES] as const;

async function dump(db: PgliteDatabase, tables: readonly string[] = TABLES): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) out[table] = (await db.query(`SELECT * FROM ${table} ORDER BY 1, 2`)).rows;
  return out;
}

/** A small history touching every fact kind, in the order the write side records it. */
const history: StreamEvent[] = [
  ev.organizationRegistered('org-a', 'immigrant_services', 'cumberland'),
  ev.monetaryDonation('don-1', { amountCents: 500_000, donorKind: 'grant', receivedOn: '2026-09-15', restricted: true }),
  ev.inKindDonation('don-2', { receivedOn: '2026-10-02', items: [{ itemId: 'coats-adult', kind: 'goods', category: 'winter_gear', quantity: 4, unitValueCents: 3_000 }] }),
  ev.stockReceived('coats-adult', { kind: 'goods', category: 'winter_gear', quantity: 4, unitValueCents: 3_000, donationId: 'don-2' }, '2026-10-02T12:00:00.000Z'),
  ev.submitted(
    'req-1',
    { reference: 'SR-AAAA-BBBB-CCCC', organizationId: 'org-a', category: 'lodging', amountCents: 30_000, demographics: { ageBand: '25_59', traffickingType: 'sex' } },
    '2026-10-05T10:00:00.000Z',
  ),
  ev.vote('req-1', '2026-10-05T16:00:00.000Z'),
  ev.approved('req-1', 25_000, '2026-10-06T10:00:00.000Z'),
  ev.moneyReserved('req-1', 25_000, '2026-10-06T10:00:00.000Z'),
  ev.disbursed('req-1', 'disb-1', { amountCents: 10_000 }, '2026-10-07T10:00:00.000Z'),
  ev.moneyDisbursed('req-1', 'disb-1', 10_000, '2026-10-07T10:00:00.000Z'),
  ev.voided('req-1', 'disb-1', 10_000, '2026-10-08T10:00:00.000Z'),
  ev.fundDisbursementVoided('req-1', 'disb-1', 10_000, '2026-10-08T10:00:00.000Z'),
  ev.disbursed('req-1', 'disb-2', { amountCents: 20_000, paymentMethod: 'gift_card' }, '2026-10-09T10:00:00.000Z'),
  ev.moneyDisbursed('req-1', 'disb-2', 20_000, '2026-10-09T10:00:00.000Z'),
  ev.submitted('req-2', { reference: 'SR-AAAA-BBBB-CCCC', organizationId: 'org-a', category: 'winter_gear', amountCents: 6_000 }, '2026-10-10T10:00:00.000Z'),
  ev.approved('req-2', 6_000, '2026-10-10T12:00:00.000Z'),
  ev.disbursed('req-2', 'disb-3', { amountCents: 6_000, source: 'stock', paymentMethod: 'donated_goods', itemId: 'coats-adult', quantity: 2 }, '2026-10-11T10:00:00.000Z'),
  ev.stockIssued('coats-adult', 'req-2', 'disb-3', 2, 3_000, '2026-10-11T10:00:00.000Z'),
  ev.stockAdjusted('coats-adult', -1, '2026-10-12T10:00:00.000Z'),
  ev.closed('req-2', '2026-10-13T10:00:00.000Z'),
  ev.submitted('req-3', { reference: 'SR-DDDD-EEEE-FFFF', organizationId: 'org-unregistered' }, '2026-10-14T10:00:00.000Z'),
  ev.denied('req-3', '2026-10-15T10:00:00.000Z'),
];

/** Every identifier and free-form string the history above carries. */
const RAW = ['org-a', 'org-unregistered', 'don-1', 'don-2', 'coats-adult', 'SR-AAAA', 'SR-DDDD', 'req-1', 'req-2', 'req-3', 'disb-', 'DONOR-0042', 'adv-org', 'coord-2', 'council-9', 'SERIAL', 'general'];

describe('reporting projection', () => {
  let db: PgliteDatabase;
  let store: SqlEventStore;
  let projection: ReportingProjection;
  let runner: SubscriptionRunner;
  let events: RecordedEvent[];
  let key: ReturnType<typeof keyerFor>;

  beforeAll(async () => {
    db = await PgliteDatabase.open();
    store = await SqlEventStore.create(db);
    projection = new ReportingProjection();
    runner = new SubscriptionRunner(store, db, projection, { batchSize: 7 });
    await runner.prepare();
    await appendAll(store, history);
    events = await store.readAll({ limit: 1000 });
    await runner.catchUp();
    const { rows } = await db.query<{ secret_hex: string }>('SELECT secret_hex FROM reporting_secret');
    key = keyerFor(Buffer.from(rows[0]!.secret_hex, 'hex'));
  }, 60_000);
  afterAll(async () => db?.close());

  it('keeps one row per request with banded dimensions, decision and end, keyed by digest', async () => {
    const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM reporting_requests ORDER BY submitted_at');
    expect(rows.map((r) => [r.category, Number(r.requested_cents), r.age_group, r.trafficking_type, r.demographic_county, r.outcome, r.approved_cents === null ? null : Number(r.approved_cents), r.end_reason])).toEqual([
      ['lodging', 30_000, 'adult', 'sex', 'not_collected', 'approved', 25_000, null],
      ['winter_gear', 6_000, 'unknown', 'unknown', 'not_collected', 'approved', 6_000, 'closed'],
      ['groceries', 10_000, 'unknown', 'unknown', 'not_collected', 'denied', 0, null],
    ]);
    expect(rows[0]).toMatchObject({ request_key: key('request', 'req-1'), survivor_key: key('survivor', 'SR-AAAA-BBBB-CCCC'), org_key: key('organization', 'org-a') });
    expect(rows[0]!.survivor_key).toBe(rows[1]!.survivor_key);
    expect((rows[0]!.decided_at as Date).toISOString()).toBe('2026-10-06T10:00:00.000Z');
  });

  it('keeps payments with their void, and a survivor first served by the first payment not voided', async () => {
    const payments = await db.query<Record<string, unknown>>('SELECT amount_cents, source, payment_method, voided_at FROM reporting_payments ORDER BY paid_at');
    expect(payments.rows.map((p) => [Number(p.amount_cents), p.source, p.payment_method, p.voided_at !== null])).toEqual([
      [10_000, 'money', 'vendor_payment', true],
      [20_000, 'money', 'gift_card', false],
      [6_000, 'stock', 'donated_goods', false],
    ]);
    const survivors = await db.query<{ survivor_key: string; first_requested_at: Date; first_served_at: Date | null }>('SELECT * FROM reporting_survivors ORDER BY first_requested_at');
    expect(survivors.rows.map((s) => [s.survivor_key, s.first_requested_at.toISOString(), s.first_served_at?.toISOString() ?? null])).toEqual([
      [key('survivor', 'SR-AAAA-BBBB-CCCC'), '2026-10-05T10:00:00.000Z', '2026-10-09T10:00:00.000Z'],
      [key('survivor', 'SR-DDDD-EEEE-FFFF'), '2026-10-14T10:00:00.000Z', null],
    ]);
  });

  it('keeps organizations, donations, stock and commitments as facts without ids', async () => {
    expect((await db.query('SELECT provider_type, county FROM reporting_organizations')).rows).toEqual([{ provider_type: 'immigrant_services', county: 'cumberland' }]);
    const donations = await db.query<Record<string, unknown>>('SELECT donation_kind, donor_kind, restricted, category, quantity, amount_cents, received_on FROM reporting_donations ORDER BY received_on');
    expect(donations.rows.map((d) => [d.donation_kind, d.donor_kind, d.restricted, d.category, d.quantity, Number(d.amount_cents)])).toEqual([
      ['monetary', 'grant', true, null, null, 500_000],
      ['in_kind', 'organization', null, 'winter_gear', 4, 12_000],
    ]);
    expect((await db.query<Record<string, unknown>>('SELECT stock_kind, category, unit_value_cents FROM reporting_stock_items')).rows.map((r) => ({ ...r, unit_value_cents: Number(r.unit_value_cents) }))).toEqual([
      { stock_kind: 'goods', category: 'winter_gear', unit_value_cents: 3_000 },
    ]);
    expect((await db.query<{ movement: string; quantity: number }>('SELECT movement, quantity FROM reporting_stock_movements ORDER BY occurred_on')).rows).toEqual([
      { movement: 'issued', quantity: 2 },
      { movement: 'written_off', quantity: 1 },
    ]);
    // 25,000 reserved, 10,000 paid and voided back, 20,000 paid: 5,000 still promised.
    expect(Number((await db.query<{ s: unknown }>('SELECT SUM(delta_cents) AS s FROM reporting_commitments')).rows[0]!.s)).toBe(5_000);
  });

  it('holds no reference, id, user or typed string anywhere in its tables', async () => {
    const json = JSON.stringify(await dump(db, REPORTING_DATA_TABLES));
    for (const raw of RAW) expect([raw, json.includes(raw)]).toEqual([raw, false]);
  });

  it('leaves the same rows when a batch is delivered again', async () => {
    const before = await dump(db);
    await db.transaction((tx) => projection.handle(events, tx));
    await db.transaction((tx) => projection.handle(events.slice(3, 12), tx));
    expect(await dump(db)).toEqual(before);
  });

  it('gives identical rows on a rebuild, whatever the batch size', async () => {
    const before = await dump(db);
    await runner.rebuild();
    expect(await dump(db)).toEqual(before);
    const oneByOne = new SubscriptionRunner(store, db, projection, { batchSize: 1 });
    await oneByOne.rebuild();
    expect(await dump(db)).toEqual(before);
  });

  it('empties its data on reset but keeps its secret', async () => {
    const secret = (await db.query('SELECT * FROM reporting_secret')).rows;
    await db.transaction((tx) => projection.reset(tx));
    for (const table of REPORTING_DATA_TABLES) expect((await db.query(`SELECT 1 FROM ${table}`)).rows).toEqual([]);
    expect((await db.query('SELECT * FROM reporting_secret')).rows).toEqual(secret);
    await runner.rebuild();
  });
});
