/**
 * Append throughput: 16 concurrent writers, each appending to its own streams with an exact
 * expected version, events of realistic size (~600 bytes of data plus our metadata).
 *
 *   npm run bench:append [-- --events 20000] [--writers 16] [--per-append 1] [--stream-length 10]
 *                        [--rounds 1] [--pglite-events 20000] [--only ours,emmett,plain,pglite,alone] [--in-flight 2]
 *                        [--no-record]
 *
 * Compared side by side in one run, each in a fresh database:
 *   ours    SqlEventStore on PostgreSQL (openEventStore({ kind: 'postgres' })), group commit with
 *           `--in-flight` statements at once (the store's default unless given; ADR 0025)
 *   alone   the same store with group commit off: every append its own statement (not run by default)
 *   emmett  Emmett's PostgreSQL event store (getPostgreSQLEventStore)
 *   plain   one parameterized INSERT per event into a table with the same columns (the ceiling)
 *   pglite  our SqlEventStore on the embedded PGlite store (files in a temp folder), for reference
(Earlier runs also measured two prototypes of a single-statement append; the store itself now
 * appends that way, docs/adr/0006.)
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Client, Pool } from 'pg';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { openEventStore, SqlEventStore, type EventMetadata, type EventStore } from '@fund/event-sourcing';
import { args, commandLine, count, createDatabase, fmt, machine, percentile, postgresSettings, record, table, today } from './lib/common';

const opts = args();
const EVENTS = count(opts.get('events'), 20_000);
const WRITERS = count(opts.get('writers'), 16);
const PER_APPEND = count(opts.get('per-append'), 1);
const STREAM_LENGTH = count(opts.get('stream-length'), 10);
const ROUNDS = count(opts.get('rounds'), 1);
const PGLITE_EVENTS = count(opts.get('pglite-events'), Math.min(EVENTS, 20_000));
const ONLY = new Set((opts.get('only') ?? 'ours,emmett,plain,pglite').split(','));
const IN_FLIGHT = opts.get('in-flight') === undefined ? undefined : count(opts.get('in-flight'), 2);
const POOL = WRITERS;

/** A FundRequestSubmitted as the service records it: ~600 bytes of data. */
function eventData(i: number): Record<string, unknown> {
  return {
    requestId: randomUUID(),
    organizationId: `agency-${i % 40}`,
    submitterId: `advocate-${i % 400}`,
    survivorReference: `SR-${String(i % 10_000).padStart(4, '0')}-7KQ2-M9XD`,
    category: ['groceries', 'lodging', 'transportation', 'phone_card', 'childcare'][i % 5],
    amountCents: 5_000 + (i % 400) * 100,
    paymentMethod: 'vendor_payment',
    urgency: ['standard', 'urgent', 'emergency'][i % 3],
    neededBy: '2026-12-01',
    demographics: { ageBand: '25_59', county: 'cumberland', traffickingType: 'labor', citizenship: 'foreign_national', gender: 'not_collected' },
    hasNarrative: true,
    expedited: false,
    submittedAt: new Date().toISOString(),
    protocolRulesDigest: 'sha256:4f7d1c3b9a0e5d2f8c6b1a7e3d9f0c2b5a8e1d4c7b0a3f6e9d2c5b8a1e4d7c0f',
    notes: { vendorCategory: 'grocery_store', quoteAttached: false, splitPayment: false, interpreterUsed: true, followUpDays: 14 },
  };
}

const METADATA = (): Omit<EventMetadata, 'eventId' | 'schemaVersion' | 'occurredAt'> => ({
  actor: { userId: 'advocate-17', role: 'provider', organizationId: 'agency-3' },
  correlationId: randomUUID(),
  causationId: randomUUID(),
  protocolVersion: '2026-1',
});

const sample = eventData(0);
const sampleMeta = { ...METADATA(), eventId: randomUUID(), schemaVersion: 1, occurredAt: new Date().toISOString() };
const DATA_BYTES = Buffer.byteLength(JSON.stringify(sample));
const META_BYTES = Buffer.byteLength(JSON.stringify(sampleMeta));

