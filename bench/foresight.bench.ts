/**
 * Protocol foresight: a what-if replay of a generated year of a fund under a draft protocol.
 *
 *   npm run bench:foresight [-- --events 100000] [--seed 2026] [--repeat 3] [--no-cache] [--keep]
 *                           [--database-url postgres://...] [--max-old-space-size 160] [--no-record]
 *
 * 1. Generates `--events` events (default 100,000) into a fresh PostgreSQL database with the
 *    real deciders (bench/lib/fund-history.ts), skipped with --database-url. The generated log is
 *    kept in a file under data/bench-cache/ named by seed, size and the generator's source; a
 *    later run restores that file instead of generating again (--no-cache: generate anyway).
 * 2. In a child process (so generation's memory is not counted), replays the whole log with
 *    `replayStore` twice: under the protocol in force (must reproduce history exactly) and under a
 *    stricter draft (lower caps, a third approval above $250, a shorter receipt deadline).
 *    `--repeat n` runs n such children one after another (each a fresh process, JIT cold).
 * 3. Reports wall time, CPU time and peak RSS of each replay (the median over the children, and
 *    every run) against the target: 100k events in < 5 s and < 300 MB.
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
import { hasHistory, historyCachePath, restoreHistory, saveHistory, shortPath } from './lib/history-cache';

const opts = args();
const EVENTS = count(opts.get('events'), 100_000);
const KEEP = opts.has('keep');
const GIVEN_URL = opts.get('database-url');
const PHASE = opts.get('phase');
const SEED = count(opts.get('seed'), 2026);
const REPEAT = Math.max(1, count(opts.get('repeat'), 1));
const CACHE = !opts.has('no-cache');
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

const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Generates the history into `url`, or restores it from its file; returns the line that says which. */
async function prepare(url: string, name: string): Promise<string> {
  const cache = historyCachePath('foresight', SEED, EVENTS);
  if (CACHE && hasHistory(cache)) {
    // Opening the store creates its schema; the log itself comes from the file.
    const { store } = await openEventStore({ kind: 'postgres', connectionString: url, poolSize: 1 });
    await store.close();
    const started = Date.now();
    const n = await restoreHistory(url, cache);
    const line = `- Restored ${fmt(n)} generated events (seed ${SEED}) from ${shortPath(cache)} in ${fmt((Date.now() - started) / 1000, 1)} s (generated by an earlier run with the same seed, size and generator).`;
    console.log(line);
    return line;
  }
  console.log(`generating ${fmt(EVENTS)} events into ${name}`);
  const c = new Client({ connectionString: url });
  await c.connect();
  await c.query(`ALTER DATABASE "${name}" SET synchronous_commit = off`);
  const { store } = await openEventStore({ kind: 'postgres', connectionString: url, poolSize: 16 });
  const started = Date.now();
  const stats = await generateHistory(store, { events: EVENTS, seed: SEED });
  await store.close();
  await c.query(`ALTER DATABASE "${name}" RESET synchronous_commit`);
  await c.query('VACUUM ANALYZE');
  await c.end();
  let line = `- Generated ${fmt(stats.events)} events (${fmt(stats.requests)} requests, seed ${SEED}) in ${fmt((Date.now() - started) / 1000, 1)} s; simulated ${stats.first.slice(0, 10)} .. ${stats.last.slice(0, 10)}.`;
  if (CACHE) {
    await saveHistory(url, cache);
    line += ` Kept in ${shortPath(cache)} for later runs.`;
  }
  console.log(line);
  return line;
}

