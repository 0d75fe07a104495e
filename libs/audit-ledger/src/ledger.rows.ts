import type { SqlExecutor } from '@fund/event-sourcing';
import type { CanonicalFormatVersion, EffectiveDateSource, LedgerLine, StoredLedgerEntry } from './ledger.canonical';

/** Both drivers: `pg` returns bigint as text, PGlite as number. */
type Int = string | number;

interface EntryRow {
  seq: Int;
  entry_id: string;
  event_id: string;
  global_position: Int;
  stream_id: string;
  event_type: string;
  occurred_at: Date | string;
  actor_user_id: string;
  actor_role: string;
  actor_organization_id: string;
  protocol_version: string | null;
  fund_id: string | null;
  category: string | null;
  prev_hash: string;
  hash: string;
  canonical_format: Int;
  /** Text (`to_char`): a driver would turn a date into a local-time Date. */
  effective_date: string;
  effective_date_source: EffectiveDateSource;
  request_id: string | null;
  disbursement_id: string | null;
  donation_id: string | null;
  item_id: string | null;
  serials: string[] | null;
  payee_id: string | null;
  payment_reference_kind: string | null;
  payment_reference: string | null;
  closing_kind: string | null;
  closing_period: string | null;
  closing_from: string | null;
  closing_to: string | null;
  closing_digest: string | null;
}

interface LineRow {
  entry_seq: Int;
  line_no: Int;
  account: string;
  debit_cents: Int;
  credit_cents: Int;
}

const ENTRY_COLUMNS = `e.seq, e.entry_id, e.event_id, e.global_position, e.stream_id, e.event_type, e.occurred_at, e.actor_user_id,
  e.actor_role, e.actor_organization_id, e.protocol_version, e.fund_id, e.category, e.prev_hash, e.hash, e.canonical_format,
  to_char(e.effective_date, 'YYYY-MM-DD') AS effective_date, e.effective_date_source, e.request_id, e.disbursement_id, e.donation_id,
  e.item_id, e.serials, e.payee_id, e.payment_reference_kind, e.payment_reference, c.kind AS closing_kind, c.period AS closing_period,
  to_char(c.from_day, 'YYYY-MM-DD') AS closing_from, to_char(c.to_day, 'YYYY-MM-DD') AS closing_to, c.trial_balance_digest AS closing_digest`;

/** A period's closing entry brings the period and the digest its hash covers (format 3). */
const ENTRIES = 'ledger_entries e LEFT JOIN ledger_closings c ON c.entry_seq = e.seq';

/** The same, the time as text in the form `Date#toISOString` writes (see fetchChain). */
const CHAIN_COLUMNS = ENTRY_COLUMNS.replace('e.occurred_at', `to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at`);

const DAY_MS = 24 * 3600 * 1000;

/** `YYYY-MM-DD` as the first instant of that UTC day. */
export const startOfDay = (day: string) => new Date(`${day}T00:00:00.000Z`).toISOString();
/** `YYYY-MM-DD` as the first instant after that UTC day: periods include their last day. */
export const endOfDay = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + DAY_MS).toISOString();

export interface EntryFilter {
  /** Keyset cursor: entries with a larger seq only. */
  readonly afterSeq?: number;
  readonly maxSeq?: number;
  /** Inclusive days on the effective date (when money or goods moved), the date cut-off testing samples by. */
  readonly from?: string;
  readonly to?: string;
  readonly fundId?: string;
  readonly requestId?: string;
  /** Entries with at least one line on this account. */
  readonly account?: string;
  readonly limit: number;
}

