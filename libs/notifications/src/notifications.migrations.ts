import type { Migration } from '@fund/event-sourcing';

export const NOTIFICATIONS_COMPONENT = 'read-model:notifications';

/**
 * nt_messages is the outbox and the in-app list in one: a row per (source, kind, recipient)
 * whose id is derived from those three, so a redelivered event or a repeated sweep adds nothing.
 * nt_requests and nt_receipts are the little the projection needs to know who to tell, and when.
 */
export const NOTIFICATION_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'notifications outbox, preferences, request and receipt facts',
    sql: `
CREATE TABLE nt_messages (
  message_id text PRIMARY KEY,
  recipient_id text NOT NULL,
  kind text NOT NULL,
  link text NOT NULL,
  occurred_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  read_at timestamptz,
  email_state text NOT NULL DEFAULT 'pending',
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  lease_until timestamptz,
  last_error text,
  sent_at timestamptz,
  digest_id text
);
CREATE INDEX nt_messages_due ON nt_messages (email_state, next_attempt_at);
CREATE INDEX nt_messages_inbox ON nt_messages (recipient_id, created_at DESC);
CREATE INDEX nt_messages_digest ON nt_messages (digest_id) WHERE digest_id IS NOT NULL;
CREATE TABLE nt_preferences (
  user_id text NOT NULL,
  kind text NOT NULL,
  delivery text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, kind)
);
CREATE TABLE nt_requests (
  request_id text PRIMARY KEY,
  organization_id text NOT NULL,
  submitter_id text NOT NULL,
  urgency text NOT NULL,
  status text NOT NULL,
  submitted_at timestamptz NOT NULL,
  escalated boolean NOT NULL DEFAULT false
);
CREATE INDEX nt_requests_undecided ON nt_requests (urgency, status, submitted_at) WHERE NOT escalated;
CREATE TABLE nt_receipts (
  disbursement_id text PRIMARY KEY,
  request_id text NOT NULL,
  submitter_id text NOT NULL,
  due_on date NOT NULL,
  settled boolean NOT NULL DEFAULT false,
  reminded boolean NOT NULL DEFAULT false,
  overdue_sent boolean NOT NULL DEFAULT false
);
CREATE INDEX nt_receipts_open ON nt_receipts (due_on) WHERE NOT settled;
`,
  },
];
