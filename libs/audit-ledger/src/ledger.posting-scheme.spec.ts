import { randomUUID } from 'node:crypto';
import { SubscriptionRunner, type EventToAppend } from '@fund/event-sourcing';
import type { StoredLedgerEntry } from './ledger.canonical';
import { fetchEntries } from './ledger.rows';
import { verifyLedger } from './ledger.verify';
import { ev, openLedgerHarness, type LedgerHarness } from './testing/ledger-fixtures';

/**
 * Posting scheme 2 through the real projection: a grant's release is found from the journal
 * even when its gift was journaled in an earlier batch, and a ledger whose events were journaled
 * under scheme 1 keeps their lines (and hashes) through a rebuild.
 */
const lines = (e: StoredLedgerEntry) => e.lines.map((l) => [l.account, l.debitCents, l.creditCents]);
const at = (streamId: string, ...events: EventToAppend[]) => ({ streamId, expectedVersion: 'any' as const, events });

describe('posting scheme 2 in the projection', () => {
  let h: LedgerHarness;
  const requestId = randomUUID();

  beforeAll(async () => {
    h = await openLedgerHarness();
    await h.store.append(at('fund-voca', ev('FundOpened', { fundId: 'voca', name: 'VOCA subaward', restricted: true })));
    await h.store.append(at('donation-d-1', ev('MonetaryDonationRecorded', { donationId: 'd-1', fundId: 'voca', amountCents: 50_000, restricted: true, donorKind: 'grant', donorReference: null, receivedOn: '2026-10-01' })));
    await h.store.append(
      at(`fund-request-${requestId}`, // Only the request's id and category reach the ledger; the rest of a submission is not needed here.
      ev('FundRequestSubmitted', { requestId, category: 'lodging' } as never)),
    );
    await h.store.append(at('fund-voca', ev('MoneyReserved', { requestId, amountCents: 20_000 })));
    await h.store.append(at('fund-voca', ev('MoneyDisbursed', { requestId, disbursementId: 'm-1', amountCents: 20_000, paidOn: '2026-10-03' })));
    await h.store.append(at('fund-voca', ev('DisbursementVoided', { requestId, disbursementId: 'm-1', amountCents: 20_000 })));
  });
  afterAll(async () => h.close());

  it('releases on a payment whose restricted gift was journaled in an earlier batch (one event per batch)', async () => {
    const runner = new SubscriptionRunner(h.store, h.db, h.projection, { batchSize: 1 });
    await runner.rebuild();
    const entries = await fetchEntries(h.db, { limit: 100 });
    expect(lines(entries[0]!)).toEqual([
      ['cash:voca', 50_000, 0],
      ['donations:monetary:grant:with-donor-restrictions', 0, 50_000],
    ]);
    const paid = entries.find((e) => e.eventType === 'MoneyDisbursed')!;
    expect(lines(paid).slice(4)).toEqual([
      ['net-asset-release:voca:with-donor-restrictions', 20_000, 0],
      ['net-asset-release:voca:without-donor-restrictions', 0, 20_000],
    ]);
    expect(lines(entries.find((e) => e.eventType === 'DisbursementVoided')!).slice(4)).toEqual([
      ['net-asset-release:voca:without-donor-restrictions', 20_000, 0],
      ['net-asset-release:voca:with-donor-restrictions', 0, 20_000],
    ]);
    expect(await verifyLedger(h.db)).toMatchObject({ ok: true });
  });

  it('keeps scheme 1 lines for events journaled before scheme 2 began, through rebuilds, hash for hash', async () => {
    // As migration 3 leaves a ledger that had journaled up to here: scheme 2 starts after the gift.
    const { rows } = await h.db.query<{ p: string | number }>(`SELECT global_position AS p FROM ledger_entries WHERE event_type = 'MonetaryDonationRecorded'`);
    await h.db.query('UPDATE ledger_posting_schemes SET from_global_position = $1 WHERE posting_scheme = 2', [Number(rows[0]!.p) + 1]);
    const runner = new SubscriptionRunner(h.store, h.db, h.projection, { batchSize: 4 });
    await runner.rebuild();
    const first = await fetchEntries(h.db, { limit: 100 });
    expect(lines(first[0]!)[1]).toEqual(['donations:monetary:grant', 0, 50_000]);
    // The fund holds no restricted revenue line, so its payments release nothing: classes stay consistent.
    expect(first.find((e) => e.eventType === 'MoneyDisbursed')!.lines).toHaveLength(4);
    await runner.rebuild();
    expect((await fetchEntries(h.db, { limit: 100 })).map((e) => e.hash)).toEqual(first.map((e) => e.hash));
    expect(await verifyLedger(h.db)).toMatchObject({ ok: true });
  });
});