/** One page of entries, in journal order, each with its lines. */
export async function fetchEntries(db: SqlExecutor, filter: EntryFilter): Promise<StoredLedgerEntry[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.afterSeq !== undefined) where.push(`e.seq > ${param(filter.afterSeq)}`);
  if (filter.maxSeq !== undefined) where.push(`e.seq <= ${param(filter.maxSeq)}`);
  if (filter.from !== undefined) where.push(`e.effective_date >= ${param(filter.from)}::date`);
  if (filter.to !== undefined) where.push(`e.effective_date <= ${param(filter.to)}::date`);
  if (filter.fundId !== undefined) where.push(`e.fund_id = ${param(filter.fundId)}`);
  if (filter.requestId !== undefined) where.push(`e.request_id = ${param(filter.requestId)}`);
  if (filter.account !== undefined) {
    where.push(`EXISTS (SELECT 1 FROM ledger_lines a WHERE a.entry_seq = e.seq AND a.account = ${param(filter.account)})`);
  }
  const { rows } = await db.query<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM ${ENTRIES} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY e.seq LIMIT ${param(filter.limit)}`,
    params,
  );
  return withLines(db, rows);
}

async function withLines(db: SqlExecutor, rows: readonly EntryRow[]): Promise<StoredLedgerEntry[]> {
  const first = rows[0];
  const last = rows.at(-1);
  if (!first || !last) return [];
  // Entries come in seq order, so one range scan fetches every line of the page.
  const lines = await db.query<LineRow>(
    `SELECT entry_seq, line_no, account, debit_cents, credit_cents FROM ledger_lines
     WHERE entry_seq >= $1 AND entry_seq <= $2 ORDER BY entry_seq, line_no`,
    [Number(first.seq), Number(last.seq)],
  );
  const bySeq = new Map<number, LedgerLine[]>();
  for (const l of lines.rows) {
    const seq = Number(l.entry_seq);
    const list = bySeq.get(seq) ?? [];
    list.push({ line: Number(l.line_no), account: l.account, debitCents: Number(l.debit_cents), creditCents: Number(l.credit_cents) });
    bySeq.set(seq, list);
  }
  return rows.map((r) => toStoredEntry(r, bySeq.get(Number(r.seq)) ?? []));
}

function toStoredEntry(r: EntryRow, lines: LedgerLine[], occurredAt = new Date(r.occurred_at).toISOString()): StoredLedgerEntry {
  return {
    seq: Number(r.seq),
    entryId: r.entry_id,
    eventId: r.event_id,
    globalPosition: Number(r.global_position),
    streamId: r.stream_id,
    eventType: r.event_type,
    occurredAt,
    actorUserId: r.actor_user_id,
    actorRole: r.actor_role,
    actorOrganizationId: r.actor_organization_id,
    protocolVersion: r.protocol_version,
    fundId: r.fund_id,
    category: r.category,
    canonicalFormat: Number(r.canonical_format) as CanonicalFormatVersion,
    references: {
      requestId: r.request_id,
      disbursementId: r.disbursement_id,
      donationId: r.donation_id,
      itemId: r.item_id,
      serials: r.serials,
      payeeId: r.payee_id,
      paymentReference: r.payment_reference_kind !== null && r.payment_reference !== null ? { kind: r.payment_reference_kind, value: r.payment_reference } : null,
    },
    effectiveDate: r.effective_date,
    effectiveDateSource: r.effective_date_source,
    lines,
    ...(r.closing_kind !== null && r.closing_period !== null && r.closing_from !== null && r.closing_to !== null && r.closing_digest !== null
      ? { closing: { kind: r.closing_kind, period: r.closing_period, from: r.closing_from, to: r.closing_to, trialBalanceDigest: r.closing_digest } }
      : {}),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/**
 * One page of the chain for verification: entries in seq order with their lines. The page's
 * lines come back as one JSON array in one row, which JSON.parse reads faster than the driver
 * reads one row per line (a page of 5,000 entries has 10,000-20,000 lines).
 */
export async function fetchChain(db: SqlExecutor, range: { readonly afterSeq: number; readonly maxSeq?: number; readonly limit: number }): Promise<StoredLedgerEntry[]> {
  // The time as `Date#toISOString` writes it, made by the server (milliseconds truncated, as the
  // driver's Date would), so no Date is built and printed again per entry.
  const { rows } = await db.query<EntryRow & { occurred_at: string }>(
    `SELECT ${CHAIN_COLUMNS} FROM ${ENTRIES} WHERE e.seq > $1 ${range.maxSeq === undefined ? '' : 'AND e.seq <= $3'}
     ORDER BY e.seq LIMIT $2`,
    range.maxSeq === undefined ? [range.afterSeq, range.limit] : [range.afterSeq, range.limit, range.maxSeq],
  );
  const first = rows[0];
  const last = rows.at(-1);
  if (!first || !last) return [];
  const lines = await db.query<{ lines: [Int, Int, string, Int, Int][] | null }>(
    `SELECT json_agg(json_build_array(entry_seq, line_no, account, debit_cents, credit_cents) ORDER BY entry_seq, line_no) AS lines
     FROM ledger_lines WHERE entry_seq >= $1 AND entry_seq <= $2`,
    [Number(first.seq), Number(last.seq)],
  );
  const bySeq = new Map<number, LedgerLine[]>();
  for (const [entrySeq, line, account, debit, credit] of lines.rows[0]?.lines ?? []) {
    const seq = Number(entrySeq);
    let list = bySeq.get(seq);
    if (!list) bySeq.set(seq, (list = []));
    list.push({ line: Number(line), account, debitCents: Number(debit), creditCents: Number(credit) });
  }
  return rows.map((r) => toStoredEntry(r, bySeq.get(Number(r.seq)) ?? [], r.occurred_at));
}

/** Whether the ledger's tables exist (a CLI may run against a store no projection ever touched). */
export async function ledgerExists(db: SqlExecutor): Promise<boolean> {
  const { rows } = await db.query<{ present: boolean }>(`SELECT to_regclass('ledger_entries') IS NOT NULL AS present`);
  return rows[0]?.present === true;
}