/** One contender: `append(writer, streamId, expectedVersion, n)` appends n events after version `expectedVersion`. */
interface Contender {
  readonly name: string;
  append(streamId: string, version: number, first: number, n: number): Promise<void>;
  close(): Promise<void>;
  /** Group commit: appends and statements so far. */
  grouping?(): { appends: number; statements: number };
}

interface RunResult {
  readonly name: string;
  readonly events: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** CPU time per event in microseconds: this process (which also makes the events) and the database's backends. */
  readonly clientCpuUs?: number;
  readonly serverCpuUs?: number;
  /** Appends per statement sent (group commit). */
  readonly perStatement?: number;
}

/**
 * CPU seconds used so far by the backends connected to `url`'s database (this machine's
 * PostgreSQL, read from /proc). CPU per event does not depend on how busy the neighbours keep
 * the machine, unlike events per second; undefined where /proc cannot be read.
 */
async function backendCpuSeconds(url: string): Promise<number | undefined> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    let ticks = 0;
    for (const { pid } of rows) {
      try {
        // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        return undefined;
      }
    }
    return ticks / 100; // USER_HZ
  } finally {
    await client.end();
  }
}

async function measured(contender: Contender, url: string, total: number): Promise<RunResult> {
  const server0 = await backendCpuSeconds(url);
  const grouping0 = contender.grouping?.();
  const client0 = process.cpuUsage();
  const result = await drive(contender, total);
  const client = process.cpuUsage(client0);
  const grouping1 = contender.grouping?.();
  const server1 = await backendCpuSeconds(url);
  return {
    ...result,
    ...(grouping0 && grouping1 && grouping1.statements > grouping0.statements ? { perStatement: (grouping1.appends - grouping0.appends) / Math.max(1, grouping1.statements - grouping0.statements) } : {}),
    clientCpuUs: (client.user + client.system) / result.events,
    ...(server0 !== undefined && server1 !== undefined ? { serverCpuUs: ((server1 - server0) * 1e6) / result.events } : {}),
  };
}

