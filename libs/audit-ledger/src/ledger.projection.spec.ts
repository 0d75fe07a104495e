import type { EventHandler, RecordedEvent, SqlExecutor } from '@fund/event-sourcing';
import { SubscriptionRunner } from '@fund/event-sourcing';
import { entryHash, entryTotals, GENESIS_HASH, type StoredLedgerEntry } from './ledger.canonical';
import { journal, UNKNOWN_CATEGORY } from './ledger.journal';
import { LedgerReader } from './ledger.reader';
import { fetchEntries } from './ledger.rows';
import { appendScenario, openLedgerHarness, SURVIVOR_REFERENCE, type LedgerHarness, type Scenario } from './testing/ledger-fixtures';

const allEntries = (h: LedgerHarness) => fetchEntries(h.db, { limit: 10_000 });
const allEvents = async (h: LedgerHarness): Promise<RecordedEvent[]> => h.store.readAll({ limit: 10_000 });
const chain = (entries: readonly StoredLedgerEntry[]) => entries.map((e) => ({ entryId: e.entryId, prevHash: e.prevHash, hash: e.hash }));
const counts = async (h: LedgerHarness) => {
  const { rows } = await h.db.query<{ entries: number; lines: number }>(
    'SELECT (SELECT count(*) FROM ledger_entries)::int AS entries, (SELECT count(*) FROM ledger_lines)::int AS lines',
  );
  return rows[0];
};
/** Line shorthand: `['cash:general', 100, 0]`. */
const lines = (entry: StoredLedgerEntry) => entry.lines.map((l) => [l.account, l.debitCents, l.creditCents]);

