import type { Migration } from '@fund/event-sourcing';

/** The projection's name: its checkpoint and the component its migrations are recorded under. */
export const AUDIT_LEDGER = 'audit-ledger';
export const AUDIT_LEDGER_MIGRATIONS_COMPONENT = `read-model:${AUDIT_LEDGER}`;

export const LEDGER_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'ledger entries, lines and lookups',
    sql: `CREATE TABLE IF NOT EXISTS ledger_entries (
  seq bigserial PRIMARY KEY,
  entry_id text NOT NULL UNIQUE,
  event_id text NOT NULL UNIQUE,
  global_position bigint NOT NULL,
  stream_id text NOT NULL,
  event_type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  actor_user_id text NOT NULL,
  actor_role text NOT NULL,
  actor_organization_id text NOT NULL,
  protocol_version text,
  fund_id text,
  category text,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE TABLE IF NOT EXISTS ledger_lines (
  entry_seq bigint NOT NULL REFERENCES ledger_entries (seq),
  line_no integer NOT NULL,
  account text NOT NULL,
  debit_cents bigint NOT NULL CHECK (debit_cents >= 0),
  credit_cents bigint NOT NULL CHECK (credit_cents >= 0),
  PRIMARY KEY (entry_seq, line_no)
);
CREATE INDEX IF NOT EXISTS ledger_entries_occurred_at ON ledger_entries (occurred_at, seq);
CREATE INDEX IF NOT EXISTS ledger_entries_fund ON ledger_entries (fund_id, seq);
CREATE INDEX IF NOT EXISTS ledger_lines_account ON ledger_lines (account, entry_seq);
CREATE TABLE IF NOT EXISTS ledger_request_categories (
  request_id text PRIMARY KEY,
  category text NOT NULL
);
CREATE TABLE IF NOT EXISTS ledger_stock_items (
  item_id text PRIMARY KEY,
  category text NOT NULL,
  unit_value_cents bigint NOT NULL
)`,
  },
  {
    version: 2,
    name: 'entry references, effective date, canonical format per entry',
    // Under the chain lock, so no batch is half written while the format's starting position is
    // taken. Entries already stored keep format 1 and their hashes; they read with no references
    // and their recorded day as effective date, flagged `recorded`, until a rebuild fills both
    // (still hashed under format 1). Events after the last journaled one are hashed under format
    // 2. A fresh ledger starts at position 1, so all its entries are format 2.
    sql: `SELECT pg_advisory_xact_lock(hashtext('audit-ledger:chain'));
ALTER TABLE ledger_entries ADD COLUMN IF NOT EXISTS canonical_format smallint NOT NULL DEFAULT 1;
ALTER TABLE ledger_entries ADD COLUMN IF NOT EXISTS effective_date date;
ALTER TABLE ledger_entries ADD COLUMN IF NOT EXISTS effective_date_source text;
ALTER TABLE ledger_entries ADD COLUMN IF NOT EXISTS request_id text;
ALTER TABLE ledger_entries ADD COLUMN IF NOT EXISTS disbursement_id text;
ALTER TABLE ledger_entries ADD COLUMN IF NOT EXISTS donation_id text;
ALTER TABLE ledger_entries ADD COLUMN IF NOT EXISTS item_id text;
ALTER TABLE ledger_entries ADD COLUMN IF NOT EXISTS serials jsonb;
ALTER TABLE ledger_entries ADD COLUMN IF NOT EXISTS payee_id text;
ALTER TABLE ledger_entries ADD COLUMN IF NOT EXISTS payment_reference_kind text;
ALTER TABLE ledger_entries ADD COLUMN IF NOT EXISTS payment_reference text;
UPDATE ledger_entries SET effective_date = (occurred_at AT TIME ZONE 'UTC')::date, effective_date_source = 'recorded' WHERE effective_date IS NULL;
ALTER TABLE ledger_entries ALTER COLUMN effective_date SET NOT NULL;
ALTER TABLE ledger_entries ALTER COLUMN effective_date_source SET NOT NULL;
ALTER TABLE ledger_entries ALTER COLUMN canonical_format DROP DEFAULT;
CREATE INDEX IF NOT EXISTS ledger_entries_effective_date ON ledger_entries (effective_date, seq);
CREATE INDEX IF NOT EXISTS ledger_entries_request ON ledger_entries (request_id, seq);
CREATE TABLE IF NOT EXISTS ledger_formats (
  canonical_format smallint PRIMARY KEY,
  from_global_position bigint NOT NULL
);
INSERT INTO ledger_formats (canonical_format, from_global_position)
SELECT 2, coalesce(max(global_position), 0) + 1 FROM ledger_entries
ON CONFLICT (canonical_format) DO NOTHING`,
  },
  {
    version: 3,
    name: 'posting scheme 2 (net asset classes) from the next event on',
    // As format 2 did: under the chain lock, events already journaled keep scheme 1's lines (a
    // rebuild posts them the same way, so their hashes are reproduced); events after the last
    // journaled one are posted under scheme 2. A fresh ledger posts everything under scheme 2.
    sql: `SELECT pg_advisory_xact_lock(hashtext('audit-ledger:chain'));
CREATE TABLE IF NOT EXISTS ledger_posting_schemes (
  posting_scheme smallint PRIMARY KEY,
  from_global_position bigint NOT NULL
);
INSERT INTO ledger_posting_schemes (posting_scheme, from_global_position)
SELECT 2, coalesce(max(global_position), 0) + 1 FROM ledger_entries
ON CONFLICT (posting_scheme) DO NOTHING`,
  },
  {
    version: 4,
    name: 'period closings: the trial balance a closing entry seals',
    // The closing entry itself is a row of ledger_entries (format 3, no lines); this holds the
    // period it closed and the trial balance whose digest that entry's hash covers.
    sql: `CREATE TABLE IF NOT EXISTS ledger_closings (
  entry_seq bigint PRIMARY KEY REFERENCES ledger_entries (seq),
  kind text NOT NULL,
  period text NOT NULL,
  from_day date NOT NULL,
  to_day date NOT NULL,
  trial_balance_digest text NOT NULL,
  trial_balance jsonb NOT NULL,
  UNIQUE (kind, period)
)`,
  },
];
