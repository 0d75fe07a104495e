/**
 * Command latency, measured open-loop (issue 20): a constant arrival rate of a realistic mix
 * (submit, first vote, decisive vote that reserves money, payment, receipt, council and payments
 * queue reads), latency from each operation's intended send time, figures per operation, and the
 * apis' own per-command phase breakdown (auth, idempotency, loads, decide, append, rest of the
 * handler, response) read from /metrics around every step.
 *
 * The generator (bench/lib/open-loop.ts) always runs in its own process. The api either starts
 * here, each replica in its own process (bench/lib/open-loop-api.ts), or is given:
 *
 *   npm run bench:load [-- --store postgres|pglite] [--worker separate|in-process] [--replicas 1]
 *                      [--rates 50,100,200] [--seconds 15] [--warmup 5] [--max-in-flight 256]
 *                      [--references 2000] [--funds 1] [--pool-size 20] [--cpu-prof <dir>]
 *                      [--targets http://127.0.0.1:3000,... --data-dir <the api's DATA_DIR>] [--no-seed]
 *                      [--note "text"] [--no-record]
 *
 * `--worker separate` (PostgreSQL only) starts apps/worker in its own process for the
 * projections; `in-process` runs them in each api. The embedded store always runs them in-process.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateLocalSigningKey } from '@fund/auth';
import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { args, commandLine, count, createDatabase, fmt, machine, postgresSettings, record, ROOT, sleep, table, today, type BenchDatabase } from './lib/common';
import { OPS, type Op, type OpenLoopPlan, type StepResult } from './lib/open-loop-plan';
import { AGENCIES, seedClient } from './lib/seed-client';

const opts = args();
const STORE = (opts.get('store') ?? 'postgres') as 'pglite' | 'postgres';
const WORKER = STORE === 'pglite' ? 'in-process' : ((opts.get('worker') ?? 'separate') as 'separate' | 'in-process');
const REPLICAS = count(opts.get('replicas'), 1);
const RATES = (opts.get('rates') ?? '50,100,200').split(',').map(Number);
const SECONDS = count(opts.get('seconds'), 15);
const WARM_UP = count(opts.get('warmup'), 5);
const MAX_IN_FLIGHT = count(opts.get('max-in-flight'), 256);
const REFERENCES = count(opts.get('references'), 2000);
const FUNDS = count(opts.get('funds'), 1);
const POOL_SIZE = opts.get('pool-size') ?? '20';
const CPU_PROF = opts.get('cpu-prof');
const EXTERNAL = opts.get('targets')?.split(',');
/** Another checkout of the service to start the api from (an A/B comparison in one sitting); the generator stays this one. */
const API_ROOT = opts.get('api-root') ?? ROOT;
const P99_LIMIT_MS = 50;

const WEIGHTS: Record<Op, number> = { submit: 30, first_vote: 10, decisive_vote: 15, payment: 10, receipt: 8, council_queue: 14, payments_queue: 13 };

const uptime = () => loadavg().map((l) => l.toFixed(2)).join(' ');

interface Started {
  readonly targets: string[];
  readonly dataDir: string;
  stop(): Promise<void>;
}

function startProcess(script: string, env: NodeJS.ProcessEnv, name: string, nodeArgs: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeArgs, '-r', '@swc-node/register', join(API_ROOT, script)], {
    cwd: API_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${name}] ${chunk.toString()}`));
  return child;
}

async function waitFor(url: string, child: ChildProcess, seconds = 120): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

async function startApis(): Promise<Started> {
  const dataDir = mkdtempSync(join(tmpdir(), `bench-load-${STORE}-`));
  let db: BenchDatabase | undefined;
  if (STORE === 'postgres') db = await createDatabase('load');
  const base: NodeJS.ProcessEnv = {
    EVENT_STORE: STORE,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    RATE_LIMIT_WRITES_PER_MINUTE: '100000000',
    RATE_LIMIT_WRITES_PER_MINUTE_PER_IP: '100000000',
    ...(db ? { DATABASE_URL: db.url, PG_POOL_SIZE: POOL_SIZE, WORKER_IN_PROCESS: String(WORKER === 'in-process') } : {}),
  };
  // The signing key exists before the replicas start, so they all use the same one.
  loadOrCreateLocalSigningKey(dataDir);
  const children: ChildProcess[] = [];
  const targets: string[] = [];
  const port0 = 41_000 + Math.floor(Math.random() * 10_000);
  try {
    for (let r = 0; r < REPLICAS; r++) {
      const port = port0 + r;
      const prof = CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF, '--cpu-prof-name', `api-${r + 1}-${Date.now()}.cpuprofile`] : [];
      const child = startProcess('bench/lib/open-loop-api.ts', { ...base, PORT: String(port) }, `api-${r + 1}`, prof);
      children.push(child);
      await waitFor(`http://127.0.0.1:${port}/health`, child);
      targets.push(`http://127.0.0.1:${port}`);
    }
    if (db && WORKER === 'separate') {
      const workerPort = port0 + 100;
      const worker = startProcess('apps/worker/src/main.ts', { ...base, WORKER_PORT: String(workerPort), WORKER_IN_PROCESS: 'true' }, 'worker');
      children.push(worker);
      await waitFor(`http://127.0.0.1:${workerPort}/health`, worker);
    }
  } catch (error) {
    for (const c of children) c.kill('SIGKILL');
    await db?.drop();
    throw error;
  }
  return {
    targets,
    dataDir,
    async stop() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null) return resolve();
              const timer = setTimeout(() => c.kill('SIGKILL'), 20_000);
              c.once('exit', () => {
                clearTimeout(timer);
                resolve();
              });
              if (c.connected) c.send('stop');
              else c.kill('SIGTERM');
            }),
        ),
      );
      await db?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type Seeded = Pick<OpenLoopPlan, 'agencies' | 'council' | 'coordinator' | 'funds'>;

