import type { Migration } from '@fund/event-sourcing';

/**
 * The reporting read model: anonymized facts only (see anonymize.ts). Keys are HMAC digests;
 * no column holds a reference, an id or text typed by a person. Times are kept to the instant
 * for medians; reports never publish anything finer than a quarter.
 */
export const REPORTING_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'reporting facts',
    sql: `
CREATE TABLE reporting_secret (
  id smallint PRIMARY KEY CHECK (id = 1),
  secret_hex text NOT NULL
);
CREATE TABLE reporting_organizations (
  org_key text PRIMARY KEY,
  provider_type text NOT NULL,
  county text NOT NULL
);
CREATE TABLE reporting_requests (
  request_key text PRIMARY KEY,
  survivor_key text NOT NULL,
  org_key text NOT NULL,
  submitted_at timestamptz NOT NULL,
  category text NOT NULL,
  requested_cents bigint NOT NULL,
  requested_payment_method text NOT NULL,
  urgency text NOT NULL,
  demographic_county text NOT NULL,
  trafficking_type text NOT NULL,
  age_group text NOT NULL,
  citizenship text NOT NULL,
  gender text NOT NULL,
  decided_at timestamptz,
  outcome text,
  approved_cents bigint,
  ended_at timestamptz,
  end_reason text
);
CREATE INDEX reporting_requests_submitted ON reporting_requests (submitted_at);
CREATE INDEX reporting_requests_survivor ON reporting_requests (survivor_key);
CREATE TABLE reporting_payments (
  payment_key text PRIMARY KEY,
  request_key text NOT NULL,
  paid_at timestamptz NOT NULL,
  amount_cents bigint NOT NULL,
  source text NOT NULL,
  payment_method text NOT NULL,
  voided_at timestamptz
);
CREATE INDEX reporting_payments_paid ON reporting_payments (paid_at);
CREATE INDEX reporting_payments_request ON reporting_payments (request_key);
CREATE TABLE reporting_survivors (
  survivor_key text PRIMARY KEY,
  first_requested_at timestamptz NOT NULL,
  first_served_at timestamptz
);
CREATE TABLE reporting_donations (
  donation_key text NOT NULL,
  line integer NOT NULL,
  received_on date NOT NULL,
  donation_kind text NOT NULL,
  donor_kind text NOT NULL,
  restricted boolean,
  category text,
  quantity integer,
  amount_cents bigint NOT NULL,
  PRIMARY KEY (donation_key, line)
);
CREATE TABLE reporting_stock_items (
  item_key text PRIMARY KEY,
  stock_kind text NOT NULL,
  category text NOT NULL,
  unit_value_cents bigint NOT NULL
);
CREATE TABLE reporting_stock_movements (
  movement_key text PRIMARY KEY,
  item_key text NOT NULL,
  occurred_on date NOT NULL,
  movement text NOT NULL,
  quantity integer NOT NULL
);
CREATE TABLE reporting_commitments (
  movement_key text PRIMARY KEY,
  occurred_at timestamptz NOT NULL,
  delta_cents bigint NOT NULL
)`,
  },
  {
    // The quarterly report times decision to first payment; aggregating every payment ever for
    // that took most of its time on a large store. The projection keeps the value instead; the
    // backfill gives existing databases the same value a rebuild would.
    version: 2,
    name: 'first payment per request, indexes for the timeliness table',
    sql: `
ALTER TABLE reporting_requests ADD COLUMN first_paid_at timestamptz;
UPDATE reporting_requests r SET first_paid_at = f.first_paid_at
  FROM (SELECT request_key, MIN(paid_at) AS first_paid_at FROM reporting_payments WHERE voided_at IS NULL GROUP BY request_key) f
 WHERE r.request_key = f.request_key;
CREATE INDEX reporting_requests_decided ON reporting_requests (decided_at);
CREATE INDEX reporting_requests_first_paid ON reporting_requests (first_paid_at)`,
  },
  {
    // A donation recorded after its quarter closed counts in the quarter it was recorded in, so
    // a closed quarter's figures never change (issue 17). Existing rows: the day received.
    version: 3,
    name: 'the day a donation was recorded',
    sql: `
ALTER TABLE reporting_donations ADD COLUMN recorded_on date;
UPDATE reporting_donations SET recorded_on = received_on;
ALTER TABLE reporting_donations ALTER COLUMN recorded_on SET NOT NULL`,
  },
  {
    // OVC PMT's age groups (issue 17, docs/reporting.md). Rows written before this know only
    // adult/minor: "unknown" (PMT's "not reported") until the projection is rebuilt.
    version: 4,
    name: 'PMT age group of a request',
    sql: `ALTER TABLE reporting_requests ADD COLUMN pmt_age_group text NOT NULL DEFAULT 'unknown'`,
  },
  {
    // An approval whose unpaid money was released at a grant's close-out stands at what was paid
    // from then on: unmet need counts the rest once the release is before the period's end. One
    // release per request at most. Releases recorded before this are counted after a rebuild.
    version: 5,
    name: 'approvals released at a grant close-out',
    sql: `
CREATE TABLE reporting_approval_releases (
  request_key text PRIMARY KEY,
  released_at timestamptz NOT NULL,
  released_cents bigint NOT NULL
)`,
  },
];

/** The tables a rebuild empties. The secret stays, so a rebuild gives the same keys. */
export const REPORTING_DATA_TABLES = [
  'reporting_organizations',
  'reporting_requests',
  'reporting_payments',
  'reporting_survivors',
  'reporting_donations',
  'reporting_stock_items',
  'reporting_stock_movements',
  'reporting_commitments',
  'reporting_approval_releases',
] as const;
