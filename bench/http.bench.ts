/**
 * HTTP commands per second at p99 < 50 ms: the api in this process (createApp, as main() runs
 * it), once on the embedded store and once on PostgreSQL with the projections in-process.
 * A seeded fund (protocol, funds, donations, agencies, survivor references), then autocannon in a
 * child process sends `submit a request -> approve it` pairs (per-request bodies and tokens) at
 * increasing fixed rates until p99 reaches 50 ms, the achieved rate falls short or a request fails.
 *
 *   npm run bench:http [-- --stores pglite,postgres] [--pglite-rates 10,20,40,...] [--pglite-decisive-rates 5,10,20,...]
 *                      [--postgres-rates 25,50,100,...] [--postgres-decisive-rates 5,10,20,...] [--mixes first-vote,decisive] [--seconds 10] [--connections 64]
 *                      [--references 600] [--funds 1] [--no-record]
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@fund/platform';
import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { AGENCIES, seedClient } from './lib/seed-client';
import { createApp } from '../apps/api/src/create-app';
import { args, commandLine, count, createDatabase, fmt, machine, postgresSettings, record, ROOT, sleep, table, today, type BenchDatabase } from './lib/common';
import type { LoadPlan, LoadResult } from './lib/http-load';

const opts = args();
const STORES = (opts.get('stores') ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];
const rates = (name: string, fallback: string) => (opts.get(name) ?? fallback).split(',').map(Number);
const RATES: Record<'pglite' | 'postgres', Record<Mix, number[]>> = {
  pglite: { 'first-vote': rates('pglite-rates', '10,20,40,60,80,100,150,200,300'), decisive: rates('pglite-decisive-rates', '5,10,20,40,80') },
  postgres: { 'first-vote': rates('postgres-rates', '25,50,100,150,200,300,500,750,1000'), decisive: rates('postgres-decisive-rates', '5,10,20,40,80') },
};
type Mix = LoadPlan['mix'];
const MIXES = (opts.get('mixes') ?? 'first-vote,decisive').split(',') as Mix[];
const SECONDS = count(opts.get('seconds'), 10);
const CONNECTIONS = count(opts.get('connections'), 64);
const REFERENCES = count(opts.get('references'), 600);
const FUNDS = count(opts.get('funds'), 1);
const P99_LIMIT_MS = 50;
/** PostgreSQL only: `false` leaves the projections to a separate worker (not started here). */
const WORKER_IN_PROCESS = opts.get('worker-in-process') ?? 'true';

interface StoreRun {
  readonly store: 'pglite' | 'postgres';
  readonly mix: Mix;
  readonly steps: LoadResult[];
  /** Highest offered rate served with p99 < 50 ms. */
  readonly best: LoadResult | undefined;
  /** Highest offered rate served at all (>= 95% achieved, no failure, p99 under 2 s), whatever its p99. */
  readonly capacity: LoadResult | undefined;
}

/** The rate was served: at least 95% of it achieved, no failed request, p99 under 2 s. */
const sustained = (r: LoadResult) => r.perSecond >= r.rate * 0.95 && r.non2xx === 0 && r.errors === 0 && r.p99 < 2_000;
const passes = (r: LoadResult) => sustained(r) && r.p99 < P99_LIMIT_MS;
const WARM_UP_SECONDS = 5;

