import { Injectable } from '@nestjs/common';
import type { EventHandler, RecordedEvent, SqlExecutor } from '@fund/event-sourcing';
import type { PeriodClosed } from '@fund/funds';
import { entryHash, GENESIS_HASH, NO_REFERENCES, type CanonicalFormatVersion, type LedgerEntry } from './ledger.canonical';
import { addLines, toTrialBalanceLines, trialBalanceDigest, type TrialBalanceLine } from './ledger.closing';
import { isJournaled, journal, toLedgerEntry, type JournaledEvent, type JournalLookups, type LookupEvent, type PostingScheme } from './ledger.journal';
import { AUDIT_LEDGER, LEDGER_MIGRATIONS } from './ledger.migrations';
import { netAssetClassOf } from './ledger.accounts';

/** Serialises writers of the chain even outside the runner (a rebuild started by hand). */
const CHAIN_LOCK = 'audit-ledger:chain';

interface StockItemFacts {
  readonly category: string;
  readonly unitValueCents: number;
}

/** What the journal already holds that a batch needs: read in one statement, under the lock. */
interface LedgerState {
  readonly lastHash: string;
  readonly journaled: Set<string>;
  readonly categories: Map<string, string>;
  readonly items: Map<string, StockItemFacts>;
  /** Events from this global position on are hashed under format 2; those before it were journaled under format 1. */
  readonly formatTwoFrom: number;
  /** Events from this global position on are posted under scheme 2 (net asset classes). */
  readonly schemeTwoFrom: number;
  /** Of the funds the batch pays from, those holding restricted money (a restricted revenue line in the journal). */
  readonly restrictedFunds: Set<string>;
}

/** An entry with its link in the chain, computed in memory before the batch is written. */
interface ChainedEntry {
  readonly entry: LedgerEntry;
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * The lookups an entry needs: what the journal knew about the requests and items the batch
 * touches, extended as the batch itself submits requests and receives stock. What the batch
 * learns is written with the batch's entries, one statement for all.
 */
class BatchLookups implements JournalLookups {
  /** Learned in this batch, first fact per key (the tables keep the first one they were given). */
  readonly learnedCategories = new Map<string, string>();
  readonly learnedItems = new Map<string, StockItemFacts>();

  constructor(
    private readonly categories: Map<string, string>,
    private readonly items: Map<string, StockItemFacts>,
    private readonly restrictedFunds: Set<string>,
  ) {}

  fundRestricted(fundId: string): boolean {
    return this.restrictedFunds.has(fundId);
  }

  /**
   * A fund is restricted, for the ledger, once its restricted money is journaled: the same fact
   * the read below finds in the stored lines, so a batch and a rebuild agree.
   */
  learnPosted(fundId: string | null, posted: readonly { readonly account: string }[]): void {
    if (fundId && posted.some((l) => l.account.startsWith('donations:monetary:') && netAssetClassOf(l.account) === 'with_donor_restrictions')) this.restrictedFunds.add(fundId);
  }

  requestCategory(requestId: string): string | undefined {
    return this.categories.get(requestId);
  }

  stockItem(itemId: string): StockItemFacts | undefined {
    return this.items.get(itemId);
  }

