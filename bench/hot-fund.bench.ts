/**
 * The hot fund: decisive approvals that all reserve from one fund, on PostgreSQL, through the
 * kernel's unit of work without HTTP (bench/lib/hot-fund-load.ts, one child process per api
 * replica). Each rate is offered for `--seconds`; a rate is served when >= 95% of it completes,
 * nothing fails and p99 is under 2 s. Failures are counted by code: a
 * `EVENT_STORE.CONCURRENCY_CONFLICT` is what a client would get as a 409.
 *
 * `--baseline <commit>` runs the same load, in the same run and alternating order, on the kernel
 * of that commit (exported to a temporary folder), so the two can be compared as a ratio.
 *
 *   node -r @swc-node/register bench/hot-fund.bench.ts [--rates 50,100,150,200,300] [--replicas 1,2] [--seconds 10] [--baseline <commit>] [--pool 10] [--no-record]
 */
import { execSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { args, count, createDatabase, fmt, machine, percentile, postgresSettings, record, ROOT, table, today } from './lib/common';
import type { HotFundPlan, HotFundResult } from './lib/hot-fund-load';

const opts = args();
const RATES = (opts.get('rates') ?? '50,100,150,200,300').split(',').map(Number);
const REPLICAS = (opts.get('replicas') ?? '1,2').split(',').map(Number);
const SECONDS = count(opts.get('seconds'), 10);
const POOL = count(opts.get('pool'), 10);
const BASELINE = opts.get('baseline');
const CHILD = 'bench/lib/hot-fund-load.ts';

interface Side {
  readonly name: string;
  readonly root: string;
}

interface Step {
  readonly side: string;
  readonly replicas: number;
  readonly rate: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly refusals: Record<string, number>;
  readonly served: boolean;
}

/** The baseline commit's tree, with this checkout's dependencies and this load generator. */
function exportCommit(commit: string): Side {
  const root = mkdtempSync(join(tmpdir(), 'bench-hot-fund-baseline-'));
  execSync(`git archive ${commit} | tar -x -C ${root}`, { cwd: ROOT, stdio: 'inherit', shell: '/bin/bash' });
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  copyFileSync(join(ROOT, CHILD), join(root, CHILD));
  return { name: `baseline ${commit.slice(0, 7)}`, root };
}

async function child(side: Side, plan: HotFundPlan): Promise<HotFundResult> {
  const proc = spawn(process.execPath, ['-r', '@swc-node/register', CHILD, JSON.stringify(plan)], { cwd: side.root, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
  const last = out.trim().split('\n').at(-1);
  if (code !== 0 || !last) throw new Error(`${side.name}: load child exited with ${code}`);
  return JSON.parse(last) as HotFundResult;
}

async function runSide(side: Side, replicas: number): Promise<Step[]> {
  const db = await createDatabase('hot_fund');
  const steps: Step[] = [];
  try {
    const base = { url: db.url, seconds: SECONDS, poolSize: POOL };
    await child(side, { ...base, mode: 'setup', rate: 0, first: 0, stride: 1 });
    let next = 0;
    for (const rate of RATES) {
      const results = await Promise.all(
        Array.from({ length: replicas }, (_, r) => child(side, { ...base, mode: 'load', rate: rate / replicas, first: next + r, stride: replicas })),
      );
      next += Math.round(rate * SECONDS) + 100;
      const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
      const ok = latencies.length;
      const elapsed = Math.max(SECONDS * 1000, ...results.map((r) => r.elapsedMs)) / 1000;
      const refusals: Record<string, number> = {};
      for (const r of results) for (const [code, n] of Object.entries(r.refusals)) refusals[code] = (refusals[code] ?? 0) + n;
      const perSecond = ok / elapsed;
      const p99 = percentile(latencies, 99);
      const step: Step = {
        side: side.name,
        replicas,
        rate,
        perSecond,
        p50: percentile(latencies, 50),
        p99,
        max: latencies.at(-1) ?? 0,
        refusals,
        served: perSecond >= rate * 0.95 && Object.keys(refusals).length === 0 && p99 < 2_000,
      };
      steps.push(step);
      console.log(`[${side.name}, ${replicas} replica(s)] ${rate}/s offered: ${fmt(perSecond)}/s ok, p50 ${fmt(step.p50)} ms, p99 ${fmt(p99)} ms, failed ${JSON.stringify(refusals)}`);
      if (p99 > 5_000) break;
    }
  } finally {
    await db.drop();
  }
  return steps;
}

async function main(): Promise<void> {
  const loadAtStart = execSync('uptime').toString().trim();
  const sides: Side[] = [{ name: 'this tree', root: ROOT }];
  if (BASELINE) sides.push(exportCommit(BASELINE));
  const steps: Step[] = [];
  try {
    for (const [i, replicas] of REPLICAS.entries()) {
      // Alternating which side goes first, so a change in the machine's load favours neither.
      for (const side of i % 2 ? [...sides].reverse() : sides) steps.push(...(await runSide(side, replicas)));
    }
  } finally {
    for (const side of sides.slice(1)) rmSync(side.root, { recursive: true, force: true });
  }
  const loadAtEnd = execSync('uptime').toString().trim();
  const failed = (s: Step) => Object.entries(s.refusals).map(([code, n]) => `${code} x${n}`).join(', ') || '0';
  const rows = steps.map((s) => [s.side, String(s.replicas), fmt(s.rate), fmt(s.perSecond), fmt(s.p50), fmt(s.p99), fmt(s.max), failed(s), s.served ? 'served' : 'not served']);
  const best = (side: string, replicas: number) => steps.filter((s) => s.side === side && s.replicas === replicas && s.served).at(-1);
  const summary = REPLICAS.flatMap((replicas) =>
    sides.map((side) => {
      const b = best(side.name, replicas);
      return `${side.name}, ${replicas} replica(s): highest rate served ${b ? `**${fmt(b.perSecond)}/s** (p50 ${fmt(b.p50)} ms, p99 ${fmt(b.p99)} ms)` : '**none**'}`;
    }),
  );
  const output = `${table(['kernel', 'replicas', 'offered/s', 'ok/s', 'p50 ms', 'p99 ms', 'max ms', 'failed', 'verdict'], rows)}\n\n${summary.map((s) => `- ${s}`).join('\n')}`;
  console.log(`\n${output}`);
  record(`
### Hot fund: decisive approvals on one fund (${today()})

- Command: \`node -r @swc-node/register bench/hot-fund.bench.ts ${process.argv.slice(2).join(' ')}\`
- Machine: ${machine()}
- Load at start: ${loadAtStart}; at end: ${loadAtEnd}
- PostgreSQL: ${await postgresSettings()}
- Unit of work without HTTP, one child process per replica (pool ${POOL} each), ${SECONDS} s per rate, fixed arrival rate (latency from the intended start).

${output}
`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
