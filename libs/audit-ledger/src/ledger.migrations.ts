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
];
