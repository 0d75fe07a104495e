/**
 * Protocol foresight: a what-if replay of a generated year of a fund under a draft protocol.
 *
 *   npm run bench:foresight [-- --events 100000] [--keep] [--database-url postgres://...] [--no-record]
 *
 * 1. Generates `--events` events (default 100,000) into a fresh PostgreSQL database with the
 *    real deciders (bench/lib/fund-history.ts), skipped with --database-url.
 * 2. In a child process (so generation's memory is not counted), replays the whole log with
 *    `replayStore` twice: under the protocol in force (must reproduce history exactly) and under a
 *    stricter draft (lower caps, a third approval above $250, a shorter receipt deadline).
 * 3. Reports wall time and peak RSS of each replay against the target: 100k events in < 5 s and
 *    < 300 MB.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { openEventStore } from '@fund/event-sourcing';
import { replayStore, summarize, type ReplayResult } from '@fund/protocol-foresight';
import { DEMO_PROTOCOL_RULES, type ProtocolRules } from '@fund/protocols';
import { args, commandLine, count, createDatabase, fmt, machine, mb, postgresSettings, record, ROOT, RssSampler, table, today } from './lib/common';
import { generateHistory } from './lib/fund-history';

const opts = args();
const EVENTS = count(opts.get('events'), 100_000);
const KEEP = opts.has('keep');
const GIVEN_URL = opts.get('database-url');
const PHASE = opts.get('phase');
/** V8 heap limit (MB) of the replay process, as NODE_OPTIONS would set it for the api. */
const HEAP_MB = opts.get('max-old-space-size');
/** The generator's year: federal FY2026. */
const WINDOW = { from: new Date('2025-10-01T00:00:00Z'), to: new Date('2026-10-01T00:00:00Z') };
const STRICT: ProtocolRules = {
  ...DEMO_PROTOCOL_RULES,
  capPerRequestCents: 30_000,
  capPerSurvivorPer12MonthsCents: 80_000,
  approvalTiers: [
    { upToCents: 10_000, approvalsRequired: 1 },
    { upToCents: 25_000, approvalsRequired: 2 },
    { upToCents: null, approvalsRequired: 3 },
  ],
  expedited: { ...DEMO_PROTOCOL_RULES.expedited, capCents: 10_000 },
  receiptDeadlineDays: 7,
};

interface Measured {
  readonly name: string;
  readonly events: number;
  readonly requests: number;
  readonly seconds: number;
  /** CPU time of the replay process (user + system): on a shared machine, wall time also counts the wait. */
  readonly cpuSeconds: number;
  readonly peakRss: number;
  readonly differences: number;
  readonly summary: string;
}

function differences(result: ReplayResult): number {
  let n = 0;
  for (const [id, outcome] of result.happened.outcomes) if (JSON.stringify(outcome) !== JSON.stringify(result.draft.outcomes.get(id))) n++;
  return n;
}

async function replayPhase(url: string): Promise<{ results: Measured[]; baselineRss: number }> {
  const { store } = await openEventStore({ kind: 'postgres', connectionString: url, poolSize: 2 });
  const baselineRss = process.memoryUsage().rss;
  const results: Measured[] = [];
  try {
    for (const [name, rules] of [
      ['in force (identity)', DEMO_PROTOCOL_RULES],
      ['stricter draft', STRICT],
    ] as const) {
      const rss = new RssSampler(20);
      const started = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      const result = await replayStore(store, { window: WINDOW, draft: { version: 'bench-draft', rules } });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const used = process.cpuUsage(cpu);
      const cpuSeconds = (used.user + used.system) / 1e6;
      const peakRss = rss.stop();
      const s = summarize(result, { threshold: 6, currentRules: DEMO_PROTOCOL_RULES, draftRules: rules });
      const summary = `refused ${s.refusals.map((r) => `${r.stage} ${r.code} ${r.requests.count ?? 'suppressed'}`).join(', ') || 'none'}; needed more votes ${s.neededMoreVotes.count ?? 'suppressed'}; references at the 12-month cap ${s.referencesAtCap.happened.count ?? 'suppressed'} -> ${s.referencesAtCap.draft.count ?? 'suppressed'}`;
      results.push({ name, events: result.eventsRead, requests: result.requests, seconds, cpuSeconds, peakRss, differences: differences(result), summary });
    }
  } finally {
    await store.close();
  }
  return { results, baselineRss };
}