async function drive(contender: Contender, total: number): Promise<RunResult> {
  const appendsPerWriter = Math.ceil(total / WRITERS / PER_APPEND);
  const latencies: number[] = [];
  let events = 0;
  const runId = randomUUID().slice(0, 8);
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let a = 0; a < appendsPerWriter; a++) {
        const eventsBefore = a * PER_APPEND;
        const stream = Math.floor(eventsBefore / STREAM_LENGTH);
        const version = eventsBefore % STREAM_LENGTH;
        const t0 = process.hrtime.bigint();
        await contender.append(`bench-${runId}-${w}-${stream}`, version, w * 1_000_000 + eventsBefore, PER_APPEND);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        events += PER_APPEND;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((x, y) => x - y);
  return { name: contender.name, events, seconds, perSecond: events / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function ours(url: string): Promise<Contender> {
  const groupCommit = IN_FLIGHT === undefined ? {} : { maxInFlight: IN_FLIGHT };
  const { store } = await openEventStore({ kind: 'postgres', connectionString: url, poolSize: POOL }, { groupCommit });
  return fromOurStore(`ours (SqlEventStore, PostgreSQL, group commit${IN_FLIGHT === undefined ? '' : `, ${IN_FLIGHT} in flight`})`, store);
}

async function alone(url: string): Promise<Contender> {
  const { store } = await openEventStore({ kind: 'postgres', connectionString: url, poolSize: POOL }, { groupCommit: false });
  return fromOurStore('ours, group commit off (one statement per append)', store);
}

function fromOurStore(name: string, store: EventStore): Contender {
  return {
    name,
    append: async (streamId, version, first, n) => {
      await store.append({
        streamId,
        expectedVersion: version === 0 ? 'no_stream' : version,
        events: Array.from({ length: n }, (_, i) => ({
          type: 'FundRequestSubmitted',
          data: eventData(first + i),
          metadata: { ...METADATA(), eventId: randomUUID(), schemaVersion: 1, occurredAt: new Date().toISOString() },
        })),
      });
    },
    close: () => store.close(),
    ...(store instanceof SqlEventStore ? { grouping: () => ({ ...store.groupCommitStats }) } : {}),
  };
}

async function emmett(url: string): Promise<Contender> {
  const pool = new Pool({ connectionString: url, max: POOL });
  pool.on('error', () => undefined); // idle connections end when the database is dropped
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
  await store.schema.migrate();
  return {
    name: 'Emmett (emmett-postgresql 0.42)',
    append: async (streamId, version, first, n) => {
      await store.appendToStream(
        streamId,
        Array.from({ length: n }, (_, i) => ({
          type: 'FundRequestSubmitted',
          data: eventData(first + i),
          metadata: { ...METADATA(), schemaVersion: 1, occurredAt: new Date().toISOString() },
        })),
        { expectedStreamVersion: version === 0 ? STREAM_DOES_NOT_EXIST : BigInt(version) },
      );
    },
    close: async () => {
      await store.close();
      await pool.end().catch(() => undefined);
    },
  };
}

async function plain(url: string): Promise<Contender> {
  const pool = new Pool({ connectionString: url, max: POOL });
  pool.on('error', () => undefined);
  await pool.query(`CREATE TABLE plain_events (
    global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id uuid NOT NULL UNIQUE,
    stream_id text NOT NULL,
    version bigint NOT NULL,
    type text NOT NULL,
    data jsonb NOT NULL,
    metadata jsonb NOT NULL,
    UNIQUE (stream_id, version))`);
  return {
    name: 'plain INSERT (node-postgres, ceiling)',
    append: async (streamId, version, first, n) => {
      // One autocommitted statement per append: n rows, no stream table, no version check.
      const values: unknown[] = [];
      const rows: string[] = [];
      for (let i = 0; i < n; i++) {
        const b = i * 6;
        rows.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6})`);
        const meta = { ...METADATA(), schemaVersion: 1, occurredAt: new Date().toISOString() };
        values.push(randomUUID(), streamId, version + i + 1, 'FundRequestSubmitted', JSON.stringify(eventData(first + i)), JSON.stringify(meta));
      }
      await pool.query(`INSERT INTO plain_events (id, stream_id, version, type, data, metadata) VALUES ${rows.join(', ')}`, values);
    },
    close: () => pool.end(),
  };
}

// Emmett keeps pools of its own; an idle connection of one of them may still be open when the
// benchmark drops that store's database (DROP DATABASE ... WITH (FORCE)). That is the only
// error ignored here.
process.on('uncaughtException', (error: Error & { code?: string }) => {
  if (error.code === '57P01') return;
  console.error(error);
  process.exit(1);
});

async function main(): Promise<void> {
  console.log(`append benchmark: ${fmt(EVENTS)} events, ${WRITERS} writers, ${PER_APPEND} event(s) per append, streams of ${STREAM_LENGTH}`);
  console.log(`event size: ${DATA_BYTES} bytes data + ${META_BYTES} bytes metadata (JSON)`);
  const plan: { key: string; open: (url: string) => Promise<Contender>; events: number }[] = [
    { key: 'ours', open: ours, events: EVENTS },
    { key: 'emmett', open: emmett, events: EVENTS },
    { key: 'plain', open: plain, events: EVENTS },
    { key: 'alone', open: alone, events: EVENTS },
  ].filter((p) => ONLY.has(p.key));
  const results = new Map<string, RunResult[]>();
  // Compile the event generation before anything is timed: otherwise the first contender of
  // round 1 paid for it (twice the client CPU per event of its later rounds).
  let bytes = 0;
  for (let i = 0; i < 20_000; i++) bytes += JSON.stringify({ data: eventData(i), metadata: { ...METADATA(), eventId: randomUUID() } }).length;
  if (bytes === 0) throw new Error('no events generated');
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order between rounds so a noisy neighbour does not always hit the same one.
    const order = round % 2 === 0 ? plan : [...plan].reverse();
    for (const p of order) {
      const db = await createDatabase(`append_${p.key}`);
      const contender = await p.open(db.url);
      try {
        await drive(contender, Math.min(2_000, p.events)); // warm-up: connections, plans, caches
        const r = await measured(contender, db.url, p.events);
        console.log(
          `  round ${round + 1} ${r.name}: ${fmt(r.perSecond)} events/s, p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms (${fmt(r.seconds, 1)} s); CPU per event ${fmt(r.clientCpuUs ?? NaN)} us client, ${fmt(r.serverCpuUs ?? NaN)} us database${r.perStatement === undefined ? '' : `; ${fmt(r.perStatement, 1)} appends per statement`}`,
        );
        results.set(p.key, [...(results.get(p.key) ?? []), r]);
      } finally {
        await contender.close();
        await db.drop();
      }
    }
  }
  if (ONLY.has('pglite')) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-pglite-'));
    const { store } = await openEventStore({ kind: 'pglite', dataDir: dir });
    const contender = fromOurStore('ours (SqlEventStore, embedded PGlite, files)', store);
    try {
      await drive(contender, Math.min(1_000, PGLITE_EVENTS));
      const r = await drive(contender, PGLITE_EVENTS);
      console.log(`  ${r.name}: ${fmt(r.perSecond)} events/s, p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms (${fmt(r.seconds, 1)} s)`);
      results.set('pglite', [r]);
    } finally {
      await contender.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  // The median round of each contender (by throughput).
  const median = (key: string): RunResult | undefined => {
    const rs = [...(results.get(key) ?? [])].sort((a, b) => a.perSecond - b.perSecond);
    return rs[Math.floor((rs.length - 1) / 2)];
  };
  const rows = ['ours', 'alone', 'emmett', 'plain', 'pglite']
    .map((k) => median(k))
    .filter((r): r is RunResult => r !== undefined)
    .map((r) => [r.name, fmt(r.events), fmt(r.seconds, 1), fmt(r.perSecond), fmt(r.p50, 1), fmt(r.p99, 1), r.clientCpuUs === undefined ? '' : fmt(r.clientCpuUs), r.serverCpuUs === undefined ? '' : fmt(r.serverCpuUs)]);
  const o = median('ours');
  const e = median('emmett');
  const p = median('plain');
  const a = median('alone');
  const ratios: string[] = [];
  if (o && e) ratios.push(`ours/Emmett = **${fmt(o.perSecond / e.perSecond, 2)}** (aim >= 2.0)`);
  if (o && p) ratios.push(`ours/plain = **${fmt(o.perSecond / p.perSecond, 2)}** (aim >= 0.9)`);
  if (o && a) ratios.push(`group commit on/off = ${fmt(o.perSecond / a.perSecond, 2)}`);
  const columns = ['store', 'events', 's', 'events/s', 'p50 append ms', 'p99 append ms', 'client CPU us/event', 'database CPU us/event'];
  console.log(`\n${table(columns, rows)}\n\n${ratios.join('; ')}`);

  record(`
### Append, ${fmt(EVENTS)} events (${today()})

- Command: \`${commandLine('bench:append')}\`
- Machine: ${machine()}
- PostgreSQL: ${await postgresSettings()}
- ${WRITERS} writers, distinct streams of ${STREAM_LENGTH} events, exact expected version, ${PER_APPEND} event(s) per append, pool of ${POOL} connections per store; ours with group commit, ${IN_FLIGHT ?? 'the default number of'} statement(s) in flight; events ${DATA_BYTES} B data + ${META_BYTES} B metadata; ${ROUNDS} round(s) (median shown), 2,000-event warm-up each; PGlite ${fmt(PGLITE_EVENTS)} events.

${table(columns, rows)}

${ratios.join('; ')}
`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
