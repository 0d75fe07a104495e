import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * What deploy/containers/images.sh left for the container suites: its verdict (ready, skip,
 * failed), the reason, and the images it built. The suites never build anything themselves.
 */
export const REPO = join(__dirname, '..', '..', '..');
const STATUS_FILE = join(REPO, 'deploy', 'containers', 'run', 'images.env');

export interface Images {
  readonly conf: string;
  readonly api: string;
  readonly worker: string;
  readonly node?: string;
  readonly postgres?: string;
  readonly kafka?: string;
  readonly kurrentdb?: string;
}

type Verdict = { kind: 'ready'; images: Images } | { kind: 'skip'; reason: string } | { kind: 'failed'; reason: string };

function readStatus(): Verdict {
  if (!existsSync(STATUS_FILE)) return { kind: 'skip', reason: 'no images: run `bash deploy/containers/images.sh` first (as root, with podman)' };
  const values = new Map<string, string>();
  for (const line of readFileSync(STATUS_FILE, 'utf8').split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) values.set(line.slice(0, at), line.slice(at + 1));
  }
  const verdict = values.get('SF_IMAGES');
  const reason = values.get('SF_IMAGES_REASON') ?? 'unknown';
  if (verdict === 'failed') return { kind: 'failed', reason: `deploy/containers/images.sh failed: ${reason}` };
  if (verdict !== 'ready') return { kind: 'skip', reason: `no images: ${reason}` };
  const get = (key: string): string | undefined => values.get(key) || undefined;
  return {
    kind: 'ready',
    images: {
      conf: get('SF_CONTAINERS_CONF') ?? join(REPO, 'deploy', 'containers', 'containers.conf'),
      api: get('SF_IMAGE_API') ?? 'localhost/survivor-fund-api:local',
      worker: get('SF_IMAGE_WORKER') ?? 'localhost/survivor-fund-worker:local',
      node: get('SF_IMAGE_NODE'),
      postgres: get('SF_IMAGE_POSTGRES'),
      kafka: get('SF_IMAGE_KAFKA'),
      kurrentdb: get('SF_IMAGE_KURRENTDB'),
    },
  };
}

let current: Images | undefined;

/** The images of the running suite (valid inside its hooks and tests). */
export function images(): Images {
  if (!current) throw new Error('declare the suite with describeWithImages');
  return current;
}

/**
 * A suite that runs the built images. Where images.sh skipped (no podman here, no mirror...) it
 * registers one skipped test whose title says why, and prints it; where images.sh found a real
 * failure of our images, it registers a failing test with that failure.
 */
export function describeWithImages(title: string, needs: readonly (keyof Images)[], body: () => void): void {
  const verdict = readStatus();
  if (verdict.kind === 'failed') {
    describe(title, () => {
      it('has its images built', () => {
        throw new Error(verdict.reason);
      });
    });
    return;
  }
  const missing = verdict.kind === 'ready' ? needs.filter((n) => !verdict.images[n]) : [];
  const reason = verdict.kind === 'skip' ? verdict.reason : missing.length > 0 ? `no local ${missing.join(', ')} image (see deploy/containers/run/images.env)` : null;
  if (reason !== null || verdict.kind !== 'ready') {
    describe(title, () => {
      // eslint-disable-next-line no-console
      console.warn(`SKIPPED "${title}": ${reason ?? 'no images'}`);
      it.skip(`SKIPPED: ${reason ?? 'no images'}`, () => undefined);
    });
    return;
  }
  current = verdict.images;
  describe(title, body);
}

export interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** One podman command with the repository's containers.conf; never throws. */
export function podmanResult(args: readonly string[], timeoutMs = 300_000): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn('podman', args, { env: { ...process.env, CONTAINERS_CONF: images().conf }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: `${stderr}${String(error)}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** One podman command that must succeed; its stdout, trimmed. */
export async function podman(...args: string[]): Promise<string> {
  const result = await podmanResult(args);
  if (result.code !== 0) throw new Error(`podman ${args.join(' ')} exited ${result.code}: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Everything one suite created (containers, then volumes, then networks), removed in its
 * afterAll whatever happened, so a failed run leaves nothing behind on the machine.
 */
export class PodmanResources {
  private readonly containers: string[] = [];
  private readonly volumes: string[] = [];
  private readonly networks: string[] = [];

  async network(prefix: string): Promise<string> {
    const name = uniqueName(prefix);
    await podman('network', 'create', name);
    this.networks.push(name);
    return name;
  }

  async volume(prefix: string): Promise<string> {
    const name = uniqueName(prefix);
    await podman('volume', 'create', name);
    this.volumes.push(name);
    return name;
  }

  /** `podman run -d --name <name> ...args`; the name is returned. */
  async run(name: string, args: readonly string[]): Promise<string> {
    this.containers.push(name);
    await podman('run', '-d', '--name', name, ...args);
    return name;
  }

  /** Where a failing test shows what the containers said. */
  async logs(tail = 60): Promise<string> {
    const parts: string[] = [];
    for (const name of this.containers) {
      const result = await podmanResult(['logs', '--tail', String(tail), name]);
      parts.push(`--- ${name}\n${result.stdout}${result.stderr}`);
    }
    return parts.join('\n');
  }

  async dispose(): Promise<void> {
    for (const name of [...this.containers].reverse()) await podmanResult(['rm', '-f', '-t', '0', name]);
    for (const name of this.volumes) await podmanResult(['volume', 'rm', '-f', name]);
    for (const name of this.networks) await podmanResult(['network', 'rm', '-f', name]);
  }
}

/** The container's state as podman reports it: running, exited, ... and its exit code. */
export async function containerState(name: string): Promise<{ status: string; exitCode: number; running: boolean }> {
  const out = await podman('inspect', '--format', '{{.State.Status}} {{.State.ExitCode}} {{.State.Running}}', name);
  const [status = '', exitCode = '-1', running = 'false'] = out.split(' ');
  return { status, exitCode: Number(exitCode), running: running === 'true' };
}

/** Waits until `GET url` answers 2xx; throws with the containers' logs after timeoutMs. */
export async function waitForOk(url: string, resources: PodmanResources, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await fetch(url, { signal: AbortSignal.timeout(3_000) }).then((r) => r.ok, () => false)) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s\n${await resources.logs()}`);
    await sleep(250);
  }
}

/**
 * Waits until a container's log holds `pattern` more than `seen` times (podman runs no health
 * checks by itself here; a restarted container keeps its earlier log, hence the count).
 */
export async function waitForLog(name: string, pattern: RegExp, timeoutMs = 180_000, seen = 0): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await podmanResult(['logs', name]);
    if (countLog(result.stdout + result.stderr, pattern) > seen) return;
    if (Date.now() > deadline) throw new Error(`${name} did not log ${String(pattern)} within ${timeoutMs / 1000} s:\n${(result.stdout + result.stderr).slice(-3000)}`);
    await sleep(500);
  }
}

function countLog(text: string, pattern: RegExp): number {
  return text.match(new RegExp(pattern.source, 'g'))?.length ?? 0;
}

/** How often a container's log holds `pattern` so far. */
export async function logCount(name: string, pattern: RegExp): Promise<number> {
  const result = await podmanResult(['logs', name]);
  return countLog(result.stdout + result.stderr, pattern);
}