async function seed(target: string, dataDir: string, write: boolean): Promise<Seeded> {
  const { token, post } = seedClient(target, dataDir);
  const coordinator = await token('coord-1', 'coordinator', 'coalition');
  const funds = ['general', ...Array.from({ length: FUNDS - 1 }, (_, i) => `general-${i + 2}`)];
  const agencies: { token: string; references: string[] }[] = [];
  for (const [organizationId] of AGENCIES) agencies.push({ token: await token(`adv-${organizationId}`, 'provider', organizationId), references: [] });
  const council = await Promise.all(AGENCIES.slice(0, 5).map(async ([organizationId], i) => ({ token: await token(`council-${i + 1}`, 'council', organizationId), agency: i })));
  if (!write) throw new Error('--no-seed needs references: not supported yet; seed a fresh api');
  await post('/protocols/bootstrap', coordinator, { version: '2026-1', title: 'Flexible emergency fund protocol', rules: DEMO_PROTOCOL_RULES });
  for (const fundId of funds) {
    await post('/funds', coordinator, { fundId, name: `Fund ${fundId}`, restricted: false });
    for (let d = 0; d < 3; d++) await post('/donations/monetary', coordinator, { fundId, amountCents: 100_000_000, donorKind: 'grant', restricted: false, receivedOn: '2026-10-06' });
  }
  for (const [organizationId, providerType, county] of AGENCIES) await post('/organizations', coordinator, { organizationId, providerType, county });
  const perAgency = Math.ceil(REFERENCES / AGENCIES.length);
  await Promise.all(
    agencies.map(async (agency) => {
      for (let i = 0; i < perAgency; i++) agency.references.push(String((await post('/survivor-references', agency.token)).reference));
    }),
  );
  return { agencies, council, coordinator, funds };
}