  /**
   * Keeps only what the ledger needs from a submission: the request id and its category. The
   * survivor reference, demographics and the rest of the event are never read into the ledger.
   */
  learn(event: RecordedEvent): void {
    if (event.type !== 'FundRequestSubmitted' && event.type !== 'StockReceived') return;
    const e = { type: event.type, data: event.data } as LookupEvent;
    if (e.type === 'FundRequestSubmitted') {
      const { requestId, category } = e.data;
      if (!this.categories.has(requestId)) this.categories.set(requestId, category);
      if (!this.learnedCategories.has(requestId)) this.learnedCategories.set(requestId, category);
      return;
    }
    const { itemId, category, unitValueCents } = e.data;
    if (!this.items.has(itemId)) this.items.set(itemId, { category, unitValueCents });
    if (!this.learnedItems.has(itemId)) this.learnedItems.set(itemId, { category, unitValueCents });
  }
}

/** A period's close is journaled too, but not by `journal`: its entry needs the ledger's balances (see `closingEntry`). */
const PERIOD_CLOSED = 'PeriodClosed';
const needsLedger = (type: string) => isJournaled(type) || type === 'FundRequestSubmitted' || type === PERIOD_CLOSED;

/** A closing entry's period and the trial balance it seals, written beside the entry. */
interface Closing {
  readonly eventId: string;
  readonly data: PeriodClosed['data'];
  readonly digest: string;
  readonly lines: readonly TrialBalanceLine[];
}

/** Sums per account of the lines dated on or before a day, from the entries already written. */
const STORED_BALANCES = `SELECT l.account, sum(l.debit_cents)::bigint AS debit, sum(l.credit_cents)::bigint AS credit
FROM ledger_lines l JOIN ledger_entries e ON e.seq = l.entry_seq
WHERE e.effective_date <= $1::date GROUP BY l.account`;

const WRITE_CLOSINGS = `INSERT INTO ledger_closings (entry_seq, kind, period, from_day, to_day, trial_balance_digest, trial_balance)
SELECT e.seq, c.kind, c.period, c.from_day::date, c.to_day::date, c.digest, c.lines::jsonb
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS c(event_id, kind, period, from_day, to_day, digest, lines)
JOIN ledger_entries e USING (event_id)`;

/**
 * The batch's writes in one statement. Lookups: ON CONFLICT DO NOTHING keeps a fact already
 * stored (a redelivered batch, a request seen before), as one insert per event did. Entries take
 * their seq from numbers drawn for the batch and handed out in ascending order by position in the
 * arrays (chain order): verification reads the chain in seq order, and this holds whatever order
 * INSERT ... SELECT evaluates a column default in. A session's nextval only increases, so the
 * batch's entries are numbered consecutively, as one insert at a time numbered them. Lines find
 * their entry's seq by the entry's position. No ON CONFLICT on entries or lines: the batch left
 * out what was already journaled, under the chain lock, so a duplicate means something else
 * wrote the chain, and the batch must fail rather than leave a link pointing at nothing.
 */
const WRITE_BATCH = `WITH categories AS (
  INSERT INTO ledger_request_categories (request_id, category)
  SELECT * FROM unnest($1::text[], $2::text[])
  ON CONFLICT (request_id) DO NOTHING
), items AS (
  INSERT INTO ledger_stock_items (item_id, category, unit_value_cents)
  SELECT * FROM unnest($3::text[], $4::text[], $5::bigint[])
  ON CONFLICT (item_id) DO NOTHING
), drawn AS (
  SELECT nextval(pg_get_serial_sequence('ledger_entries', 'seq')) AS seq FROM generate_series(1, cardinality($6::text[]))
), numbered AS (
  SELECT seq, row_number() OVER (ORDER BY seq) AS n FROM drawn
), entries AS (
  INSERT INTO ledger_entries (seq, entry_id, event_id, global_position, stream_id, event_type, occurred_at, actor_user_id, actor_role,
    actor_organization_id, protocol_version, fund_id, category, prev_hash, hash, canonical_format, effective_date, effective_date_source,
    request_id, disbursement_id, donation_id, item_id, serials, payee_id, payment_reference_kind, payment_reference)
  SELECT numbered.seq, e.entry_id, e.event_id, e.global_position, e.stream_id, e.event_type, e.occurred_at, e.actor_user_id, e.actor_role,
    e.actor_organization_id, e.protocol_version, e.fund_id, e.category, e.prev_hash, e.hash, e.canonical_format, e.effective_date,
    e.effective_date_source, e.request_id, e.disbursement_id, e.donation_id, e.item_id, e.serials::jsonb, e.payee_id,
    e.payment_reference_kind, e.payment_reference
  FROM unnest($6::text[], $7::text[], $8::bigint[], $9::text[], $10::text[], $11::timestamptz[], $12::text[], $13::text[], $14::text[],
    $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $25::smallint[], $26::date[], $27::text[], $28::text[], $29::text[],
    $30::text[], $31::text[], $32::text[], $33::text[], $34::text[], $35::text[])
    WITH ORDINALITY AS e(entry_id, event_id, global_position, stream_id, event_type, occurred_at, actor_user_id, actor_role,
      actor_organization_id, protocol_version, fund_id, category, prev_hash, hash, canonical_format, effective_date, effective_date_source,
      request_id, disbursement_id, donation_id, item_id, serials, payee_id, payment_reference_kind, payment_reference, n)
  JOIN numbered USING (n)
)
INSERT INTO ledger_lines (entry_seq, line_no, account, debit_cents, credit_cents)
SELECT numbered.seq, l.line_no, l.account, l.debit_cents, l.credit_cents
FROM unnest($20::bigint[], $21::int[], $22::text[], $23::bigint[], $24::bigint[]) AS l(n, line_no, account, debit_cents, credit_cents)
JOIN numbered USING (n)`;

/**
 * The audit ledger: one balanced, hash-chained journal entry per money or stock movement, in
 * global order. Idempotent under redelivery (an event already journaled is skipped, and its
 * entry is unique by event id); a batch that dies before its commit leaves nothing behind, since
 * entries, lookups and the checkpoint share the runner's transaction.
 *
 * Set-based: three statements per batch whatever its size (the lock, one read, one write). The
 * chain is computed in memory; arrays go through `unnest`, so no parameter limit applies.
 */
@Injectable()
export class AuditLedgerProjection implements EventHandler {
  readonly name = AUDIT_LEDGER;
  readonly migrations = LEDGER_MIGRATIONS;

