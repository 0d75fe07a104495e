import type { Migration } from './migrations';

/**
 * The event log. `transaction_id` is the appending transaction's id: readers only return events
 * whose transaction is older than every transaction still running (see docs/adr/0002).
 */
/** The component name the event log's migrations are recorded under. */
export const EVENT_STORE_MIGRATIONS_COMPONENT = 'event-store';

export const EVENT_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'event log, streams',
    sql: `
CREATE TABLE es_streams (
  stream_id text PRIMARY KEY,
  version bigint NOT NULL CHECK (version >= 0)
);
CREATE TABLE es_events (
  global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  event_id uuid NOT NULL,
  stream_id text NOT NULL,
  stream_version bigint NOT NULL CHECK (stream_version >= 1),
  type text NOT NULL,
  schema_version integer NOT NULL CHECK (schema_version >= 1),
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT es_events_event_id_key UNIQUE (event_id),
  CONSTRAINT es_events_stream_version_key UNIQUE (stream_id, stream_version)
);
CREATE INDEX es_events_log_order ON es_events (transaction_id, global_position);
CREATE TABLE es_checkpoints (
  subscription_id text PRIMARY KEY,
  commit_position bigint NOT NULL,
  prepare_position bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
  {
    version: 2,
    name: 'stream versions from the events themselves',
    // An append checks its expected version against the stream's last event and the unique
    // (stream_id, stream_version) index settles races, so the per-stream row (a second write
    // and a lock per append) is gone.
    sql: `DROP TABLE es_streams;`,
  },
];
