import type { StoredLedgerEntry } from '../ledger.canonical';
import { accountLabel, entryLabel } from '../ledger.labels';

/**
 * One row per ledger line; every entry field repeats so each row stands alone in a spreadsheet.
 * The CSV is this table and nothing else: exactly one header row. What the file is (period,
 * filters, generation time, head of the chain) travels in the response headers and in the
 * workbook's About sheet, never as a row a spreadsheet would take for the header.
 * The columns an auditor samples by come first; the chain's own columns last.
 */
export const CSV_COLUMNS = [
  'seq',
  'effective_date',
  'effective_date_source',
  'recorded_at',
  'event_type',
  'entry_label',
  'fund_id',
  'category',
  'request_id',
  'disbursement_id',
  'donation_id',
  'item_id',
  'serials',
  'payee_id',
  'payment_reference_kind',
  'payment_reference',
  'actor_role',
  'actor_organization_id',
  'actor_user_id',
  'protocol_version',
  'line_no',
  'account',
  'account_label',
  'debit_cents',
  'credit_cents',
  'debit_usd',
  'credit_usd',
  'entry_id',
  'event_id',
  'global_position',
  'stream_id',
  'canonical_format',
  'prev_hash',
  'hash',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];
export type CsvCell = string | number;

/** Whole cents as dollars with two decimals, without floating point. */
export function dollars(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * A text cell a spreadsheet would run as a formula gets a leading apostrophe (the OWASP advice
 * for CSV injection). Ledger text is ids and codes, so this only bites on a hostile user id.
 */
export function safeText(value: string | null): string {
  if (value === null) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A line of an entry as named cells, raw: numbers stay numbers, nulls stay null. */
export type LedgerRow = { readonly [C in CsvColumn]: string | number | null };

export function ledgerRows(entry: StoredLedgerEntry): LedgerRow[] {
  const refs = entry.references;
  return entry.lines.map((l) => ({
    seq: entry.seq,
    effective_date: entry.effectiveDate,
    effective_date_source: entry.effectiveDateSource,
    recorded_at: entry.occurredAt,
    event_type: entry.eventType,
    entry_label: entryLabel(entry.eventType),
    fund_id: entry.fundId,
    category: entry.category,
    request_id: refs.requestId,
    disbursement_id: refs.disbursementId,
    donation_id: refs.donationId,
    item_id: refs.itemId,
    serials: refs.serials ? refs.serials.join(' ') : null,
    payee_id: refs.payeeId,
    payment_reference_kind: refs.paymentReference?.kind ?? null,
    payment_reference: refs.paymentReference?.value ?? null,
    actor_role: entry.actorRole,
    actor_organization_id: entry.actorOrganizationId,
    actor_user_id: entry.actorUserId,
    protocol_version: entry.protocolVersion,
    line_no: l.line,
    account: l.account,
    account_label: accountLabel(l.account),
    debit_cents: l.debitCents,
    credit_cents: l.creditCents,
    debit_usd: dollars(l.debitCents),
    credit_usd: dollars(l.creditCents),
    entry_id: entry.entryId,
    event_id: entry.eventId,
    global_position: entry.globalPosition,
    stream_id: entry.streamId,
    canonical_format: entry.canonicalFormat,
    prev_hash: entry.prevHash,
    hash: entry.hash,
  }));
}

export function csvRows(entry: StoredLedgerEntry): CsvCell[][] {
  return ledgerRows(entry).map((row) => CSV_COLUMNS.map((c) => csvCell(row[c])));
}

const csvCell = (value: string | number | null): CsvCell => (typeof value === 'number' ? value : safeText(value));

/** What an export was made from: stated beside the table, never inside it. */
export interface ExportAbout {
  readonly generatedAt: string;
  readonly filters: LedgerExportFilter;
  /** The chain's last entry when the export was made; the export holds no entry after it. */
  readonly headSeq: number | null;
  readonly headHash: string | null;
}

export interface LedgerExportFilter {
  readonly from: string;
  readonly to: string;
  readonly fundId?: string;
  readonly account?: string;
  readonly requestId?: string;
}

/** The filters as one line, `name=value` separated by `; `, in a fixed order. */
export function describeFilters(f: LedgerExportFilter): string {
  return (['from', 'to', 'fundId', 'account', 'requestId'] as const)
    .filter((k) => f[k] !== undefined)
    .map((k) => `${k}=${f[k]}`)
    .join('; ');
}

/** The facts about an export, as label and value, for the response headers' twin: the About sheet. */
export function aboutRows(about: ExportAbout): [string, string][] {
  return [
    ['What', 'survivor-fund audit ledger: one row per ledger line'],
    ['Effective dates', `${about.filters.from} to ${about.filters.to}, both included (the day money or goods moved; see effective_date_source)`],
    ['Filters', describeFilters(about.filters)],
    ['Generated at', about.generatedAt],
    ['Chain head seq', about.headSeq === null ? 'empty ledger' : String(about.headSeq)],
    ['Chain head hash', about.headHash ?? 'empty ledger'],
    ['Amounts', 'debit and credit in US dollars; the CSV also has whole cents (debit_cents, credit_cents)'],
    ['effective_date_source', 'event: the date the event states (receivedOn, paidOn); recorded: the event states none, the recorded day stands in'],
    [
      'canonical_format',
      '2: the hash covers the references and the effective date; 1: an entry journaled before format 2, whose hash covers neither',
    ],
    ['Verify', 'Keep the chain head above in the working papers: GET /ledger/verify recomputes every hash, and the entry with that seq must still carry that hash'],
  ];
}

const stamp = (f: LedgerExportFilter) => `ledger-${f.from}-${f.to}`;
export const exportFileName = (f: LedgerExportFilter, ext: 'csv' | 'xlsx' = 'csv') => `${stamp(f)}.${ext}`;