  accepts(event: RecordedEvent): boolean {
    return needsLedger(event.type);
  }

  async handle(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    if (!events.some((e) => needsLedger(e.type))) return;
    // Its own statement: under READ COMMITTED the read below then sees whatever a writer that
    // held the lock before us committed.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [CHAIN_LOCK]);
    const state = await this.readState(tx, events);
    const lookups = new BatchLookups(state.categories, state.items, state.restrictedFunds);
    const { journaled, formatTwoFrom, schemeTwoFrom } = state;
    let prevHash = state.lastHash;
    const chained: ChainedEntry[] = [];
    const closings: Closing[] = [];

    for (const event of events) {
      lookups.learn(event);
      if (journaled.has(event.metadata.eventId)) continue;
      if (event.type === PERIOD_CLOSED) {
        const { entry, closing } = await this.closingEntry(tx, event as RecordedEvent & PeriodClosed, chained);
        const hash = entryHash(prevHash, entry);
        chained.push({ entry, prevHash, hash });
        closings.push(closing);
        journaled.add(entry.eventId);
        prevHash = hash;
        continue;
      }
      const scheme: PostingScheme = event.globalPosition >= schemeTwoFrom ? 2 : 1;
      const posting = journal(event, lookups, scheme);
      if (!posting) continue;
      lookups.learnPosted(posting.fundId, posting.lines);
      const format: CanonicalFormatVersion = event.globalPosition >= formatTwoFrom ? 2 : 1;
      const entry = toLedgerEntry(event, posting, format);
      const hash = entryHash(prevHash, entry);
      chained.push({ entry, prevHash, hash });
      journaled.add(entry.eventId);
      prevHash = hash;
    }
    await this.write(tx, lookups, chained);
    if (closings.length > 0) await this.writeClosings(tx, closings);
  }

  /**
   * The closing entry of a period: no lines (nothing moves), hashed under format 3 with the
   * period and the digest of its trial balance. The trial balance is every line dated on or
   * before the period's last day: those written, and those of this batch not yet written. Events
   * come in global order and nothing dated in a closed period is admitted after its close
   * (the month's guard, docs/adr/0014), so no later entry can change these figures.
   */
  private async closingEntry(tx: SqlExecutor, event: RecordedEvent & PeriodClosed, chained: readonly ChainedEntry[]): Promise<{ entry: LedgerEntry; closing: Closing }> {
    const { kind, period, from, to } = event.data;
    const { rows } = await tx.query<{ account: string; debit: string | number; credit: string | number }>(STORED_BALANCES, [to]);
    const sums = new Map(rows.map((r) => [r.account, { debitCents: Number(r.debit), creditCents: Number(r.credit) }]));
    for (const { entry } of chained) if (entry.effectiveDate <= to) addLines(sums, entry.lines);
    const lines = toTrialBalanceLines(sums);
    const digest = trialBalanceDigest({ kind, period, from, to }, lines);
    const entry: LedgerEntry = {
      ...toLedgerEntry(event, { fundId: null, category: null, lines: [], references: NO_REFERENCES }, 3),
      closing: { kind, period, from, to, trialBalanceDigest: digest },
    };
    return { entry, closing: { eventId: event.metadata.eventId, data: event.data, digest, lines } };
  }

  private async writeClosings(tx: SqlExecutor, closings: readonly Closing[]): Promise<void> {
    await tx.query(WRITE_CLOSINGS, [
      closings.map((c) => c.eventId),
      closings.map((c) => c.data.kind),
      closings.map((c) => c.data.period),
      closings.map((c) => c.data.from),
      closings.map((c) => c.data.to),
      closings.map((c) => c.digest),
      closings.map((c) => JSON.stringify(c.lines)),
    ]);
  }

  async reset(tx: SqlExecutor): Promise<void> {
    // RESTART IDENTITY: a rebuilt journal numbers its entries from 1 again. ledger_formats stays:
    // events journaled under format 1 are hashed under it again, so the rebuilt chain is the same.
    await tx.query('TRUNCATE ledger_closings, ledger_lines, ledger_entries, ledger_request_categories, ledger_stock_items RESTART IDENTITY');
  }

