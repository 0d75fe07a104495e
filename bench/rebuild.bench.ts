/**
 * Rebuild of every read model from position 0, over a generated year of a fund.
 *
 *   npm run bench:rebuild [-- --events 100000] [--keep] [--database-url postgres://...] [--batch 500]
 *                         [--projections request-views,reporting] [--max-old-space-size 256] [--no-record]
 *                         [--threads 2[,3,...]] [--modes each,together,threads]
 *
 * 1. Generates `--events` events (default 100,000) into a fresh PostgreSQL database through our
 *    store, with the real deciders (bench/lib/fund-history.ts), skipped with --database-url.
 *    Generation runs with synchronous_commit=off on that database (it is set up data, not
 *    the thing measured) and the setting is reset before the rebuild.
 * 2. Rebuilds each projection of the worker (EVENT_HANDLER_CLASSES) from position 0, one after
 *    another, then all of them in one pass (as `npm run projections:rebuild` does), in batches of
 *    REBUILD_BATCH.
 *    Then, per --threads count, all of them with their handlers spread over that many worker
 *    threads (the log read once on the main thread, as the worker does with REBUILD_THREADS).
 *    --modes picks which of the three kinds run (default all; at 1M `together,threads` saves
 *    the minutes of the one-after-another runs).
 * 3. Reports events/s per projection and for the whole rebuild, and the peak RSS (sampled; the
 *    threads are in the same process, so its RSS counts their heaps too).
 * With --keep the database stays and its URL is printed (bench:reports uses it).
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { openEventStore, PostgresDatabase, REBUILD_BATCH, SubscriptionRunner, type EventHandler } from '@fund/event-sourcing';
import { groupForThreads, rebuildInThreads } from '@fund/platform';
import { EVENT_HANDLER_CLASSES } from '../apps/worker/src/worker.module';
import { args, commandLine, count, createDatabase, fmt, machine, mb, postgresSettings, record, ROOT, RssSampler, table, today } from './lib/common';
import { generateHistory, type HistoryStats } from './lib/fund-history';

const opts = args();
const EVENTS = count(opts.get('events'), 100_000);
const KEEP = opts.has('keep');
const GIVEN_URL = opts.get('database-url');
const BATCH = count(opts.get('batch'), REBUILD_BATCH);
/** Internal: the rebuild runs in a child process so its memory is measured apart from generation. */
const PHASE = opts.get('phase');
/** Only these projections (default: all of EVENT_HANDLER_CLASSES). */
const ONLY = opts.get('projections')?.split(',');
/** V8 heap limit (MB) of the rebuild process, as NODE_OPTIONS would set it in production. */
const HEAP_MB = opts.get('max-old-space-size');
/** Thread counts to rebuild with (each a run of its own); none: no threaded run. */
const THREADS = (opts.get('threads') ?? '2').split(',').map(Number).filter((n) => n >= 2);
const MODES = new Set((opts.get('modes') ?? 'each,together,threads').split(','));
/** The worker's rebuild thread entry, run through @swc-node/register like this script. */
const THREAD_ENTRY = resolve(ROOT, 'apps/worker/src/rebuild-thread.ts');
/** As the worker passes them (apps/worker/src/worker.module.ts). */
const WEIGHTS = { 'request-views': 4.3, reporting: 2.4, 'audit-ledger': 2.2, balances: 1.1, 'protocol-versions': 0.1 };

async function sql<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

async function generate(url: string, name: string): Promise<{ stats: HistoryStats; seconds: number; peakRss: number }> {
  await sql(url, (c) => c.query(`ALTER DATABASE "${name}" SET synchronous_commit = off`));
  const { store } = await openEventStore({ kind: 'postgres', connectionString: url, poolSize: 16 });
  const rss = new RssSampler();
  const started = Date.now();
  let shown = 0;
  try {
    const stats = await generateHistory(store, {
      events: EVENTS,
      onProgress: (events) => {
        if (events - shown >= 50_000) {
          shown = events;
          const s = (Date.now() - started) / 1000;
          process.stderr.write(`\r  generated ${fmt(events)} events, ${fmt(events / s)} events/s, rss ${mb(rss.sample())}   `);
        }
      },
    });
    process.stderr.write('\n');
    return { stats, seconds: (Date.now() - started) / 1000, peakRss: rss.stop() };
  } finally {
    await store.close();
    await sql(url, (c) => c.query(`ALTER DATABASE "${name}" RESET synchronous_commit`));
  }
}