describe('audit ledger projection', () => {
  let h: LedgerHarness;
  let scenario: Scenario;

  // One store for the file; each test starts from a freshly rebuilt ledger over the same events.
  beforeAll(async () => {
    h = await openLedgerHarness();
    scenario = await appendScenario(h.store);
  });
  beforeEach(async () => {
    await h.runner().rebuild();
  });
  afterAll(async () => h.close());

  it('journals every money and stock movement with the lines of the chart of accounts, and nothing else', async () => {
    const entries = await allEntries(h);
    expect(entries.map((e) => [e.eventType, e.fundId, e.category, lines(e)])).toEqual([
      ['MonetaryDonationRecorded', 'general', null, [['cash:general', 100_000, 0], ['donations:monetary:individual', 0, 100_000]]],
      ['StockReceived', null, 'transportation', [['stock:bus-pass-monthly', 12_000, 0], ['donations:in-kind:transportation', 0, 12_000]]],
      ['MoneyReserved', 'general', 'lodging', [['net-assets:general:available', 30_000, 0], ['net-assets:general:committed', 0, 30_000]]],
      ['StockIssued', null, 'lodging', [['assistance:lodging', 4_000, 0], ['stock:bus-pass-monthly', 0, 4_000]]],
      ['ReservationReleased', 'general', 'lodging', [['net-assets:general:committed', 4_000, 0], ['net-assets:general:available', 0, 4_000]]],
      [
        'MoneyDisbursed',
        'general',
        'lodging',
        [['assistance:lodging', 20_000, 0], ['cash:general', 0, 20_000], ['net-assets:general:committed', 20_000, 0], ['net-assets:general:available', 0, 20_000]],
      ],
      [
        'DisbursementVoided',
        'general',
        'lodging',
        [['cash:general', 20_000, 0], ['assistance:lodging', 0, 20_000], ['net-assets:general:available', 20_000, 0], ['net-assets:general:committed', 0, 20_000]],
      ],
      [
        'MoneyDisbursed',
        'general',
        'lodging',
        [['assistance:lodging', 15_000, 0], ['cash:general', 0, 15_000], ['net-assets:general:committed', 15_000, 0], ['net-assets:general:available', 0, 15_000]],
      ],
      ['StockAdjusted', null, 'transportation', [['stock-writeoff:lost', 4_000, 0], ['stock:bus-pass-monthly', 0, 4_000]]],
      ['ReservationReleased', 'general', 'lodging', [['net-assets:general:committed', 11_000, 0], ['net-assets:general:available', 0, 11_000]]],
    ]);
    const journaledTypes = new Set(entries.map((e) => e.eventType));
    for (const ignored of ['FundOpened', 'MoneyReceived', 'InKindDonationRecorded', 'FundRequestSubmitted', 'FundRequestApproved', 'RequestDisbursementVoided']) {
      expect(journaledTypes.has(ignored)).toBe(false);
    }
  });

  it('ties each entry to its event: id, global position, stream, actor, time and protocol version', async () => {
    const events = await allEvents(h);
    const entries = await allEntries(h);
    for (const entry of entries) {
      const event = events.find((e) => e.metadata.eventId === entry.eventId)!;
      expect(entry).toMatchObject({
        entryId: `je-${event.metadata.eventId}`,
        globalPosition: event.globalPosition,
        streamId: event.streamId,
        eventType: event.type,
        occurredAt: event.metadata.occurredAt,
        actorUserId: event.metadata.actor.userId,
        actorRole: event.metadata.actor.role,
        actorOrganizationId: event.metadata.actor.organizationId,
        protocolVersion: event.metadata.protocolVersion ?? null,
      });
    }
    expect(entries.map((e) => e.globalPosition)).toEqual([...entries.map((e) => e.globalPosition)].sort((a, b) => a - b));
    expect(entries.find((e) => e.eventType === 'MonetaryDonationRecorded')?.streamId).toBe(`donation-${scenario.donationId}`);
    expect(entries.find((e) => e.eventType === 'MoneyReserved')?.protocolVersion).toBe('2026-1');
  });

  it('balances debits and credits in every entry and in total, and the trial balance matches the fund', async () => {
    const entries = await allEntries(h);
    for (const entry of entries) {
      const { debitCents, creditCents } = entryTotals(entry);
      expect(debitCents).toBe(creditCents);
      expect(debitCents).toBeGreaterThan(0);
      entry.lines.forEach((l) => expect(l.debitCents === 0 || l.creditCents === 0).toBe(true));
    }
    const tb = await new LedgerReader(h.db).trialBalance();
    expect(tb).toMatchObject({ totalDebitCents: tb.totalCreditCents, balanced: true });
    const balance = Object.fromEntries(tb.accounts.map((a) => [a.account, a.balanceCents]));
    expect(balance).toEqual({
      'assistance:lodging': 19_000,
      'cash:general': 85_000, // 100_000 received - 15_000 paid (the voided 20_000 came back)
      'donations:in-kind:transportation': -12_000,
      'donations:monetary:individual': -100_000,
      'net-assets:general:available': 0,
      'net-assets:general:committed': 0, // everything reserved was drawn, covered by stock or released
      'stock-writeoff:lost': 4_000,
      'stock:bus-pass-monthly': 4_000, // one card left on hand
    });
  });

  it('chains every entry to the one before with SHA-256 over the previous hash and the canonical form', async () => {
    const entries = await allEntries(h);
    let prev = GENESIS_HASH;
    for (const entry of entries) {
      expect(entry.prevHash).toBe(prev);
      expect(entry.hash).toBe(entryHash(prev, entry));
      prev = entry.hash;
    }
  });

  it('adds nothing when the same batch is delivered again', async () => {
    const before = await counts(h);
    const chainBefore = chain(await allEntries(h));
    const events = await allEvents(h);
    await h.db.transaction((tx) => h.projection.handle(events, tx));
    await h.db.transaction((tx) => h.projection.handle(events.slice(3, 9), tx));
    expect(await counts(h)).toEqual(before);
    expect(chain(await allEntries(h))).toEqual(chainBefore);
  });

  it('rebuilds from position 0 into the identical chain, hashes included', async () => {
    const before = await allEntries(h);
    const rebuilt = await h.runner().rebuild();
    expect(rebuilt).toBe((await allEvents(h)).length);
    const after = await allEntries(h);
    expect(after.map((e) => [e.seq, e.entryId, e.prevHash, e.hash])).toEqual(before.map((e) => [e.seq, e.entryId, e.prevHash, e.hash]));
  });

  it('is whole again after the worker dies mid-batch: the failed batch left nothing and the chain continues', async () => {
    const clean = chain(await allEntries(h));
    await h.db.transaction((tx) => h.projection.reset!(tx));
    await h.db.query("DELETE FROM es_checkpoints WHERE subscription_id = 'audit-ledger'");
    // Dies after writing the batch holding the first disbursement, before the commit.
    const dying: EventHandler = {
      name: h.projection.name,
      handle: async (events: readonly RecordedEvent[], tx: SqlExecutor) => {
        await h.projection.handle(events, tx);
        if (events.some((e) => e.type === 'MoneyDisbursed')) throw new Error('worker killed');
      },
    };
    await expect(new SubscriptionRunner(h.store, h.db, dying, { batchSize: 4 }).catchUp()).rejects.toThrow('worker killed');
    const partial = await allEntries(h);
    expect(partial.some((e) => e.eventType === 'MoneyDisbursed')).toBe(false);
    expect(chain(partial)).toEqual(clean.slice(0, partial.length));

    await h.runner().catchUp();
    expect(chain(await allEntries(h))).toEqual(clean);
  });

  it('keeps only request id and category from a submission: no survivor reference, demographics or text', async () => {
    const columns = await h.db.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'ledger_request_categories' ORDER BY ordinal_position",
    );
    expect(columns.rows.map((c) => c.column_name)).toEqual(['request_id', 'category']);
    const { rows } = await h.db.query<{ request_id: string; category: string }>('SELECT request_id, category FROM ledger_request_categories');
    expect(rows).toEqual([{ request_id: scenario.requestId, category: 'lodging' }]);
    for (const table of ['ledger_entries', 'ledger_lines', 'ledger_request_categories', 'ledger_stock_items']) {
      const dump = JSON.stringify((await h.db.query(`SELECT * FROM ${table}`)).rows);
      expect(dump).not.toContain(SURVIVOR_REFERENCE);
      expect(dump).not.toContain('18_24');
      expect(dump).not.toContain('DR-0042'); // nor the donor's reference
    }
  });
});