  /**
   * The head of the chain, which of the batch's events are journaled already, and the lookups
   * for the requests and written-off items its entries name.
   */
  private async readState(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<LedgerState> {
    const eventIds: string[] = [];
    const requestIds = new Set<string>();
    const itemIds = new Set<string>();
    const fundIds = new Set<string>();
    for (const event of events) {
      if (!isJournaled(event.type) && event.type !== PERIOD_CLOSED) continue;
      eventIds.push(event.metadata.eventId);
      if (event.type === PERIOD_CLOSED) continue;
      const e = { type: event.type, data: event.data } as JournaledEvent;
      if ('requestId' in e.data) requestIds.add(e.data.requestId);
      if (e.type === 'StockAdjusted') itemIds.add(e.data.itemId);
      if (e.type === 'MoneyDisbursed' || e.type === 'DisbursementVoided') fundIds.add(event.streamId.replace(/^fund-/, ''));
    }
    const { rows } = await tx.query<{
      last_hash: string | null;
      journaled: string[] | null;
      categories: [string, string][] | null;
      items: [string, string, number][] | null;
      format_two_from: string | number | null;
      scheme_two_from: string | number | null;
      restricted_funds: string[] | null;
    }>(
      `SELECT (SELECT hash FROM ledger_entries ORDER BY seq DESC LIMIT 1) AS last_hash,
         (SELECT json_agg(event_id) FROM ledger_entries WHERE event_id = ANY($1::text[])) AS journaled,
         (SELECT json_agg(json_build_array(request_id, category)) FROM ledger_request_categories WHERE request_id = ANY($2::text[])) AS categories,
         (SELECT json_agg(json_build_array(item_id, category, unit_value_cents)) FROM ledger_stock_items WHERE item_id = ANY($3::text[])) AS items,
         (SELECT from_global_position FROM ledger_formats WHERE canonical_format = 2) AS format_two_from,
         (SELECT from_global_position FROM ledger_posting_schemes WHERE posting_scheme = 2) AS scheme_two_from,
         (SELECT json_agg(DISTINCT e.fund_id) FROM ledger_entries e JOIN ledger_lines l ON l.entry_seq = e.seq
           WHERE e.fund_id = ANY($4::text[]) AND e.event_type = 'MonetaryDonationRecorded' AND l.account LIKE 'donations:monetary:%:with-donor-restrictions') AS restricted_funds`,
      [eventIds, [...requestIds], [...itemIds], [...fundIds]],
    );
    const row = rows[0];
    return {
      lastHash: row?.last_hash ?? GENESIS_HASH,
      journaled: new Set(row?.journaled ?? []),
      categories: new Map(row?.categories ?? []),
      items: new Map((row?.items ?? []).map(([id, category, unitValueCents]) => [id, { category, unitValueCents: Number(unitValueCents) }])),
      formatTwoFrom: Number(row?.format_two_from ?? 0),
      schemeTwoFrom: Number(row?.scheme_two_from ?? 0),
      restrictedFunds: new Set(row?.restricted_funds ?? []),
    };
  }

  private async write(tx: SqlExecutor, lookups: BatchLookups, chained: readonly ChainedEntry[]): Promise<void> {
    if (chained.length === 0 && lookups.learnedCategories.size === 0 && lookups.learnedItems.size === 0) return;
    const items = [...lookups.learnedItems];
    const entries = chained.map((c) => c.entry);
    const lineEntry: number[] = [];
    const lineNo: number[] = [];
    const account: string[] = [];
    const debit: number[] = [];
    const credit: number[] = [];
    entries.forEach((entry, i) => {
      for (const l of entry.lines) {
        lineEntry.push(i + 1); // the entry's ordinality in the arrays below
        lineNo.push(l.line);
        account.push(l.account);
        debit.push(l.debitCents);
        credit.push(l.creditCents);
      }
    });
    await tx.query(WRITE_BATCH, [
      [...lookups.learnedCategories.keys()],
      [...lookups.learnedCategories.values()],
      items.map(([id]) => id),
      items.map(([, item]) => item.category),
      items.map(([, item]) => item.unitValueCents),
      entries.map((e) => e.entryId),
      entries.map((e) => e.eventId),
      entries.map((e) => e.globalPosition),
      entries.map((e) => e.streamId),
      entries.map((e) => e.eventType),
      entries.map((e) => e.occurredAt),
      entries.map((e) => e.actorUserId),
      entries.map((e) => e.actorRole),
      entries.map((e) => e.actorOrganizationId),
      entries.map((e) => e.protocolVersion),
      entries.map((e) => e.fundId),
      entries.map((e) => e.category),
      chained.map((c) => c.prevHash),
      chained.map((c) => c.hash),
      lineEntry,
      lineNo,
      account,
      debit,
      credit,
      entries.map((e) => e.canonicalFormat),
      entries.map((e) => e.effectiveDate),
      entries.map((e) => e.effectiveDateSource),
      entries.map((e) => e.references.requestId),
      entries.map((e) => e.references.disbursementId),
      entries.map((e) => e.references.donationId),
      entries.map((e) => e.references.itemId),
      entries.map((e) => (e.references.serials ? JSON.stringify(e.references.serials) : null)),
      entries.map((e) => e.references.payeeId),
      entries.map((e) => e.references.paymentReference?.kind ?? null),
      entries.map((e) => e.references.paymentReference?.value ?? null),
    ]);
  }
}