interface Rebuilt {
  readonly name: string;
  readonly events: number;
  readonly seconds: number;
  readonly peakRss: number;
  readonly peakHeap: number;
}

interface RebuildReport {
  readonly results: Rebuilt[];
  readonly total: number;
  readonly peakRss: number;
  /** RSS with every module loaded and the store open, before the first batch. */
  readonly baselineRss: number;
}

const TOGETHER = 'all together, one pass over the log';
const THREADED = 'all, log read once, handlers in';

/** Reads every event and does nothing: the store's share of a rebuild (read, parse, upcast). */
class ReadOnly implements EventHandler {
  readonly name = 'read-only (no-op handler)';
  async handle(): Promise<void> {}
}

async function rebuild(url: string): Promise<RebuildReport> {
  const { store, db } = await openEventStore({ kind: 'postgres', connectionString: url, poolSize: 4 });
  const baselineRss = process.memoryUsage().rss;
  const overall = new RssSampler();
  const results: Rebuilt[] = [];
  try {
    const total = await store.countAfter({ commit: -1, prepare: -1 }, Number.MAX_SAFE_INTEGER);
    // As "rebuild everything" does: not the handlers rebuilt only by name (the notifications outbox, a publisher).
    const handlers = EVENT_HANDLER_CLASSES.map((Handler) => new (Handler as new () => EventHandler)()).filter((h) => (ONLY ? ONLY.includes(h.name) : !h.rebuildOnlyByName));
    for (const handler of [new ReadOnly(), ...(MODES.has('each') ? handlers : [])]) {
      const runner = new SubscriptionRunner(store, db, handler, { batchSize: BATCH, rebuildBatchSize: BATCH });
      const rss = new RssSampler();
      let peakHeap = 0;
      const heap = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 100);
      const started = process.hrtime.bigint();
      let lastShown = 0;
      const events = await runner.rebuild((p) => {
        if (p.handled - lastShown >= 50_000 || p.handled === p.total) {
          lastShown = p.handled;
          process.stderr.write(`\r  ${handler.name.padEnd(16)} ${fmt(p.handled)}/${fmt(p.total)} ${fmt(p.eventsPerSecond)} events/s rss ${mb(rss.sample())}   `);
        }
      });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      clearInterval(heap);
      process.stderr.write('\n');
      results.push({ name: handler.name, events, seconds, peakRss: rss.stop(), peakHeap: Math.max(peakHeap, process.memoryUsage().heapUsed) });
    }
    if (handlers.length > 1 && MODES.has('together')) {
      // What `npm run projections:rebuild` and the admin endpoint do: one pass for all of them.
      const runners = handlers.map((h) => new SubscriptionRunner(store, db, h, { batchSize: BATCH, rebuildBatchSize: BATCH }));
      const rss = new RssSampler();
      let peakHeap = 0;
      const heap = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 100);
      const started = process.hrtime.bigint();
      const events = await SubscriptionRunner.rebuildTogether(runners, {
        onProgress: (p) => process.stderr.write(`\r  ${'together'.padEnd(16)} ${fmt(p.handled)}/${fmt(p.total)} ${fmt(p.eventsPerSecond)} events/s rss ${mb(rss.sample())}   `),
      });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      clearInterval(heap);
      process.stderr.write('\n');
      results.push({ name: TOGETHER, events, seconds, peakRss: rss.stop(), peakHeap: Math.max(peakHeap, process.memoryUsage().heapUsed) });
    }
    if (handlers.length > 1 && MODES.has('threads') && db instanceof PostgresDatabase) {
      for (const threads of THREADS) {
        const runners = handlers.map((h) => new SubscriptionRunner(store, db, h, { batchSize: BATCH, rebuildBatchSize: BATCH }));
        const groups = groupForThreads(runners.map((r) => r.name), threads, WEIGHTS);
        const rss = new RssSampler();
        let peakHeap = 0;
        const heap = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 100);
        const started = process.hrtime.bigint();
        await SubscriptionRunner.emptyForRebuild(runners);
        const events = await rebuildInThreads(store, db, groups, {
          entry: THREAD_ENTRY,
          threads,
          batchSize: BATCH,
          onProgress: (_group, p) => process.stderr.write(`\r  ${`${threads} threads`.padEnd(16)} ${fmt(p.handled)}/${fmt(p.total)} ${fmt(p.eventsPerSecond)} events/s rss ${mb(rss.sample())}   `),
        });
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        clearInterval(heap);
        process.stderr.write('\n');
        results.push({ name: `${THREADED} ${threads} threads (${groups.map((g) => g.join(' + ')).join('; ')})`, events, seconds, peakRss: rss.stop(), peakHeap: Math.max(peakHeap, process.memoryUsage().heapUsed) });
      }
    }
    return { results, total, peakRss: overall.stop(), baselineRss };
  } finally {
    await store.close();
  }
}

