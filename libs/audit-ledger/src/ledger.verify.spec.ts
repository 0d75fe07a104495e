import { entryHash, GENESIS_HASH } from './ledger.canonical';
import { fetchEntries } from './ledger.rows';
import { verifyLedger } from './ledger.verify';
import { appendScenario, openLedgerHarness, type LedgerHarness } from './testing/ledger-fixtures';

describe('verifying the audit ledger', () => {
  let h: LedgerHarness;
  const entries = () => fetchEntries(h.db, { limit: 10_000 });
  const nth = async (n: number) => (await entries())[n]!;

  // One store for the file; each test tampers with a freshly rebuilt ledger over the same events.
  beforeAll(async () => {
    h = await openLedgerHarness();
    await appendScenario(h.store);
  });
  beforeEach(async () => {
    await h.runner().rebuild();
  });
  afterAll(async () => h.close());

  it('passes a clean ledger, with the totals of the trial balance and the head of the chain', async () => {
    const all = await entries();
    const result = await verifyLedger(h.db);
    expect(result).toMatchObject({
      ok: true,
      entries: all.length,
      totalDebitCents: 275_000,
      totalCreditCents: 275_000,
      firstBroken: null,
      lastSeq: all.at(-1)!.seq,
      lastHash: all.at(-1)!.hash,
    });
    expect(Date.parse(result.checkedAt)).not.toBeNaN();
  });

  it('walks the journal page by page and gives the same answer at any page size', async () => {
    const pages: number[] = [];
    const result = await verifyLedger(h.db, { pageSize: 3, onProgress: (n) => pages.push(n) });
    expect(result).toMatchObject({ ok: true, entries: 10 });
    expect(pages).toEqual([3, 6, 9, 10]);
  });

  it('names the entry whose line amount was changed', async () => {
    const target = await nth(5);
    await h.db.query('UPDATE ledger_lines SET debit_cents = debit_cents + 100 WHERE entry_seq = $1 AND line_no = 1', [target.seq]);
    const result = await verifyLedger(h.db);
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: target.seq, eventId: target.eventId, reason: 'hash_mismatch' } });
  });

  it("names the entry whose fund was changed", async () => {
    const target = await nth(2);
    await h.db.query("UPDATE ledger_entries SET fund_id = 'voca-2026' WHERE seq = $1", [target.seq]);
    expect((await verifyLedger(h.db)).firstBroken).toEqual({ seq: target.seq, eventId: target.eventId, reason: 'hash_mismatch' });
  });

  it('names the entry after a deleted one: its link points at an entry that is gone', async () => {
    const deleted = await nth(3);
    const next = await nth(4);
    await h.db.query('DELETE FROM ledger_lines WHERE entry_seq = $1', [deleted.seq]);
    await h.db.query('DELETE FROM ledger_entries WHERE seq = $1', [deleted.seq]);
    expect((await verifyLedger(h.db)).firstBroken).toEqual({ seq: next.seq, eventId: next.eventId, reason: 'chain_broken' });
  });

  it('names a deleted first entry too (the chain starts from a fixed genesis hash)', async () => {
    const [first, second] = await entries();
    await h.db.query('DELETE FROM ledger_lines WHERE entry_seq = $1', [first!.seq]);
    await h.db.query('DELETE FROM ledger_entries WHERE seq = $1', [first!.seq]);
    expect((await verifyLedger(h.db)).firstBroken).toEqual({ seq: second!.seq, eventId: second!.eventId, reason: 'chain_broken' });
  });

  it('names a removed line', async () => {
    const target = await nth(6);
    await h.db.query('DELETE FROM ledger_lines WHERE entry_seq = $1 AND line_no = 4', [target.seq]);
    expect((await verifyLedger(h.db)).firstBroken).toEqual({ seq: target.seq, eventId: target.eventId, reason: 'hash_mismatch' });
  });

  it('names an unbalanced entry even when the whole chain was rewritten to hide the change', async () => {
    const target = await nth(4);
    await h.db.query('UPDATE ledger_lines SET credit_cents = credit_cents - 1 WHERE entry_seq = $1 AND line_no = 2', [target.seq]);
    let prev = GENESIS_HASH;
    for (const entry of await entries()) {
      const hash = entryHash(prev, entry);
      await h.db.query('UPDATE ledger_entries SET prev_hash = $2, hash = $3 WHERE seq = $1', [entry.seq, prev, hash]);
      prev = hash;
    }
    const result = await verifyLedger(h.db);
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: target.seq, eventId: target.eventId, reason: 'unbalanced_entry' } });
  });

  it('names an entry that gained a line, even a balanced pair added to hide it', async () => {
    const target = await nth(2);
    await h.db.query(
      `INSERT INTO ledger_lines (entry_seq, line_no, account, debit_cents, credit_cents)
       VALUES ($1, 3, 'cash:general', 500, 0), ($1, 4, 'donations:monetary:individual', 0, 500)`,
      [target.seq],
    );
    expect((await verifyLedger(h.db)).firstBroken).toEqual({ seq: target.seq, eventId: target.eventId, reason: 'hash_mismatch' });
  });

  it('names the entry whose line was moved to the entry before it', async () => {
    const [, second, third] = await entries();
    await h.db.query('UPDATE ledger_lines SET entry_seq = $1, line_no = 9 WHERE entry_seq = $2 AND line_no = 2', [second!.seq, third!.seq]);
    expect((await verifyLedger(h.db)).firstBroken).toEqual({ seq: second!.seq, eventId: second!.eventId, reason: 'hash_mismatch' });
  });

  it('names the entry whose time was moved by a millisecond', async () => {
    const target = await nth(7);
    await h.db.query("UPDATE ledger_entries SET occurred_at = occurred_at + interval '1 millisecond' WHERE seq = $1", [target.seq]);
    expect((await verifyLedger(h.db)).firstBroken).toEqual({ seq: target.seq, eventId: target.eventId, reason: 'hash_mismatch' });
  });

  it('finds tampering at any page size, on the first page or the last, and stops there', async () => {
    const all = await entries();
    await h.db.query("UPDATE ledger_entries SET stream_id = 'fund-other' WHERE seq = $1", [all[8]!.seq]);
    for (const pageSize of [1, 2, 3, 4, 9, 10, 11, 5000]) {
      const pages: number[] = [];
      const result = await verifyLedger(h.db, { pageSize, onProgress: (n) => pages.push(n) });
      expect(result).toMatchObject({ ok: false, entries: 9, firstBroken: { seq: all[8]!.seq, reason: 'hash_mismatch' } });
      expect(pages.every((n) => n < 9)).toBe(true);
    }
    await h.db.query("UPDATE ledger_entries SET category = 'medical' WHERE seq = $1", [all[0]!.seq]);
    expect(await verifyLedger(h.db, { pageSize: 2 })).toMatchObject({ ok: false, entries: 1, firstBroken: { seq: all[0]!.seq } });
  });

  it('reports the first of several broken entries', async () => {
    const early = await nth(1);
    const late = await nth(8);
    await h.db.query("UPDATE ledger_entries SET category = 'medical' WHERE seq = $1", [late.seq]);
    await h.db.query("UPDATE ledger_entries SET actor_user_id = 'someone-else' WHERE seq = $1", [early.seq]);
    expect((await verifyLedger(h.db)).firstBroken?.seq).toBe(early.seq);
  });

  it('checks a period from its first entry to its last, anchored on the hash stored before it', async () => {
    const all = await entries();
    const days = [...new Set(all.map((e) => e.occurredAt.slice(0, 10)))];
    expect(days).toEqual(['2026-10-01']);
    const whole = await verifyLedger(h.db, { from: '2026-10-01', to: '2026-10-01' });
    expect(whole).toMatchObject({ ok: true, entries: all.length, from: '2026-10-01', to: '2026-10-01' });
    const empty = await verifyLedger(h.db, { from: '2027-01-01', to: '2027-03-31' });
    expect(empty).toMatchObject({ ok: true, entries: 0, totalDebitCents: 0, firstBroken: null, lastSeq: null });
  });

  it('verifies a stretch in the middle of the chain against the entry just before it', async () => {
    const all = await entries();
    // Move the first three entries a day earlier, re-hashing the chain, so a period can start mid-chain.
    let prev = GENESIS_HASH;
    for (const [i, entry] of all.entries()) {
      const occurredAt = i < 3 ? '2026-09-30T12:00:00.000Z' : entry.occurredAt;
      const hash = entryHash(prev, { ...entry, occurredAt });
      await h.db.query('UPDATE ledger_entries SET occurred_at = $2, prev_hash = $3, hash = $4 WHERE seq = $1', [entry.seq, occurredAt, prev, hash]);
      prev = hash;
    }
    expect(await verifyLedger(h.db, { from: '2026-10-01' })).toMatchObject({ ok: true, entries: all.length - 3 });
    expect(await verifyLedger(h.db, { to: '2026-09-30' })).toMatchObject({ ok: true, entries: 3 });
    await h.db.query("UPDATE ledger_entries SET prev_hash = $2 WHERE seq = $1", [all[3]!.seq, 'f'.repeat(64)]);
    expect((await verifyLedger(h.db, { from: '2026-10-01' })).firstBroken).toEqual({ seq: all[3]!.seq, eventId: all[3]!.eventId, reason: 'chain_broken' });
  });
});