async function main(): Promise<void> {
  if (PHASE === 'replay') {
    process.stdout.write(`${JSON.stringify(await replayPhase(GIVEN_URL ?? ''))}\n`);
    return;
  }
  let url = GIVEN_URL;
  let drop: (() => Promise<void>) | undefined;
  let preparedLine = '';
  const startLoad = loadavg().map((l) => l.toFixed(1)).join(' / ');
  if (!url) {
    const db = await createDatabase(`foresight_${EVENTS}`);
    url = db.url;
    drop = db.drop;
    preparedLine = await prepare(url, db.name);
  }
  try {
    const replayLoad = loadavg().map((l) => l.toFixed(1)).join(' / ');
    const runs: { results: Measured[]; baselineRss: number }[] = [];
    for (let i = 0; i < REPEAT; i++) {
      runs.push(await inChild(url));
      if (REPEAT > 1) console.log(`run ${i + 1}/${REPEAT}: ${runs.at(-1)!.results.map((r) => `${r.name} ${fmt(r.seconds, 2)} s wall, ${fmt(r.cpuSeconds, 2)} s CPU, ${mb(r.peakRss)}`).join('; ')}`);
    }
    const results = runs[0]!.results.map((first, k): Measured & { all: Measured[] } => {
      const all = runs.map((run) => run.results[k]!);
      return { ...first, seconds: median(all.map((r) => r.seconds)), cpuSeconds: median(all.map((r) => r.cpuSeconds)), peakRss: median(all.map((r) => r.peakRss)), all };
    });
    const baselineRss = median(runs.map((r) => r.baselineRss));
    const endLoad = loadavg().map((l) => l.toFixed(1)).join(' / ');
    const headers = [
      'replay',
      'events read',
      'requests re-decided',
      REPEAT > 1 ? `wall s (median of ${REPEAT})` : 'wall s',
      REPEAT > 1 ? `CPU s (median of ${REPEAT})` : 'CPU s',
      'events/s (wall)',
      REPEAT > 1 ? 'peak RSS (median)' : 'peak RSS',
      'requests that differ from history',
      'target met (wall, RSS)',
    ];
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
    // Every run, so a median is never the only figure: the load moves between runs.
    const perRun = results.map((r) => `- ${r.name}, each run (wall s / CPU s / peak RSS): ${r.all.map((m) => `${fmt(m.seconds, 2)} / ${fmt(m.cpuSeconds, 2)} / ${mb(m.peakRss)}`).join('; ')}.`);
    const unstable = results.filter((r) => new Set(r.all.map((m) => m.summary + m.differences)).size > 1).map((r) => r.name);
    console.log(`\n${table(headers, rows)}\n`);
    perRun.forEach((l) => console.log(l));
    results.forEach((r) => console.log(`  ${r.name}: ${r.summary}`));
    if (unstable.length > 0) console.log(`  NOT THE SAME in every run: ${unstable.join(', ')}`);
    record(`
### Protocol foresight replay, ${fmt(results[0]?.events ?? 0)} events (${today()})

- Command: \`${commandLine('bench:foresight')}\`
- Machine: ${machine().replace(/, load average at start .*/, '')}; load average (1 / 5 / 15 min) at the start ${startLoad}, when the replays began ${replayLoad}, at the end ${endLoad}
- PostgreSQL: ${await postgresSettings()}
${preparedLine}
- Replay: \`replayStore\` (libs/protocol-foresight) reads the whole log from position 0 in batches of 2,000 and re-decides every request submitted in ${WINDOW.from.toISOString().slice(0, 10)} .. ${WINDOW.to.toISOString().slice(0, 10)} with the real fund-request decider and plan, in memory; ${REPEAT > 1 ? `${REPEAT} child processes one after another` : 'in a child process'}${HEAP_MB ? ` started with --max-old-space-size=${HEAP_MB}` : ''} (RSS before the first replay, modules loaded and store open: ${mb(baselineRss)}; sampled every 20 ms). Target: 100k events in < 5 s and < 300 MB.

${table(headers, rows)}

${perRun.join('\n')}
${results.map((r) => `- ${r.name}: ${r.summary}.`).join('\n')}${unstable.length > 0 ? `\n- **Not the same in every run**: ${unstable.join(', ')}.` : ''}
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