describe('journal mapping edge cases', () => {
  const recorded = (type: string, data: object, streamId = 'fund-general'): RecordedEvent => ({
    type,
    data,
    streamId,
    streamVersion: 1,
    globalPosition: 1,
    position: { commit: 1, prepare: 1 },
    recordedAt: new Date(),
    metadata: {
      eventId: 'e-1',
      schemaVersion: 1,
      occurredAt: '2026-10-01T00:00:00.000Z',
      actor: { userId: 'u', role: 'coordinator', organizationId: 'coalition' },
      correlationId: 'c',
      causationId: null,
    },
  });
  const none = { requestCategory: () => undefined, stockItem: () => undefined };

  it('posts a disbursement whose request it never saw under a visible placeholder category', () => {
    const posting = journal(recorded('MoneyDisbursed', { requestId: 'r-x', disbursementId: 'd', amountCents: 100 }), none);
    expect(posting?.category).toBe(UNKNOWN_CATEGORY);
    expect(posting?.lines[0]?.account).toBe(`assistance:${UNKNOWN_CATEGORY}`);
  });

  it('refuses to guess the value of stock written off before it was ever received', () => {
    expect(() => journal(recorded('StockAdjusted', { itemId: 'x', quantityDelta: -1, reason: 'lost', serials: null }, 'stock-x'), none)).toThrow(/before any StockReceived/);
  });

  it('ignores events that move neither money nor stock', () => {
    expect(journal(recorded('FundOpened', { fundId: 'general', name: 'General', restricted: false }), none)).toBeNull();
    expect(journal(recorded('MoneyReceived', { donationId: 'd', amountCents: 100 }), none)).toBeNull();
  });
});
