import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { verifyLedger } from '@fund/audit-ledger';
import { PostgresDatabase } from '@fund/event-sourcing';
import { TopicReader } from '@fund/messaging/testing';
import { EVENT_HANDLER_CLASSES } from '../../apps/worker/src/worker.module';
import { dumpReadModels, waitForCheckpointsAtHead } from '../support/read-models';
import { containerState, describeWithImages, freePort, images, logCount, podman, podmanResult, PodmanResources, REPO, sleep, uniqueName, waitForLog, waitForOk } from './support/podman';
import { FundClient, narrativeKeyring, seedFund, startIssuer, submitRequest } from './support/fund-client';
import { ComposePlan, composePlan, Overlay, podmanRunArgs } from './support/compose';

const TOPIC = 'survivor-fund.integration.v1';
const PUBLIC_TYPES = ['FundRequestSubmitted', 'FundRequestApproved', 'DisbursementRecorded', 'FundRequestClosed', 'MonetaryDonationRecorded'];

/**
 * The production shape from the images: PostgreSQL, a Kafka broker, the api and one worker on
 * their own network, configured as deploy/compose.yml configures them (production, OIDC, read-only
 * root filesystems, projections in the worker only, the relay on). One request's whole life goes
 * through the api's published port; then each container is killed with SIGKILL once under a
 * command load and started again, and the crash test's checks must hold: every acknowledged
 * command has its events, nothing is stored twice, the read side equals a rebuild, the ledger
 * verifies, and every public event reached Kafka.
 */
