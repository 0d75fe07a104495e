import type { StoredLedgerEntry } from '../ledger.canonical';

/** One row per line; every entry field repeats so each row stands alone in a spreadsheet. */
export const CSV_COLUMNS = [
  'seq',
  'entry_id',
  'event_id',
  'global_position',
  'stream_id',
  'event_type',
  'occurred_at',
  'actor_user_id',
  'actor_role',
  'actor_organization_id',
  'protocol_version',
  'fund_id',
  'category',
  'line_no',
  'account',
  'debit_cents',
  'credit_cents',
  'debit_usd',
  'credit_usd',
  'prev_hash',
  'hash',
] as const;

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

export function csvRows(entry: StoredLedgerEntry): CsvCell[][] {
  return entry.lines.map((l) => [
    entry.seq,
    safeText(entry.entryId),
    safeText(entry.eventId),
    entry.globalPosition,
    safeText(entry.streamId),
    safeText(entry.eventType),
    entry.occurredAt,
    safeText(entry.actorUserId),
    safeText(entry.actorRole),
    safeText(entry.actorOrganizationId),
    safeText(entry.protocolVersion),
    safeText(entry.fundId),
    safeText(entry.category),
    l.line,
    safeText(l.account),
    l.debitCents,
    l.creditCents,
    dollars(l.debitCents),
    dollars(l.creditCents),
    entry.prevHash,
    entry.hash,
  ]);
}

/** The first row: what the file is, which period, when it was made. One cell per fact. */
export function metadataRow(period: { readonly from: string; readonly to: string }, generatedAt: Date): CsvCell[] {
  return [
    '# survivor-fund audit ledger',
    `period ${period.from} to ${period.to} (UTC days; both included)`,
    `generated ${generatedAt.toISOString()}`,
    'amounts: *_cents whole cents; *_usd US dollars',
  ];
}

export const exportFileName = (period: { readonly from: string; readonly to: string }) => `ledger-${period.from}-${period.to}.csv`;
