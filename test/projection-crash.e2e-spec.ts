import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { verifyLedger } from '@fund/audit-ledger';
import { openEventStore, PostgresDatabase, type AppendRequest, type EventMetadata, type OpenedEventStore } from '@fund/event-sourcing';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '@fund/event-sourcing/testing';
import { EVENT_HANDLER_CLASSES } from '../apps/worker/src/worker.module';
import { dumpReadModels, waitForCheckpointsAtHead } from './support/read-models';
import { servicePort } from './support/service';

const ROOT = join(__dirname, '..');
const meta = (role: 'provider' | 'council' | 'coordinator', organizationId: string, at: string): EventMetadata => ({
  eventId: randomUUID(),
  schemaVersion: 1,
  occurredAt: at,
  actor: { userId: `${role}-1`, role, organizationId },
  correlationId: randomUUID(),
  causationId: null,
  protocolVersion: '2026-1',
});

/** A few thousand realistic events: a fund, donations, requests, approvals with reservations. */
function history(requests: number): AppendRequest[][] {
  const at = '2026-10-15T12:00:00.000Z';
  const batches: AppendRequest[][] = [
    [
      {
        streamId: 'fund-general',
        expectedVersion: 'any',
        events: [{ type: 'FundOpened', data: { fundId: 'general', name: 'General', restricted: false }, metadata: meta('coordinator', 'coalition', at) }],
      },
    ],
  ];
  for (let i = 0; i < 20; i++) {
    batches.push([
      {
        streamId: 'fund-general',
        expectedVersion: 'any',
        events: [{ type: 'MoneyReceived', data: { donationId: randomUUID(), amountCents: 500_000 }, metadata: meta('coordinator', 'coalition', at) }],
      },
    ]);
  }
  for (let i = 0; i < requests; i++) {
    const requestId = randomUUID();
    const streamId = `fund-request-${requestId}`;
    const submitted = {
      type: 'FundRequestSubmitted',
      data: {
        requestId,
        organizationId: `org-${i % 7}`,
        submitterId: 'provider-1',
        survivorReference: `SR-TEST-${String(i).padStart(4, '0')}-0000`,
        category: ['groceries', 'lodging', 'transportation'][i % 3],
        amountCents: 5_000 + (i % 40) * 100,
        paymentMethod: 'vendor_payment',
        urgency: 'standard',
        neededBy: '2026-12-01',
        demographics: { ageBand: 'not_collected', county: 'not_collected', traffickingType: 'not_collected', citizenship: 'not_collected', gender: 'not_collected' },
        hasNarrative: false,
        expedited: false,
        submittedAt: at,
      },
      metadata: meta('provider', `org-${i % 7}`, at),
    };
    if (i % 3 !== 0) {
      batches.push([{ streamId, expectedVersion: 'no_stream', events: [submitted] }]);
      continue;
    }
    const amountCents = submitted.data.amountCents;
    batches.push([
      {
        streamId,
        expectedVersion: 'no_stream',
        events: [
          submitted,
          { type: 'RequestVoteCast', data: { memberId: 'council-1', organizationId: 'org-x', vote: 'approve', amountCents, reasonCode: null }, metadata: meta('council', 'org-x', at) },
          { type: 'FundRequestApproved', data: { amountCents, fundId: 'general', approverIds: ['council-1'], expedited: false, decidedAt: at }, metadata: meta('council', 'org-x', at) },
        ],
      },
      { streamId: 'fund-general', expectedVersion: 'any', events: [{ type: 'MoneyReserved', data: { requestId, amountCents }, metadata: meta('council', 'org-x', at) }] },
    ]);
  }
  return batches;
}

/**
 * The worker is killed with SIGKILL while it is projecting, several times, then allowed to
 * finish. Its read models must equal a rebuild from position 0: nothing lost, nothing applied
 * twice.
 */
describeWithPostgres('projections survive kill -9 of the worker (real process, PostgreSQL)', () => {
  let db: TestDatabase;
  let opened: OpenedEventStore;
  let dataDir: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('crash');
    dataDir = mkdtempSync(join(tmpdir(), 'sf-crash-'));
    opened = await openEventStore({ kind: 'postgres', connectionString: db.url });
    for (const batch of history(1_500)) await opened.store.appendMany(batch);
  }, 120_000);

  afterAll(async () => {
    children.forEach((c) => c.kill('SIGKILL'));
    await opened?.store.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const port = servicePort();
  const env = () => ({ ...process.env, EVENT_STORE: 'postgres', DATABASE_URL: db.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn', WORKER_PORT: String(port), HOST: '127.0.0.1' });

  /** Caught up means: the worker says every projection it runs has no lag. */
  async function caughtUp(): Promise<boolean> {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      const body = (await res.json()) as { projections: { lag: number | null }[] | null };
      return Boolean(body.projections?.length) && body.projections!.every((p) => p.lag === 0);
    } catch {
      return false;
    }
  }

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps/worker/src/main.ts')], { cwd: ROOT, env: env(), stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
    return child;
  }

  async function checkpoints(client: Client): Promise<Record<string, string>> {
    const table = await client.query(`SELECT to_regclass('es_checkpoints') IS NOT NULL AS present`);
    if (!table.rows[0].present) return {};
    const { rows } = await client.query('SELECT subscription_id, prepare_position FROM es_checkpoints');
    return Object.fromEntries(rows.map((r: { subscription_id: string; prepare_position: string }) => [r.subscription_id, r.prepare_position]));
  }

  async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('ends with read models equal to a fresh rebuild after repeated kills', async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const total = Number((await client.query('SELECT count(*) FROM es_events')).rows[0].count);
      let kills = 0;
      for (let round = 0; round < Number(process.env.CRASH_ROUNDS ?? 4); round++) {
        const before = await checkpoints(client);
        const worker = startWorker();
        // Kill as soon as any checkpoint moves: the worker is in the middle of its work.
        await waitFor(async () => JSON.stringify(await checkpoints(client)) !== JSON.stringify(before), 60_000);
        worker.kill('SIGKILL');
        await new Promise((r) => worker.once('exit', r));
        kills++;
      }
      expect(kills).toBe(Number(process.env.CRASH_ROUNDS ?? 4));

      // Let it finish, then stop it politely.
      const worker = startWorker();
      await waitFor(caughtUp, 180_000);
      await waitForCheckpointsAtHead(client, EVENT_HANDLER_CLASSES.length);
      worker.kill('SIGTERM');
      await new Promise((r) => worker.once('exit', r));
      const incremental = await dumpReadModels(client);
      const ledgerDb = new PostgresDatabase({ connectionString: db.url, max: 2 });
      try {
        const verified = await verifyLedger(ledgerDb, {});
        expect(verified).toMatchObject({ ok: true, firstBroken: null });
        expect(verified.totalDebitCents).toBe(verified.totalCreditCents);
        expect(verified.entries).toBe(500); // one reservation per approved request
      } finally {
        await ledgerDb.close();
      }
      expect(Object.keys(incremental).length).toBeGreaterThan(3);
      expect(total).toBeGreaterThan(2_000);

      // A rebuild from position 0 with the CLI must give the same tables.
      const rebuild = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps/worker/src/cli/rebuild.cli.ts')], { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(rebuild);
      const code = await new Promise((r) => rebuild.once('exit', r));
      expect(code).toBe(0);
      expect(await dumpReadModels(client)).toEqual(incremental);
    } finally {
      await client.end();
    }
  }, 300_000);
});
