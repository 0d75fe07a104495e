import type { Client } from 'pg';

/**
 * Every read-model table, rows as sorted JSON, to compare a live read side with a rebuild.
 * The ledger's seq is a surrogate key (a rolled-back batch leaves gaps; the hashes do not cover
 * it), so ledger lines are compared by their entry's event id instead.
 */
export async function dumpReadModels(client: Client): Promise<Record<string, string[]>> {
  const { rows } = await client.query(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND (table_name LIKE 'rv\\_%' OR table_name LIKE 'ledger\\_%' OR table_name LIKE 'reporting\\_%') ORDER BY table_name`,
  );
  const out: Record<string, string[]> = {};
  for (const { table_name } of rows as { table_name: string }[]) {
    if (table_name === 'reporting_secret') continue;
    const data =
      table_name === 'ledger_lines'
        ? await client.query(`SELECT e.event_id, l.* FROM ledger_lines l JOIN ledger_entries e ON e.seq = l.entry_seq`)
        : await client.query(`SELECT * FROM ${table_name}`);
    out[table_name] = data.rows.map(({ seq: _seq, entry_seq: _entrySeq, ...rest }) => JSON.stringify(rest)).sort();
  }
  return out;
}

/**
 * Waits until every checkpoint has passed every committed event. Deliberately without the
 * store's fence: a backend of a killed process can linger a moment holding an old transaction
 * open, which (correctly) hides newer events from the subscriptions and from /health's lag.
 */
export async function waitForCheckpointsAtHead(client: Client, expected: number, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await client.query<{ behind: string }>(
      `SELECT count(*) AS behind FROM es_checkpoints c
       WHERE EXISTS (SELECT 1 FROM es_events e WHERE (e.transaction_id, e.global_position) > (c.commit_position::text::xid8, c.prepare_position))`,
    );
    const { rows: present } = await client.query<{ n: string }>('SELECT count(*) AS n FROM es_checkpoints');
    if (rows[0]?.behind === '0' && Number(present[0]?.n) >= expected) return;
    if (Date.now() > deadline) throw new Error(`projections did not reach the head: ${rows[0]?.behind} behind`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
