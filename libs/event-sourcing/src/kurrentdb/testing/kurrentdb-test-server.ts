import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the KurrentDB suites get a server, in the order architecture.md asks for: a URL from
 * the environment, else a container started with testcontainers where a container runtime
 * exists. (No KurrentDB package exists for a "local server" step.) Without either, the suite
 * registers one skipped test whose title carries the reason, and prints it.
 */
export interface KurrentDbTestServer {
  /** A connection string; valid once the suite's beforeAll hooks have run. */
  url(): string;
}

/** Pinned by default so a new server release cannot change a test run silently. */
export const DEFAULT_KURRENTDB_TEST_IMAGE = 'docker.kurrent.io/kurrent-latest/kurrentdb:25.1';

export function kurrentDbUrlFromEnv(): string | undefined {
  return process.env.TEST_KURRENTDB_URL || process.env.KURRENTDB_URL || undefined;
}

/**
 * `describe` bodies register synchronously, so the runtime is detected from what testcontainers
 * itself would try first (DOCKER_HOST, its properties file, the usual sockets); if one is found
 * but cannot start KurrentDB, the suite fails instead of skipping.
 */
export function detectContainerRuntime(env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync): string | undefined {
  if (env.DOCKER_HOST) return `DOCKER_HOST=${env.DOCKER_HOST}`;
  const home = homedir();
  const runtimeDir = env.XDG_RUNTIME_DIR;
  const candidates = [
    join(home, '.testcontainers.properties'),
    '/var/run/docker.sock',
    join(home, '.docker', 'run', 'docker.sock'),
    join(home, '.docker', 'desktop', 'docker.sock'),
    join(home, '.colima', 'default', 'docker.sock'),
    ...(runtimeDir ? [join(runtimeDir, 'docker.sock'), join(runtimeDir, 'podman', 'podman.sock')] : []),
  ];
  return candidates.find((path) => exists(path));
}

export function describeWithKurrentDb(title: string, body: (server: KurrentDbTestServer) => void): void {
  const fromEnv = kurrentDbUrlFromEnv();
  if (fromEnv) {
    describe(title, () => body({ url: () => fromEnv }));
    return;
  }
  const runtime = detectContainerRuntime();
  if (runtime) {
    describe(title, () => {
      let url: string | undefined;
      let stop: (() => Promise<unknown>) | undefined;
      beforeAll(async () => {
        const { GenericContainer, Wait } = await import('testcontainers');
        const container = await new GenericContainer(process.env.KURRENTDB_TEST_IMAGE ?? DEFAULT_KURRENTDB_TEST_IMAGE)
          .withEnvironment({
            KURRENTDB_INSECURE: 'true',
            KURRENTDB_RUN_PROJECTIONS: 'None',
            KURRENTDB_MEM_DB: 'true',
          })
          .withExposedPorts(2113)
          .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCodeMatching((status) => status >= 200 && status < 300))
          .withStartupTimeout(120_000)
          .start();
        stop = () => container.stop();
        url = `kurrentdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
      }, 300_000);
      afterAll(async () => {
        await stop?.();
      });
      body({
        url: () => {
          if (!url) throw new Error('The KurrentDB container has not started');
          return url;
        },
      });
    });
    return;
  }
  const reason =
    'no KurrentDB: TEST_KURRENTDB_URL and KURRENTDB_URL are unset and no container runtime was found for testcontainers ' +
    '(DOCKER_HOST, ~/.testcontainers.properties, docker/podman sockets)';
  describe(title, () => {
    // eslint-disable-next-line no-console
    console.warn(`SKIPPED "${title}": ${reason}`);
    it.skip(`SKIPPED: ${reason}`, () => undefined);
  });
}
