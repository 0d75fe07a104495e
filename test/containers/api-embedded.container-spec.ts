import { containerState, describeWithImages, freePort, images, podman, podmanResult, PodmanResources, sleep, uniqueName, waitForOk } from './support/podman';
import { FundClient, narrativeKeyring, seedFund, startIssuer, submitRequest } from './support/fund-client';

/**
 * The api image as an operator runs it on the embedded store: production settings, a read-only
 * root filesystem, /tmp on tmpfs, the data on a named volume. It must answer /health and /ready,
 * run as uid 1000, finish the commands in flight on SIGTERM and exit 0 promptly, and find its
 * data again after a restart.
 */
describeWithImages('api image on the embedded store (podman)', ['api'], () => {
  const resources = new PodmanResources();
  let api: string;
  let base: string;
  let client: FundClient;

  beforeAll(async () => {
    const network = await resources.network('sf-embedded');
    const volume = await resources.volume('sf-embedded-data');
    const issuer = await startIssuer(resources, network, uniqueName('sf-issuer'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = uniqueName('sf-api-embedded');
    const env = { ...issuer.env, EVENT_STORE: 'pglite', DATA_DIR: '/home/node/data', NARRATIVE_KEK: narrativeKeyring(), LOG_LEVEL: 'warn' };
    // The volume is mounted on the image's home of `node`: an empty named volume takes the
    // owner of the folder it covers (uid 1000), with podman as with Docker.
    await resources.run(api, [
      '--network', network,
      '--read-only', '--tmpfs', '/tmp',
      '-v', `${volume}:/home/node`,
      '-p', `127.0.0.1:${port}:3000`,
      ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
      images().api,
    ]);
    await waitForOk(`${base}/health`, resources);
    client = new FundClient(base, issuer);
    await seedFund(client);
  }, 600_000);

  afterAll(async () => {
    await resources.dispose();
  }, 120_000);

  it('answers /health and /ready, and its image health check passes', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    // The image's HEALTHCHECK survived the build (--format docker) and passes when run.
    expect(await podman('inspect', '--format', '{{.Config.Healthcheck.Test}}', api)).toContain('/health');
    const check = await podmanResult(['healthcheck', 'run', api]);
    expect({ code: check.code, err: check.stderr.trim() }).toEqual({ code: 0, err: '' });
  });

  it('runs as uid 1000 on a read-only root filesystem', async () => {
    expect(await podman('exec', api, 'sh', '-c', "awk '/^Uid:/ {print $2}' /proc/1/status")).toBe('1000');
    expect(await podman('inspect', '--format', '{{.HostConfig.ReadonlyRootfs}}', api)).toBe('true');
    const write = await podmanResult(['exec', api, 'sh', '-c', 'touch /app/written-at-run-time']);
    expect(write.code).not.toBe(0);
    expect(write.stderr).toMatch(/Read-only file system/);
  });

  it('finishes the commands in flight on SIGTERM, exits 0 within seconds, and keeps its data across a restart', async () => {
    const before = await submitRequest(client);
    expect(before).not.toBeNull();
    // A burst of commands, then SIGTERM while they are being served.
    const burst = Array.from({ length: 12 }, () => submitRequest(client));
    await sleep(150);
    const t0 = Date.now();
    await podman('kill', '--signal', 'TERM', api);
    const ids = await Promise.all(burst);
    let state = await containerState(api);
    while (state.running && Date.now() - t0 < 30_000) {
      await sleep(100);
      state = await containerState(api);
    }
    const stopSeconds = (Date.now() - t0) / 1000;
    expect({ running: state.running, exitCode: state.exitCode }).toEqual({ running: false, exitCode: 0 });
    expect(stopSeconds).toBeLessThan(10);
    const acknowledged = [before, ...ids].filter((id): id is string => id !== null);

    await podman('start', api);
    await waitForOk(`${base}/ready`, resources);
    for (const id of acknowledged) {
      const reply = await client.get(`/fund-requests/${id}`, 'adv');
      expect({ id, status: reply.status }).toEqual({ id, status: 200 });
    }
    const later = await submitRequest(client);
    expect(later).not.toBeNull();
    // eslint-disable-next-line no-console
    console.log(`api (embedded store): SIGTERM to exit ${stopSeconds.toFixed(1)} s; ${acknowledged.length} acknowledged requests kept across the restart`);
  }, 300_000);
});