/** Read-model sizes and two consistency checks: every ledger entry found its category, funds balance. */
async function sanity(url: string): Promise<string[]> {
  return sql(url, async (c) => {
    // A table of a projection left out with --projections does not exist: say so, don't fail.
    const one = async (q: string) =>
      c.query(q).then(
        (r) => String(Object.values(r.rows[0] as Record<string, unknown>)[0]),
        () => 'n/a',
      );
    return [
      `rv_requests ${await one('SELECT count(*) FROM rv_requests')}`,
      `ledger_entries ${await one('SELECT count(*) FROM ledger_entries')}`,
      `ledger entries without a category where one is expected ${await one(`SELECT count(*) FROM ledger_entries WHERE category = 'uncategorized'`)}`,
      `reporting_requests ${await one('SELECT count(*) FROM reporting_requests')}`,
      `funds with negative available money ${await one('SELECT count(*) FROM rv_funds WHERE received_cents - disbursed_cents - reserved_cents < 0')}`,
      `events by stream kind ${await one(`SELECT string_agg(k || ' ' || n, ', ' ORDER BY n DESC) FROM (SELECT split_part(stream_id, '-', 1) || CASE WHEN stream_id LIKE 'fund-request-%' THEN '-request' ELSE '' END AS k, count(*) AS n FROM es_events GROUP BY 1) t`)}`,
    ];
  });
}