async function generate(plan: OpenLoopPlan): Promise<StepResult[]> {
  const file = join(tmpdir(), `bench-load-plan-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(plan));
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'bench/lib/open-loop.ts'), file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const results: StepResult[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      if (!line.startsWith('{')) continue;
      const step = JSON.parse(line) as StepResult;
      results.push(step);
      const c = step.ops.commands;
      console.log(
        `[${step.label}] ${fmt(step.rate)}/s offered: commands ${fmt(c?.perSecond ?? 0)}/s ok, p50 ${fmt(c?.p50 ?? NaN, 1)} ms, p99 ${fmt(c?.p99 ?? NaN, 1)} ms, max ${fmt(c?.max ?? NaN)} ms; ` +
          `errors ${JSON.stringify(step.ops.all?.errors ?? {})}; api CPU ${fmt((1000 * step.apiCpuSeconds) / Math.max(1, step.ops.all?.count ?? 0), 2)} ms/op; generator lag max ${fmt(step.maxSendLag, 1)} ms; load ${uptime()}`,
      );
    }
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  rmSync(file, { force: true });
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return results;
}

const PHASES = ['auth', 'idempotency', 'load', 'decide', 'append', 'handler_rest', 'response', 'total'] as const;

function report(steps: readonly StepResult[]): { opsTable: string; phaseTable: string; verdicts: string[] } {
  const opsRows = steps.flatMap((s) =>
    [...OPS, 'commands' as const].flatMap((op) => {
      const o = s.ops[op];
      if (!o) return [];
      const errors = Object.entries(o.errors).map(([code, n]) => `${code}x${n}`).join(' ') || '0';
      return [[s.label, fmt(s.rate), op === 'commands' ? '**all commands**' : op, fmt(o.count), fmt(o.perSecond, 1), fmt(o.p50, 1), fmt(o.p90, 1), fmt(o.p99, 1), fmt(o.max), `${fmt(o.serviceP50, 1)} / ${fmt(o.serviceP99, 1)}`, errors]];
    }),
  );
  const phaseRows = steps.flatMap((s) =>
    Object.entries(s.phases)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([route, p]) => [s.label, fmt(s.rate), `POST ${route}`, fmt(p.count), fmt(p.mean.loads ?? NaN, 1), ...PHASES.map((ph) => fmt(p.mean[ph] ?? NaN, 2))]),
  );
  const verdicts = steps
    .filter((s) => !s.label.startsWith('warm'))
    .map((s) => {
      const c = s.ops.commands;
      const ok = c !== undefined && c.p99 < P99_LIMIT_MS && Object.keys(s.ops.all?.errors ?? {}).length === 0;
      const cpu = (1000 * s.apiCpuSeconds) / Math.max(1, s.ops.all?.count ?? 0);
      return `${s.label} ${fmt(s.rate)}/s offered (${fmt(c?.perSecond ?? 0, 1)} commands/s served): commands p50 ${fmt(c?.p50 ?? NaN, 1)} ms, p99 ${fmt(c?.p99 ?? NaN, 1)} ms -> ${ok ? 'p99 < 50 ms' : 'p99 aim missed or errors'}; api CPU ${fmt(cpu, 2)} ms per operation (${fmt(s.apiCpuSeconds, 1)} s over the step)`;
    });
  return {
    opsTable: table(['step', 'offered ops/s', 'operation', 'sent', 'ok/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'service p50 / p99 ms', 'errors'], opsRows),
    phaseTable: table(['step', 'offered ops/s', 'command', 'n', 'stream loads', ...PHASES.map((p) => `${p} ms`)], phaseRows),
    verdicts,
  };
}

async function main(): Promise<void> {
  const loadAtStart = uptime();
  const description = machine();
  let started: Started | undefined;
  let targets: string[];
  let dataDir: string;
  if (EXTERNAL) {
    const dir = opts.get('data-dir');
    if (!dir) throw new Error('--targets needs --data-dir (the api\'s DATA_DIR, for its token signing key)');
    targets = EXTERNAL;
    dataDir = dir;
  } else {
    started = await startApis();
    targets = started.targets;
    dataDir = started.dataDir;
  }
  try {
    const seedStarted = Date.now();
    const seeded = await seed(targets[0]!, dataDir, !opts.has('no-seed'));
    console.log(`seeded ${AGENCIES.length} agencies, ${REFERENCES} references, ${FUNDS} fund(s) in ${fmt((Date.now() - seedStarted) / 1000, 1)} s; load ${uptime()}`);
    const plan: OpenLoopPlan = {
      targets,
      steps: [{ rate: RATES[0]!, seconds: WARM_UP, label: 'warm-up' }, ...RATES.map((rate) => ({ rate, seconds: SECONDS, label: `${rate}/s` }))],
      weights: WEIGHTS,
      maxInFlight: MAX_IN_FLIGHT,
      idempotencyKeys: !opts.has('no-idempotency-keys'),
      ...seeded,
    };
    const steps = await generate(plan);
    const loadAtEnd = uptime();
    const { opsTable, phaseTable, verdicts } = report(steps);
    console.log(`\n${opsTable}\n\n${phaseTable}\n\n${verdicts.join('\n')}\nload average at start ${loadAtStart}, at end ${loadAtEnd}`);
    const where = EXTERNAL
      ? `an api started separately at ${targets.length} address(es)`
      : `${REPLICAS} api replica(s), each in its own process, on ${STORE === 'postgres' ? `PostgreSQL (pool ${POOL_SIZE} per replica), projections ${WORKER === 'separate' ? 'in a separate worker process (apps/worker)' : 'in each api process'}` : 'the embedded store (PGlite), projections in-process'}`;
    const weights = Object.entries(WEIGHTS).map(([op, w]) => `${op} ${w}`).join(', ');
    record(`
### Command latency, open loop (${today()})${opts.get('note') ? `: ${opts.get('note')}` : ''}

- Command: \`${commandLine('bench:load')}\`
- Machine: ${description}; load average (1/5/15 min) at start ${loadAtStart}, at end ${loadAtEnd}; other helpers were running tests and benchmarks on the same 2 cores
- ${STORE === 'postgres' ? `PostgreSQL: ${await postgresSettings()}` : 'Embedded store'}
- ${where}; LOG_LEVEL=${process.env.LOG_LEVEL ?? 'warn'}, write rate limits lifted; the generator (bench/lib/open-loop.ts) in its own process,
  constant arrival rate, latency from the intended send time (coordinated omission corrected), at most ${MAX_IN_FLIGHT} in flight,
  Idempotency-Key on every command (as the web app sends). Mix per 100 arrivals: ${weights} (an arrival whose input is not there yet, e.g. a payment before any approval, is sent as a submit).
  ${SECONDS} s per step after a ${WARM_UP} s warm-up; ${REFERENCES} references, ${FUNDS} fund(s). "service" is from the actual send (what a closed-loop tool reports).

${opsTable}

Per-command breakdown from the api's \`command_phase_duration_seconds\` (means in ms over the step; \`handler_rest\` includes validation and the command bus; \`total\` runs from the first middleware to the response sent, so it leaves out the body parser and the time waiting in the socket):

${phaseTable}

${verdicts.map((v) => `- ${v}`).join('\n')}
`);
  } finally {
    await started?.stop();
  }
  if (CPU_PROF) {
    console.log(`CPU profiles in ${CPU_PROF}: ${execSync(`ls ${CPU_PROF}`).toString().trim().split('\n').join(', ')}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
