/**
 * A generated history kept in a file, so that a benchmark run after the first restores the log
 * (seconds) instead of generating it again with the deciders (minutes). The file is named by the
 * generator's seed, the event count and a hash of the generator's source: a changed generator
 * never reuses an old file. Files live under data/ (not committed).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { ROOT } from './common';

const PAGE = 5_000;
const GENERATOR = join(ROOT, 'bench', 'lib', 'fund-history.ts');

export function historyCachePath(name: string, seed: number, events: number): string {
  const generator = createHash('sha256').update(readFileSync(GENERATOR)).digest('hex').slice(0, 12);
  return join(ROOT, 'data', 'bench-cache', `${name}-seed${seed}-events${events}-gen${generator}.ndjson.gz`);
}

export const shortPath = (path: string) => relative(ROOT, path);

/** One row per line, in log order (commit, then position); positions are given anew on restore. */
interface Row {
  readonly event_id: string;
  readonly stream_id: string;
  readonly stream_version: string;
  readonly type: string;
  readonly schema_version: number;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly occurred_at: string;
  readonly recorded_at: string;
}

/** Writes the database's whole log to `path`; returns the number of events. */
export async function saveHistory(url: string, path: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const lines: string[] = [];
  try {
    let after: [string, string] = ['0', '0'];
    for (;;) {
      const { rows } = await c.query<Row & { commit: string; global_position: string }>(
        `SELECT transaction_id::text AS commit, global_position::text AS global_position, event_id::text AS event_id, stream_id,
                stream_version::text AS stream_version, type, schema_version, data, metadata,
                to_json(occurred_at) #>> '{}' AS occurred_at, to_json(recorded_at) #>> '{}' AS recorded_at
           FROM es_events WHERE (es_events.transaction_id, es_events.global_position) > ($1::text::xid8, $2::bigint)
          -- Qualified: the bare names would sort by the text columns of the same names above.
          ORDER BY es_events.transaction_id, es_events.global_position LIMIT ${PAGE}`,
        after,
      );
      for (const { commit: _c, global_position: _g, ...row } of rows) lines.push(JSON.stringify(row));
      if (rows.length < PAGE) break;
      const last = rows.at(-1)!;
      after = [last.commit, last.global_position];
    }
  } finally {
    await c.end();
  }
  mkdirSync(dirname(path), { recursive: true });
  // Written whole then renamed: an interrupted run never leaves half a history behind.
  writeFileSync(`${path}.part`, gzipSync(`${lines.join('\n')}\n`));
  renameSync(`${path}.part`, path);
  return lines.length;
}

export const hasHistory = (path: string) => existsSync(path);

/**
 * Appends the file's events, in its order, to the empty log of the database at `url` (its
 * schema already migrated), numbered 1..n; returns the number of events.
 */
export async function restoreHistory(url: string, path: string): Promise<number> {
  const lines = gunzipSync(readFileSync(path)).toString('utf8').split('\n').filter((l) => l.length > 0);
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    for (let i = 0; i < lines.length; i += PAGE) {
      const page = lines.slice(i, i + PAGE).map((line, j) => ({ ...(JSON.parse(line) as Row), global_position: i + j + 1 }));
      // Pages go in one after another, each in its own commit: the log order is the file's.
      await c.query(
        `INSERT INTO es_events (global_position, event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at, recorded_at)
         OVERRIDING SYSTEM VALUE
         SELECT global_position, event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at, recorded_at
           FROM jsonb_to_recordset($1::jsonb) AS t(global_position bigint, event_id uuid, stream_id text, stream_version bigint, type text,
                schema_version integer, data jsonb, metadata jsonb, occurred_at timestamptz, recorded_at timestamptz)
          ORDER BY global_position`,
        [JSON.stringify(page)],
      );
    }
    await c.query(`SELECT setval(pg_get_serial_sequence('es_events', 'global_position'), $1::bigint)`, [Math.max(lines.length, 1)]);
    await c.query('VACUUM ANALYZE es_events');
  } finally {
    await c.end();
  }
  return lines.length;
}
