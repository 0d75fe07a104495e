import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { verifyLedger } from '@fund/audit-ledger';
import { loadOrCreateLocalSigningKey, mintLocalToken } from '@fund/auth';
import { PostgresDatabase, type Role } from '@fund/event-sourcing';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '@fund/event-sourcing/testing';
import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { EVENT_HANDLER_CLASSES } from '../apps/worker/src/worker.module';
import { dumpReadModels, waitForCheckpointsAtHead } from './support/read-models';
import { servicePort, waitForHealth } from './support/service';

const ROOT = join(__dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The whole service (api + worker in one process, PostgreSQL) under a steady command load,
 * killed with SIGKILL three times and restarted. Afterwards every command that got a 2xx has
 * its events, nothing is stored twice, the read models equal a rebuild and the ledger verifies.
 */
describeWithPostgres('crash safety under command load (real process, PostgreSQL)', () => {
  let db: TestDatabase;
  let dataDir: string;
  let child: ChildProcess | undefined;
  const port = servicePort();
  const base = `http://127.0.0.1:${port}`;
  const tokens: Record<string, string> = {};
  const env = () => ({
    ...process.env,
    EVENT_STORE: 'postgres',
    DATABASE_URL: db.url,
    WORKER_IN_PROCESS: 'true',
    DATA_DIR: dataDir,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
    RATE_LIMIT_WRITES_PER_MINUTE_PER_IP: '1000000',
  });

  async function start(): Promise<void> {
    child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps/api/src/main.ts')], { cwd: ROOT, env: env(), stdio: ['ignore', 'ignore', 'ignore'] });
    await waitForHealth(base, child);
  }

  async function kill(signal: NodeJS.Signals): Promise<void> {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill(signal);
    await exited;
  }

  async function post(path: string, who: string, body?: object): Promise<{ status: number; json: Record<string, unknown> }> {
    try {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, unknown> };
    } catch {
      return { status: 0, json: {} }; // the process is down: the client just retries later
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase('crash_load');
    dataDir = mkdtempSync(join(tmpdir(), 'sf-crash-load-'));
    await start();
    const key = loadOrCreateLocalSigningKey(dataDir);
    const users: [string, Role, string][] = [
      ['coord', 'coordinator', 'coalition'],
      ['adv', 'provider', 'org-a'],
      ['member', 'council', 'org-b'],
    ];
    for (const [userId, role, organizationId] of users) tokens[userId] = await mintLocalToken(key, { userId, role, organizationId });
    expect((await post('/protocols/bootstrap', 'coord', { version: '2026-1', title: 'P', rules: { ...DEMO_PROTOCOL_RULES, capPerSurvivorPer12MonthsCents: 10_000_000 } })).status).toBe(201);
    expect((await post('/funds', 'coord', { fundId: 'general', name: 'G', restricted: false })).status).toBe(201);
    expect((await post('/donations/monetary', 'coord', { fundId: 'general', amountCents: 50_000_000, restricted: false, donorKind: 'grant', receivedOn: '2026-10-01' })).status).toBe(201);
    expect((await post('/organizations', 'coord', { organizationId: 'org-a', providerType: 'other', county: 'york' })).status).toBe(201);
  }, 300_000);

  afterAll(async () => {
    await kill('SIGKILL');
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged command, stores nothing twice, and its read side equals a rebuild', async () => {
    const submitted: string[] = [];
    const approved: string[] = [];
    let running = true;
    const worker = async () => {
      while (running) {
        const ref = await post('/survivor-references', 'adv');
        if (ref.status !== 201) {
          await sleep(50);
          continue;
        }
        const sub = await post('/fund-requests', 'adv', { survivorReference: ref.json.reference, category: 'groceries', amountCents: 2_000, paymentMethod: 'vendor_payment', urgency: 'standard', neededBy: '2099-01-01' });
        if (sub.status !== 201) continue;
        const id = String(sub.json.requestId);
        submitted.push(id);
        const vote = await post(`/fund-requests/${id}/votes`, 'member', { vote: 'approve', amountCents: 2_000 });
        if (vote.status === 200) approved.push(id);
      }
    };
    const load = [worker(), worker(), worker()];
    for (let crash = 0; crash < 3; crash++) {
      await sleep(1_500);
      await kill('SIGKILL');
      await sleep(300);
      await start();
    }
    await sleep(1_000);
    running = false;
    await Promise.all(load);
    expect(submitted.length).toBeGreaterThan(10);
    expect(approved.length).toBeGreaterThan(5);

    // Let the in-process worker catch up, then stop politely.
    let caughtUp = false;
    for (let i = 0; i < 1_800 && !caughtUp; i++) {
      const health = (await (await fetch(`${base}/health`)).json()) as { projections: { lag: number }[] };
      caughtUp = health.projections.length > 0 && health.projections.every((p) => p.lag === 0);
      if (!caughtUp) await sleep(100);
    }
    expect(caughtUp).toBe(true);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    await waitForCheckpointsAtHead(client, EVENT_HANDLER_CLASSES.length);
    await kill('SIGTERM');
    try {
      const streams = await client.query<{ stream_id: string; types: string[]; versions: string[] }>(
        `SELECT stream_id, array_agg(type ORDER BY stream_version) AS types, array_agg(stream_version::text ORDER BY stream_version) AS versions
         FROM es_events WHERE stream_id LIKE 'fund-request-%' GROUP BY stream_id`,
      );
      const byStream = new Map(streams.rows.map((r) => [r.stream_id, r]));
      for (const id of submitted) expect(byStream.get(`fund-request-${id}`)?.types[0]).toBe('FundRequestSubmitted');
      for (const id of approved) expect(byStream.get(`fund-request-${id}`)?.types).toContain('FundRequestApproved');
      for (const row of streams.rows) {
        expect(row.versions).toEqual(row.versions.map((_, i) => String(i + 1)));
        expect(row.types.filter((t) => t === 'FundRequestApproved').length).toBeLessThanOrEqual(1);
      }
      const reservations = await client.query<{ request_id: string; n: string }>(
        `SELECT data->>'requestId' AS request_id, count(*) AS n FROM es_events WHERE type = 'MoneyReserved' GROUP BY 1`,
      );
      const approvedStreams = streams.rows.filter((r) => r.types.includes('FundRequestApproved')).length;
      expect(reservations.rows).toHaveLength(approvedStreams);
      reservations.rows.forEach((r) => expect(r.n).toBe('1'));

      const live = await dumpReadModels(client);
      const rebuild = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps/worker/src/cli/rebuild.cli.ts')], { cwd: ROOT, env: env(), stdio: 'ignore' });
      expect(await new Promise((r) => rebuild.once('exit', r))).toBe(0);
      const cps = (await client.query('SELECT * FROM es_checkpoints')).rows;
      const rebuilt = await dumpReadModels(client);
      const liveIds = new Set((live.ledger_entries ?? []).map((r) => (JSON.parse(r) as { event_id: string }).event_id));
      const missing = (rebuilt.ledger_entries ?? []).map((r) => JSON.parse(r) as { event_id: string }).filter((r) => !liveIds.has(r.event_id)).map((r) => r.event_id);
      if (missing.length > 0) {
        const info = await client.query(`SELECT event_id::text, global_position, transaction_id::text, recorded_at, stream_id, type FROM es_events WHERE event_id::text = ANY($1)`, [missing]);
        const near = await client.query(`SELECT global_position, transaction_id::text, type, stream_id, recorded_at FROM es_events WHERE global_position BETWEEN $1 - 6 AND $1 + 6 ORDER BY transaction_id, global_position`, [info.rows[0].global_position]);
        process.stderr.write('DIAG missing ' + JSON.stringify(info.rows) + '\nDIAG checkpoints ' + JSON.stringify(cps) + '\nDIAG near ' + JSON.stringify(near.rows) + '\n');
      }
      // Name the difference first (events missing on one side, or the same events in another order).
      const ids = (rows: string[] | undefined) => (rows ?? []).map((r) => (JSON.parse(r) as { event_id: string }).event_id).sort();
      expect({ ledgerEvents: ids(live.ledger_entries) }).toEqual({ ledgerEvents: ids(rebuilt.ledger_entries) });
      expect(rebuilt).toEqual(live);

      const ledgerDb = new PostgresDatabase({ connectionString: db.url, max: 2 });
      try {
        const verified = await verifyLedger(ledgerDb, {});
        expect(verified.ok).toBe(true);
        expect(verified.totalDebitCents).toBe(verified.totalCreditCents);
      } finally {
        await ledgerDb.close();
      }
    } finally {
      await client.end();
    }
  }, 600_000);
});