async function runStore(store: 'pglite' | 'postgres'): Promise<StoreRun[]> {
  const dataDir = mkdtempSync(join(tmpdir(), `bench-http-${store}-`));
  let db: BenchDatabase | undefined;
  let app: INestApplication | undefined;
  try {
    if (store === 'postgres') db = await createDatabase('http');
    const port = 41_000 + Math.floor(Math.random() * 10_000);
    const config = loadConfig({
      EVENT_STORE: store,
      DATA_DIR: dataDir,
      ...(db ? { DATABASE_URL: db.url, WORKER_IN_PROCESS: WORKER_IN_PROCESS, PG_POOL_SIZE: process.env.PG_POOL_SIZE ?? '20' } : {}),
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      RATE_LIMIT_WRITES_PER_MINUTE: '100000000',
      RATE_LIMIT_WRITES_PER_MINUTE_PER_IP: '100000000',
    });
    app = await createApp(config);
    await app.listen(port, '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    const seedStarted = Date.now();
    const seeded = await seed(base, dataDir);
    const seedSeconds = (Date.now() - seedStarted) / 1000;

    console.log(`[${store}] seeded ${AGENCIES.length} agencies, ${seeded.agencies.reduce((n, a) => n + a.references.length, 0)} references, ${FUNDS} fund(s) in ${fmt(seedSeconds, 1)} s`);

    const runs: StoreRun[] = [];
    for (const mix of MIXES) {
      // Warm-up (not recorded): JIT, connection pools, plan caches.
      const warm = await load({ ...seeded, url: base, rate: RATES[store][mix][0]!, seconds: WARM_UP_SECONDS, connections: CONNECTIONS, mix });
      console.log(`[${store} ${mix}] warm-up ${fmt(warm.rate)}/s for ${WARM_UP_SECONDS} s: p50 ${fmt(warm.p50)} ms, p99 ${fmt(warm.p99)} ms`);
      const steps: LoadResult[] = [];
      for (const rate of RATES[store][mix]) {
        await caughtUp(base);
        const result = await load({ ...seeded, url: base, rate, seconds: SECONDS, connections: CONNECTIONS, mix });
        steps.push(result);
        const verdict = passes(result) ? 'pass' : sustained(result) ? `served, p99 >= ${P99_LIMIT_MS} ms` : 'not served';
        console.log(
          `[${store} ${mix}] ${fmt(rate)}/s offered: ${fmt(result.perSecond)}/s ok, p50 ${fmt(result.p50)} ms, p99 ${fmt(result.p99)} ms, non-2xx ${result.non2xx}, errors ${result.errors} -> ${verdict}`,
        );
        if (!sustained(result)) break;
      }
      runs.push({ store, mix, steps, best: steps.filter(passes).at(-1), capacity: steps.filter(sustained).at(-1) });
    }
    // Requests the load generator left in flight finish before the store closes.
    await caughtUp(base);
    await sleep(2_000);
    return runs;
  } finally {
    await app?.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function seed(base: string, dataDir: string): Promise<Omit<LoadPlan, 'url' | 'rate' | 'seconds' | 'connections' | 'mix'>> {
  const { token, post } = seedClient(base, dataDir);
  const coordinator = await token('coord-1', 'coordinator', 'coalition');
  await post('/protocols/bootstrap', coordinator, { version: '2026-1', title: 'Flexible emergency fund protocol', rules: DEMO_PROTOCOL_RULES });
  const funds = ['general', ...Array.from({ length: FUNDS - 1 }, (_, i) => `general-${i + 2}`)];
  for (const fundId of funds) {
    await post('/funds', coordinator, { fundId, name: `Fund ${fundId}`, restricted: false });
    for (let d = 0; d < 3; d++) {
      await post('/donations/monetary', coordinator, { fundId, amountCents: 100_000_000, donorKind: 'grant', restricted: false, receivedOn: '2026-10-06' });
    }
  }
  const agencies: { token: string; references: string[] }[] = [];
  for (const [organizationId, providerType, county] of AGENCIES) {
    await post('/organizations', coordinator, { organizationId, providerType, county });
    agencies.push({ token: await token(`adv-${organizationId}`, 'provider', organizationId), references: [] });
  }
  // References: issued by each agency's advocate, a few at a time.
  const perAgency = Math.ceil(REFERENCES / AGENCIES.length);
  await Promise.all(
    agencies.map(async (agency) => {
      for (let i = 0; i < perAgency; i++) agency.references.push(String((await post('/survivor-references', agency.token)).reference));
    }),
  );
  const council = await Promise.all(
    AGENCIES.slice(0, 5).map(async ([organizationId], i) => ({ token: await token(`council-${i + 1}`, 'council', organizationId), agency: i })),
  );
  return { agencies, council, funds };
}

async function load(plan: LoadPlan): Promise<LoadResult> {
  const file = join(tmpdir(), `bench-http-plan-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(plan));
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'bench/lib/http-load.ts'), file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  rmSync(file, { force: true });
  const last = out.trim().split('\n').at(-1);
  if (code !== 0 || !last) throw new Error(`load generator exited with ${code}: ${out}`);
  return JSON.parse(last) as LoadResult;
}

/** Lets the in-process projections finish the previous step's backlog, so steps do not overlap. */
async function caughtUp(base: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${base}/health`);
    const body = (await res.json()) as { projections: { lag: number | null }[] | null };
    if (!body.projections || body.projections.every((p) => p.lag === 0)) return;
    if (WORKER_IN_PROCESS === 'false') return;
    await sleep(250);
  }
  console.warn('projections did not catch up within 120 s; continuing');
}

async function main(): Promise<void> {
  const runs: StoreRun[] = [];
  for (const store of STORES) runs.push(...(await runStore(store)));
  const rows = runs.flatMap((run) =>
    run.steps.map((s) => [
      run.store,
      run.mix,
      fmt(s.rate),
      fmt(s.perSecond),
      fmt(s.p50),
      fmt(s.p90),
      fmt(s.p99),
      fmt(s.max),
      `${s.non2xx}${s.non2xx ? ` (${Object.entries(s.statuses).filter(([c]) => !c.startsWith('2')).map(([c, n]) => `${c}x${n}`).join(' ')})` : ''}`,
      passes(s) ? 'pass' : sustained(s) ? 'served, p99 too high' : 'not served',
    ]),
  );
  const summary = runs.map(
    (r) =>
      `${r.store}, ${r.mix}: **${r.best ? fmt(r.best.perSecond) : 'no rate'}** commands/s at p99 < ${P99_LIMIT_MS} ms${r.best ? ` (offered ${fmt(r.best.rate)}/s, p99 ${fmt(r.best.p99)} ms)` : ''}; ` +
      `highest rate served: ${r.capacity ? `${fmt(r.capacity.perSecond)}/s (p50 ${fmt(r.capacity.p50)} ms, p99 ${fmt(r.capacity.p99)} ms)` : 'none of the rates tried'}`,
  );
  console.log(`\n${table(['store', 'mix', 'offered/s', 'ok/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'non-2xx', 'verdict'], rows)}\n\n${summary.join('\n')}`);
  record(`
### HTTP commands (${today()})

- Command: \`${commandLine('bench:http')}\`
- Machine: ${machine()}
- PostgreSQL: ${await postgresSettings()}
- api in the benchmark process (createApp), projections in-process, LOG_LEVEL=${process.env.LOG_LEVEL ?? 'warn'}, write rate limits lifted; autocannon in a child process,
  ${CONNECTIONS} connections, ${SECONDS} s per step, fixed overall rate (coordinated omission corrected). The load is pairs of
  \`POST /fund-requests\` then \`POST /fund-requests/:id/votes\`. Mix \`first-vote\`: requests of $260-$460 (two approvals needed), the vote
  is the first one and appends to the request's stream only. Mix \`decisive\`: requests of $20-$60 whose single approval also reserves
  money in the fund and commits support on the survivor reference (three streams in one append).
  ${AGENCIES.length} agencies, ${REFERENCES} references, ${FUNDS} fund(s). A step passes with p99 < ${P99_LIMIT_MS} ms, >= 95% of the offered rate achieved and no failed request; steps go on while the rate is
  still served (>= 95% achieved, no failure, p99 < 2 s), to show the capacity as well. A ${WARM_UP_SECONDS} s warm-up at the lowest rate precedes each mix.

${table(['store', 'mix', 'offered/s', 'ok/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'non-2xx', 'verdict'], rows)}

${summary.map((s) => `- ${s}`).join('\n')}
`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
