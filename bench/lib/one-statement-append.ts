/**
 * A prototype, for the append benchmark only: our schema and our guarantees for a single-stream
 * append (exact expected version or "no stream", events and the stream's version in one atomic
 * change, the transaction-id fence column filled by its default) in **one** autocommitted
 * statement, instead of SqlEventStore's BEGIN / stream row / events / COMMIT (four round trips).
 * It shows what the kernel would gain; it is not used by the service.
 */
import type { Pool } from 'pg';
import { ConcurrencyError, type EventToAppend } from '@fund/event-sourcing';

const INSERT_EVENTS = `
INSERT INTO es_events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at)
SELECT e.event_id, $1, v.version - $2 + 1 + e.ord, e.type, e.schema_version, e.data, e.metadata, e.occurred_at
FROM v, jsonb_to_recordset($3::jsonb)
  AS e(ord int, event_id uuid, type text, schema_version int, data jsonb, metadata jsonb, occurred_at timestamptz)
ORDER BY e.ord
RETURNING global_position`;

/** $1 stream, $2 event count, $3 events, $4 expected version. */
const EXACT = `WITH v AS (UPDATE es_streams SET version = version + $2 WHERE stream_id = $1 AND version = $4 RETURNING version)${INSERT_EVENTS}`;
/** $1 stream, $2 event count, $3 events. */
const NO_STREAM = `WITH v AS (INSERT INTO es_streams (stream_id, version) VALUES ($1, $2) ON CONFLICT (stream_id) DO NOTHING RETURNING version)${INSERT_EVENTS}`;

/**
 * Second prototype: no stream row at all. The expected version is checked against the stream's
 * last event, and the unique (stream_id, stream_version) index settles races (the loser of two
 * writers at one version gets a unique violation after the winner commits). $1 stream, $2 count,
 * $3 events, $4 expected version (0: no stream).
 */
const WITHOUT_STREAM_ROW = `WITH v AS (SELECT $4::bigint + $2::bigint AS version
  WHERE coalesce((SELECT max(stream_version) FROM es_events WHERE stream_id = $1), 0) = $4::bigint)${INSERT_EVENTS}`;

export async function appendWithoutStreamRow(pool: Pool, streamId: string, expected: number, events: readonly EventToAppend[]): Promise<void> {
  const { rowCount } = await pool.query(WITHOUT_STREAM_ROW, [streamId, events.length, payloadOf(events), expected]);
  if (!rowCount) throw new ConcurrencyError(streamId, String(expected), -1);
}

function payloadOf(events: readonly EventToAppend[]): string {
  return JSON.stringify(
    events.map((e, ord) => {
      const { eventId, schemaVersion, occurredAt, ...stored } = e.metadata;
      return { ord, event_id: eventId, type: e.type, schema_version: schemaVersion, data: e.data, metadata: stored, occurred_at: occurredAt };
    }),
  );
}

export async function appendInOneStatement(pool: Pool, streamId: string, expected: 'no_stream' | number, events: readonly EventToAppend[]): Promise<void> {
  const payload = payloadOf(events);
  const { rowCount } =
    expected === 'no_stream' || expected === 0
      ? await pool.query(NO_STREAM, [streamId, events.length, payload])
      : await pool.query(EXACT, [streamId, events.length, payload, expected]);
  // No row: the stream's version was not the expected one, and nothing was written.
  if (!rowCount) throw new ConcurrencyError(streamId, String(expected), -1);
}