/** Runs the rebuild phase in a fresh process and returns its report. */
async function rebuildInChild(url: string): Promise<RebuildReport> {
  const passed = [...(ONLY ? ['--projections', ONLY.join(',')] : []), '--threads', THREADS.join(',') || '0', '--modes', [...MODES].join(',')];
  const heap = HEAP_MB ? [`--max-old-space-size=${HEAP_MB}`] : [];
  const child = spawn(process.execPath, [...heap, '-r', '@swc-node/register', __filename, '--phase', 'rebuild', '--database-url', url, '--batch', String(BATCH), ...passed], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const last = out.trim().split('\n').at(-1);
  if (code !== 0 || !last) throw new Error(`rebuild phase exited with ${code}: ${out}`);
  return JSON.parse(last) as RebuildReport;
}

async function main(): Promise<void> {
  if (PHASE === 'rebuild') {
    process.stdout.write(`${JSON.stringify(await rebuild(GIVEN_URL ?? ''))}\n`);
    return;
  }
  let url = GIVEN_URL;
  let drop: (() => Promise<void>) | undefined;
  let generated: Awaited<ReturnType<typeof generate>> | undefined;
  if (!url) {
    const db = await createDatabase(`rebuild_${EVENTS}`);
    url = db.url;
    drop = db.drop;
    console.log(`generating ${fmt(EVENTS)} events into ${db.name}`);
    generated = await generate(url, db.name);
    const s = generated.stats;
    console.log(
      `generated ${fmt(s.events)} events (${fmt(s.requests)} requests, ${fmt(s.units)} appends, ${s.refusedSteps} commands refused by a decider: ${[...s.refusedByCode].map(([c, n]) => `${c} ${n}`).join(', ') || 'none'}) in ${fmt(generated.seconds, 1)} s, ${fmt(s.events / generated.seconds)} events/s; simulated ${s.first.slice(0, 10)} .. ${s.last.slice(0, 10)}`,
    );
  }
  try {
    const { results: all, total, peakRss, baselineRss } = await rebuildInChild(url);
    const results = all.slice(1).filter((r) => r.name !== TOGETHER && !r.name.startsWith(THREADED));
    const together = all.find((r) => r.name === TOGETHER);
    const threaded = all.filter((r) => r.name.startsWith(THREADED));
    const readOnly = all[0]!;
    const seconds = results.reduce((sum, r) => sum + r.seconds, 0);
    const checks = await sanity(url);
    const row = (r: Rebuilt) => [r.name, fmt(r.events), fmt(r.seconds, 1), fmt(r.events / r.seconds), mb(r.peakRss), mb(r.peakHeap)];
    const rows = results.map(row);
    if (results.length > 0) rows.push([`**${results.length >= 5 ? `all ${results.length}` : results.map((r) => r.name).join(' + ')}, one after another**`, fmt(total), fmt(seconds, 1), `**${fmt(total / seconds)}**`, `**${mb(peakRss)}**`, '']);
    for (const r of [...(together ? [together] : []), ...threaded]) rows.push([`**${r.name}**`, fmt(r.events), fmt(r.seconds, 1), `**${fmt(r.events / r.seconds)}**`, `**${mb(r.peakRss)}**`, mb(r.peakHeap)]);
    rows.push(row(readOnly));
    const headers = ['projection', 'events', 's', 'events/s', 'peak RSS', 'peak heap used'];
    console.log(`\n${table(headers, rows)}\n\nRSS before the first batch (modules loaded, store open): ${mb(baselineRss)}`);
    checks.forEach((c) => console.log(`  ${c}`));
    const types = generated ? [...generated.stats.byType].sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${fmt(n)}`).join(', ') : 'not generated in this run';
    record(`
### Rebuild, ${fmt(total)} events (${today()})

- Command: \`${commandLine('bench:rebuild')}\`
- Machine: ${machine()}
- PostgreSQL: ${await postgresSettings()}
${generated ? `- Generated ${fmt(generated.stats.events)} events (${fmt(generated.stats.requests)} requests, ${fmt(generated.stats.units)} atomic appends; ${generated.stats.refusedSteps} commands refused by a decider and dropped: ${[...generated.stats.refusedByCode].map(([c, n]) => `${c} ${n}`).join(', ') || 'none'}) in ${fmt(generated.seconds, 1)} s (${fmt(generated.stats.events / generated.seconds)} events/s, synchronous_commit=off, 16 connections), peak RSS ${mb(generated.peakRss)}; simulated ${generated.stats.first.slice(0, 10)} .. ${generated.stats.last.slice(0, 10)}.\n- Event mix: ${types}.` : ''}
- Rebuild: ${ONLY ? `the projections ${ONLY.join(', ')}` : 'each projection of EVENT_HANDLER_CLASSES'} from position 0 with SubscriptionRunner.rebuild (batches of ${BATCH}), ${MODES.has('each') ? 'one after another, then ' : ''}${MODES.has('together') ? 'all of them together with SubscriptionRunner.rebuildTogether (one pass over the log on one thread, as `npm run projections:rebuild` and the admin endpoint do with REBUILD_THREADS=1)' : ''}${MODES.has('threads') && THREADS.length ? `, then with rebuildInThreads: the log read once on the main thread, each batch handed to ${THREADS.join(' / ')} worker threads (the handlers spread by weight, each thread with its own connections and checkpoints; as the worker does with REBUILD_THREADS)` : ''}; in a child process${HEAP_MB ? ` started with --max-old-space-size=${HEAP_MB}` : ''}; peak RSS is the whole process, threads included.

${table(headers, rows)}

RSS of the rebuild process before the first batch (every module loaded by @swc-node/register, store open): ${mb(baselineRss)}; sampled every 100 ms.
The read-only line replays the log through a handler that does nothing: the store's share of the cost.

Checks after the rebuild: ${checks.join('; ')}.
`);
  } finally {
    if (KEEP || GIVEN_URL) {
      console.log(`\nkept the database: ${url}\n  npm run bench:reports -- --database-url ${url}`);
    } else {
      await drop?.();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
