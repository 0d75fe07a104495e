/**
 * One command alone, two checkouts interleaved (issue 20): an api from each tree, each on its
 * own PostgreSQL database with the projections in-process, seeded alike; then the same commands
 * are sent to one and the other in turn (the first of each pair alternating), one at a time with
 * a pause between, so whatever else loads the machine weighs on both alike. Latency is measured
 * at the client (fetch to body read).
 *
 *   node -r @swc-node/register bench/command-alone-ab.bench.ts --a <checkout> --b <checkout> [--pairs 200] [--pause-ms 30]
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateLocalSigningKey } from '@fund/auth';
import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { args, count, createDatabase, fmt, sleep, type BenchDatabase } from './lib/common';
import { AGENCIES, seedClient } from './lib/seed-client';

const opts = args();
const ROOTS = { a: opts.get('a'), b: opts.get('b') };
const PAIRS = count(opts.get('pairs'), 200);
const PAUSE_MS = count(opts.get('pause-ms'), 30);
const uptime = () => loadavg().map((l) => l.toFixed(2)).join(' ');

interface Api {
  readonly base: string;
  readonly dataDir: string;
  readonly db: BenchDatabase;
  readonly child: ChildProcess;
}

async function start(root: string, port: number): Promise<Api> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-alone-'));
  const db = await createDatabase('alone');
  loadOrCreateLocalSigningKey(dataDir);
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(root, 'bench/lib/open-loop-api.ts')], {
    cwd: root,
    env: { ...process.env, EVENT_STORE: 'postgres', DATABASE_URL: db.url, DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', WORKER_IN_PROCESS: 'true', RATE_LIMIT_WRITES_PER_MINUTE: '100000000', RATE_LIMIT_WRITES_PER_MINUTE_PER_IP: '100000000' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`api from ${root} exited with ${code}`)));
  });
  return { base: `http://127.0.0.1:${port}`, dataDir, db, child };
}

async function seed(api: Api) {
  const { token, post } = seedClient(api.base, api.dataDir);
  const coordinator = await token('coord-1', 'coordinator', 'coalition');
  await post('/protocols/bootstrap', coordinator, { version: '2026-1', title: 'Protocol', rules: DEMO_PROTOCOL_RULES });
  await post('/funds', coordinator, { fundId: 'general', name: 'General', restricted: false });
  await post('/donations/monetary', coordinator, { fundId: 'general', amountCents: 100_000_000, donorKind: 'grant', restricted: false, receivedOn: '2026-10-06' });
  for (const [organizationId, providerType, county] of AGENCIES) await post('/organizations', coordinator, { organizationId, providerType, county });
  // Providers from the last three agencies submit; council members from the first five vote.
  const providers = await Promise.all(AGENCIES.slice(5).map(async ([organizationId]) => ({ token: await token(`adv-${organizationId}`, 'provider', organizationId), references: [] as string[] })));
  for (const p of providers) for (let i = 0; i < Math.ceil(PAIRS / providers.length) + 1; i++) p.references.push(String((await post('/survivor-references', p.token)).reference));
  const council = await token('council-1', 'council', AGENCIES[0][0]);
  return { providers, council };
}

async function timed(base: string, path: string, bearer: string, body: unknown, key: string): Promise<{ ms: number; json: Record<string, unknown> }> {
  const started = performance.now();
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  const ms = performance.now() - started;
  if (res.status >= 300) throw new Error(`POST ${path} -> ${res.status} ${String(json.code)}`);
  return { ms, json };
}

const pct = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function main(): Promise<void> {
  if (!ROOTS.a || !ROOTS.b) throw new Error('--a <checkout> --b <checkout>');
  const loadAtStart = uptime();
  const port = 52_000 + Math.floor(Math.random() * 5_000);
  const apis = { a: await start(ROOTS.a, port), b: await start(ROOTS.b, port + 1) };
  try {
    const seeded = { a: await seed(apis.a), b: await seed(apis.b) };
    const lat = { a: { submit: [] as number[], vote: [] as number[] }, b: { submit: [] as number[], vote: [] as number[] } };
    for (let i = 0; i < PAIRS; i++) {
      for (const side of i % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const)) {
        const { providers, council } = seeded[side];
        const provider = providers[i % providers.length]!;
        const submit = await timed(apis[side].base, '/fund-requests', provider.token, { survivorReference: provider.references[Math.floor(i / providers.length)], category: 'groceries', amountCents: 30_000, paymentMethod: 'vendor_payment', urgency: 'standard', neededBy: '2099-12-31' }, `alone-s-${i}`);
        await sleep(PAUSE_MS);
        const vote = await timed(apis[side].base, `/fund-requests/${String(submit.json.requestId)}/votes`, council, { vote: 'approve', amountCents: 30_000 }, `alone-v-${i}`);
        await sleep(PAUSE_MS);
        // The first tenth warms both up.
        if (i >= PAIRS / 10) {
          lat[side].submit.push(submit.ms);
          lat[side].vote.push(vote.ms);
        }
      }
    }
    const loadAtEnd = uptime();
    console.log(`| command | n | A p50 ms | B p50 ms | B/A p50 | A p90 ms | B p90 ms | B/A p90 |`);
    console.log(`| --- | --- | --- | --- | --- | --- | --- | --- |`);
    for (const op of ['submit', 'vote'] as const) {
      const [a, b] = [lat.a[op], lat.b[op]];
      console.log(`| ${op} | ${a.length} | ${fmt(pct(a, 50), 2)} | ${fmt(pct(b, 50), 2)} | ${fmt(pct(b, 50) / pct(a, 50), 2)} | ${fmt(pct(a, 90), 2)} | ${fmt(pct(b, 90), 2)} | ${fmt(pct(b, 90) / pct(a, 90), 2)} |`);
    }
    console.log(`A = ${ROOTS.a}, B = ${ROOTS.b}; load average at start ${loadAtStart}, at end ${loadAtEnd}`);
  } finally {
    for (const api of Object.values(apis)) {
      api.child.send('stop');
      await new Promise((resolve) => api.child.once('exit', resolve));
      await api.db.drop();
      rmSync(api.dataDir, { recursive: true, force: true });
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