async function inChild(url: string): Promise<{ results: Measured[]; baselineRss: number }> {
  const heap = HEAP_MB ? [`--max-old-space-size=${HEAP_MB}`] : [];
  const child = spawn(process.execPath, [...heap, '-r', '@swc-node/register', __filename, '--phase', 'replay', '--database-url', url], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const last = out.trim().split('\n').at(-1);
  if (code !== 0 || !last) throw new Error(`replay phase exited with ${code}: ${out}`);
  return JSON.parse(last) as { results: Measured[]; baselineRss: number };
}

async function main(): Promise<void> {
  if (PHASE === 'replay') {
    process.stdout.write(`${JSON.stringify(await replayPhase(GIVEN_URL ?? ''))}\n`);
    return;
  }
  let url = GIVEN_URL;
  let drop: (() => Promise<void>) | undefined;
  let generatedLine = '';
  if (!url) {
    const db = await createDatabase(`foresight_${EVENTS}`);
    url = db.url;
    drop = db.drop;
    console.log(`generating ${fmt(EVENTS)} events into ${db.name}`);
    const c = new Client({ connectionString: url });
    await c.connect();
    await c.query(`ALTER DATABASE "${db.name}" SET synchronous_commit = off`);
    const { store } = await openEventStore({ kind: 'postgres', connectionString: url, poolSize: 16 });
    const started = Date.now();
    const stats = await generateHistory(store, { events: EVENTS });
    await store.close();
    await c.query(`ALTER DATABASE "${db.name}" RESET synchronous_commit`);
    await c.query('VACUUM ANALYZE');
    await c.end();
    generatedLine = `- Generated ${fmt(stats.events)} events (${fmt(stats.requests)} requests) in ${fmt((Date.now() - started) / 1000, 1)} s; simulated ${stats.first.slice(0, 10)} .. ${stats.last.slice(0, 10)}.`;
    console.log(generatedLine);
  }
  try {
    const { results, baselineRss } = await inChild(url);
    const headers = ['replay', 'events read', 'requests re-decided', 'wall s', 'CPU s', 'events/s (wall)', 'peak RSS', 'requests that differ from history', 'target met (wall, RSS)'];
    const rows = results.map((r) => [
      r.name,
      fmt(r.events),
      fmt(r.requests),
      fmt(r.seconds, 2),
      fmt(r.cpuSeconds, 2),
      fmt(r.events / r.seconds),
      mb(r.peakRss),
      fmt(r.differences),
      r.events >= 100_000 ? (r.seconds < 5 && r.peakRss < 300 * 1024 * 1024 ? 'met' : '**missed**') : 'n/a (fewer than 100k events)',
    ]);
    console.log(`\n${table(headers, rows)}\n`);
    results.forEach((r) => console.log(`  ${r.name}: ${r.summary}`));
    record(`
### Protocol foresight replay, ${fmt(results[0]?.events ?? 0)} events (${today()})

- Command: \`${commandLine('bench:foresight')}\`
- Machine: ${machine()}; load average when the replays ended ${loadavg().map((l) => l.toFixed(1)).join(' / ')}
- PostgreSQL: ${await postgresSettings()}
${generatedLine}
- Replay: \`replayStore\` (libs/protocol-foresight) reads the whole log from position 0 in batches of 2,000 and re-decides every request submitted in ${WINDOW.from.toISOString().slice(0, 10)} .. ${WINDOW.to.toISOString().slice(0, 10)} with the real fund-request decider and plan, in memory; in a child process${HEAP_MB ? ` started with --max-old-space-size=${HEAP_MB}` : ''} (RSS before the first replay, modules loaded and store open: ${mb(baselineRss)}; sampled every 20 ms). Target: 100k events in < 5 s and < 300 MB.

${table(headers, rows)}

${results.map((r) => `- ${r.name}: ${r.summary}.`).join('\n')}
`);
  } finally {
    if (KEEP || GIVEN_URL) console.log(`\nkept the database: ${url}`);
    else await drop?.();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