describeWithImages('production shape from deploy/compose.yml: PostgreSQL, Kafka, api, worker (podman)', ['api', 'worker', 'postgres', 'kafka'], () => {
  const resources = new PodmanResources();
  const password = randomBytes(12).toString('hex');
  const names: Record<string, string> = {};
  const overlays: Record<string, Overlay> = {};
  let plan: ComposePlan;
  let pgUrl: string;
  let kafkaBrokers: string[];
  let base: string;
  let workerBase: string;
  let client: FundClient;
  let secretsDir: string;

  beforeAll(async () => {
    const network = await resources.network('sf-prod');
    const [pgPort, kafkaPort, apiPort, workerPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    pgUrl = `postgres://fund:${password}@127.0.0.1:${pgPort}/fund`;
    kafkaBrokers = [`127.0.0.1:${kafkaPort}`];
    base = `http://127.0.0.1:${apiPort}`;
    workerBase = `http://127.0.0.1:${workerPort}`;
    const issuer = await startIssuer(resources, network, uniqueName('sf-issuer'));

    // The operator's secrets directory, as docs/runbook.md and deploy/env.example describe it.
    secretsDir = mkdtempSync(join(tmpdir(), 'sf-secrets-'));
    chmodSync(secretsDir, 0o700);
    writeFileSync(join(secretsDir, 'postgres.env'), `POSTGRES_PASSWORD=${password}\n`, { mode: 0o600 });
    writeFileSync(
      join(secretsDir, 'fund.env'),
      [
        `DATABASE_URL=postgres://fund:${password}@postgres:5432/fund`,
        `OIDC_ISSUER=${issuer.env.OIDC_ISSUER}`,
        `OIDC_AUDIENCE=${issuer.env.OIDC_AUDIENCE}`,
        `OIDC_JWKS_URL=${issuer.env.OIDC_JWKS_URL}`,
        `KAFKA_KEY_SECRET=${randomBytes(36).toString('base64')}`,
      ].join('\n') + '\n',
      { mode: 0o600 },
    );
    const kek = join(secretsDir, 'narrative-kek');
    writeFileSync(kek, `${narrativeKeyring()}\n`, { mode: 0o400 });
    chownSync(kek, 1000, 1000);

    plan = composePlan(join(REPO, 'deploy', 'compose.yml'), { FUND_SECRETS_DIR: secretsDir });
    // The test's override, as a compose override file would be: host ports for the test to reach
    // each service, a second Kafka listener advertised to the host, and no write rate limit for the load.
    overlays.postgres = { publish: [{ host: pgPort, container: 5432 }] };
    overlays.kafka = {
      publish: [{ host: kafkaPort, container: 19092 }],
      env: {
        KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093,HOST://:19092',
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://kafka:9092,HOST://127.0.0.1:${kafkaPort}`,
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,HOST:PLAINTEXT',
        KAFKA_INTER_BROKER_LISTENER_NAME: 'PLAINTEXT',
      },
    };
    overlays.api = { publish: [{ host: apiPort, container: 3000 }], env: { RATE_LIMIT_WRITES_PER_MINUTE: '1000000', RATE_LIMIT_WRITES_PER_MINUTE_PER_IP: '1000000' } };
    overlays.worker = { publish: [{ host: workerPort, container: 3001 }] };

    const volumeNames = new Map<string, string>();
    for (const volume of plan.volumes) volumeNames.set(volume, await resources.volume(`${plan.project}-${volume}`));
    for (const service of plan.services) {
      // compose's depends_on: started, or healthy by the service's own health check (podman runs
      // none by itself here, so it is run until it passes).
      for (const dependency of service.dependsOn) {
        if (dependency.condition === 'service_healthy') await waitHealthy(names[dependency.service]!, resources);
      }
      names[service.service] = uniqueName(`${plan.project}-${service.service}`);
      await resources.run(names[service.service]!, podmanRunArgs(service, { network, volumeNames, overlay: overlays[service.service] }));
    }
    await waitForOk(`${base}/health`, resources);
    await waitForOk(`${workerBase}/health`, resources);
    client = new FundClient(base, issuer);
    await seedFund(client);
  }, 900_000);

  afterAll(async () => {
    await resources.dispose();
    if (secretsDir) rmSync(secretsDir, { recursive: true, force: true });
  }, 180_000);

  it('runs exactly what deploy/compose.yml says, plus the test overlay (podman inspect against the file)', async () => {
    for (const service of plan.services) {
      const overlay = overlays[service.service] ?? {};
      const [inspected] = JSON.parse(await podman('inspect', names[service.service]!)) as InspectedContainer[];
      const imageId = await podman('image', 'inspect', '--format', '{{.Id}}', service.image);
      const env = new Map(inspected!.Config.Env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
      const expectedEnv = { ...service.env, ...(overlay.env ?? {}) };
      const mounts = inspected!.Mounts.map((m) => ({ type: m.Type, name: m.Type === 'volume' ? m.Name : undefined, destination: m.Destination, rw: m.RW }));
      expect({
        service: service.service,
        image: inspected!.Image,
        env: Object.fromEntries(Object.keys(expectedEnv).map((k) => [k, env.get(k)])),
        readOnly: inspected!.HostConfig.ReadonlyRootfs,
        tmpfs: Object.keys(inspected!.HostConfig.Tmpfs ?? {}).sort(),
        restart: inspected!.HostConfig.RestartPolicy?.Name || undefined,
        stopTimeout: service.stopGraceSeconds === undefined ? undefined : inspected!.Config.StopTimeout,
        command: service.command === undefined ? undefined : inspected!.Config.Cmd,
        healthcheck: inspected!.Config.Healthcheck?.Test,
      }).toEqual({
        service: service.service,
        image: imageId,
        env: expectedEnv,
        readOnly: service.readOnly,
        tmpfs: [...service.tmpfs].sort(),
        restart: service.restart,
        stopTimeout: service.stopGraceSeconds,
        command: service.command,
        // Without one in the file, the image's own HEALTHCHECK applies (the worker's).
        healthcheck: service.healthcheck?.test ?? expect.arrayContaining([expect.stringMatching(/^CMD/)]),
      });
      for (const v of service.volumes) expect(mounts).toContainEqual({ type: 'volume', name: expect.stringContaining(v.volume), destination: v.target, rw: true });
      for (const secret of service.secrets) expect(mounts).toContainEqual({ type: 'bind', name: undefined, destination: `/run/secrets/${secret.name}`, rw: false });
      if (service.healthcheck) expect((await podmanResult(['healthcheck', 'run', names[service.service]!])).code).toBe(0);
    }
    expect(plan.services.map((s) => s.service).sort()).toEqual(['api', 'kafka', 'postgres', 'worker']);
    // The file's image names resolve to the images deploy/containers/images.sh built, nothing pulled.
    const built = { postgres: images().postgres!, kafka: images().kafka!, api: images().api, worker: images().worker };
    for (const service of plan.services) {
      const id = (image: string) => podman('image', 'inspect', '--format', '{{.Id}}', image);
      expect({ service: service.service, id: await id(service.image) }).toEqual({ service: service.service, id: await id(built[service.service as keyof typeof built]) });
    }
    expect(plan.services.find((s) => s.service === 'worker')?.env.KAFKA_TOPIC).toBe(TOPIC);
  }, 300_000);

  it('serves a request from submission to closure, with /ready and the image health checks passing', async () => {
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    for (const name of [names.api!, names.worker!]) expect((await podmanResult(['healthcheck', 'run', name])).code).toBe(0);

    const id = await submitRequest(client, 5_000);
    expect(id).not.toBeNull();
    expect((await client.post(`/fund-requests/${id}/votes`, 'member', { vote: 'approve', amountCents: 5_000 })).status).toBe(200);
    const paid = await client.post(`/fund-requests/${id}/disbursements`, 'coord', { source: 'money', amountCents: 5_000, paymentMethod: 'vendor_payment' });
    expect(paid.status).toBe(201);
    expect((await client.post(`/fund-requests/${id}/disbursements/${String(paid.json.disbursementId)}/receipt`, 'adv', { amountCents: 5_000 })).status).toBe(200);
    expect((await client.post(`/fund-requests/${id}/closure`, 'coord')).status).toBe(200);
    // Read through the worker's projections (the read waits for the position the closure returned).
    const read = await client.get(`/fund-requests/${id}`, 'adv');
    expect({ status: read.status, state: read.json.status }).toEqual({ status: 200, state: 'closed' });
  }, 300_000);

  it('loses nothing when each container is killed with SIGKILL under load', async () => {
    const submitted: string[] = [];
    const approved: string[] = [];
    let running = true;
    const load = async () => {
      while (running) {
        const id = await submitRequest(client);
        if (id === null) {
          await sleep(100);
          continue;
        }
        submitted.push(id);
        const vote = await client.post(`/fund-requests/${id}/votes`, 'member', { vote: 'approve', amountCents: 2_000 });
        if (vote.status === 200) approved.push(id);
      }
    };
    const loops = [load(), load(), load()];
    const killed: string[] = [];
    for (const name of [names.api!, names.worker!, names.postgres!, names.kafka!]) {
      await sleep(2_000);
      const ready = name === names.kafka! ? /Kafka Server started/ : /ready to accept connections/;
      const before = await logCount(name, ready);
      await podman('kill', '--signal', 'KILL', name);
      await sleep(500);
      await podman('start', name);
      killed.push(name);
      if (name === names.api!) await waitForOk(`${base}/health`, resources);
      if (name === names.worker!) await waitForOk(`${workerBase}/health`, resources);
      if (name === names.postgres! || name === names.kafka!) await waitForLog(name, ready, 180_000, before);
      if (name === names.postgres!) await waitForOk(`${base}/ready`, resources);
    }
    await sleep(2_000);
    running = false;
    await Promise.all(loops);
    expect(submitted.length).toBeGreaterThan(10);
    expect(approved.length).toBeGreaterThan(5);

    const db = new Client({ connectionString: pgUrl });
    db.on('error', () => undefined); // a failure shows in the query that meets it
    await db.connect();
    const reader = await TopicReader.start(kafkaBrokers, TOPIC);
    try {
      await waitForCheckpointsAtHead(db, EVENT_HANDLER_CLASSES.length, 300_000).catch(async (e: Error) => {
        // Say which service stopped projecting, and why, instead of only how far behind.
        const states = await Promise.all(killed.map(async (n) => `${n}: ${JSON.stringify(await containerState(n))}`));
        const checkpoints = (await db.query('SELECT subscription_id, commit_position::text, prepare_position::text, updated_at FROM es_checkpoints ORDER BY subscription_id')).rows;
        throw new Error(`${e.message}\n${states.join('\n')}\ncheckpoints: ${JSON.stringify(checkpoints)}\n${await resources.logs(80)}`);
      });
      const streams = await db.query<{ stream_id: string; types: string[]; versions: string[] }>(
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
      const reservations = await db.query<{ n: string }>(`SELECT count(*) AS n FROM es_events WHERE type = 'MoneyReserved' GROUP BY data->>'requestId'`);
      expect(reservations.rows).toHaveLength(streams.rows.filter((r) => r.types.includes('FundRequestApproved')).length);
      reservations.rows.forEach((r) => expect(r.n).toBe('1'));

      // Every public event reached the topic (at least once) after the relay's restarts.
      const expected = (await db.query<{ id: string }>(`SELECT event_id::text AS id FROM es_events WHERE type = ANY($1)`, [PUBLIC_TYPES])).rows.map((r) => r.id);
      const published = () => new Set(reader.messages.map((m) => (JSON.parse(m.value?.toString() ?? '{}') as { id?: string }).id));
      await reader.until(() => expected.every((id) => published().has(id)), 180_000).catch(() => undefined);
      expect(expected.filter((id) => !published().has(id))).toEqual([]);

      // The worker stops cleanly; then its read side must equal a rebuild from the events.
      await podman('stop', '-t', '60', names.worker!);
      expect((await containerState(names.worker!)).exitCode).toBe(0);
      const live = await dumpReadModels(db);
      const rebuild = spawn(process.execPath, ['-r', '@swc-node/register', join(REPO, 'apps/worker/src/cli/rebuild.cli.ts')], {
        cwd: REPO,
        env: { ...process.env, EVENT_STORE: 'postgres', DATABASE_URL: pgUrl, LOG_LEVEL: 'warn', NODE_ENV: 'development' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let rebuildErrors = '';
      rebuild.stderr?.on('data', (chunk: Buffer) => void (rebuildErrors += chunk.toString()));
      const exit = await new Promise((r) => rebuild.once('exit', r));
      // The images and this checkout must be the same commit (CI builds them from it): a rebuild by newer code would meet an older schema.
      expect({ exit, stderr: rebuildErrors.slice(-2000) }).toEqual({ exit: 0, stderr: expect.any(String) });
      const rebuilt = await dumpReadModels(db);
      const ids = (rows: string[] | undefined) => (rows ?? []).map((r) => (JSON.parse(r) as { event_id: string }).event_id).sort();
      expect({ ledgerEvents: ids(live.ledger_entries) }).toEqual({ ledgerEvents: ids(rebuilt.ledger_entries) });
      expect(rebuilt).toEqual(live);
      const ledgerDb = new PostgresDatabase({ connectionString: pgUrl, max: 2 });
      try {
        const verified = await verifyLedger(ledgerDb, {});
        expect(verified.ok).toBe(true);
        expect(verified.totalDebitCents).toBe(verified.totalCreditCents);
      } finally {
        await ledgerDb.close();
      }
      // eslint-disable-next-line no-console
      console.log(`production shape: killed ${killed.length} containers under load; ${submitted.length} requests acknowledged, ${approved.length} approved, ${expected.length} public events on the topic`);
    } finally {
      await reader.stop();
      await db.end();
    }
  }, 900_000);
});

interface InspectedContainer {
  readonly Image: string;
  readonly Config: { Env: string[]; Cmd?: string[]; StopTimeout?: number; Healthcheck?: { Test: string[] } };
  readonly HostConfig: { ReadonlyRootfs: boolean; Tmpfs?: Record<string, string>; RestartPolicy?: { Name: string } };
  readonly Mounts: { Type: string; Name?: string; Destination: string; RW: boolean }[];
}

/** Runs a container's health check until it passes, as compose's `condition: service_healthy` waits. */
async function waitHealthy(name: string, resources: PodmanResources, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await podmanResult(['healthcheck', 'run', name]);
    if (result.code === 0) return;
    if (Date.now() > deadline) throw new Error(`${name} was not healthy within ${timeoutMs / 1000} s: ${result.stdout}${result.stderr}\n${await resources.logs()}`);
    await sleep(1_000);
  }
}
