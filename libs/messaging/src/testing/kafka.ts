import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Finds a Kafka broker for the *.int-spec.ts suites, in the order architecture.md asks for:
 * 1. KAFKA_BROKERS from the environment;
 * 2. a broker already answering on 127.0.0.1:9092;
 * 3. the local broker from deploy/kafka (java + the jars, fetched with mvn the first time),
 *    started once per run: start.sh holds a lock, so parallel test files share one broker;
 * 4. testcontainers' Kafka module where a container runtime exists (not a dependency here:
 *    loaded only if installed);
 * 5. otherwise the suite registers one skipped test whose title says why, and prints it.
 * Discovery runs when the suite is declared (jest needs to know then whether to skip), so it
 * is synchronous; its result is cached in the environment of this jest worker.
 */
const REPO = join(__dirname, '..', '..', '..', '..');
export const KAFKA_DEPLOY_DIR = join(REPO, 'deploy', 'kafka');
const LOCAL = '127.0.0.1:9092';
const FOUND = 'SF_TEST_KAFKA_BROKERS';
const SKIP = 'SF_TEST_KAFKA_SKIP';
const CONTAINER = 'SF_TEST_KAFKA_CONTAINER';
const TESTCONTAINERS_KAFKA = '@testcontainers/kafka';
/** Written when discovery started the shared broker, so the run's global teardown can stop it. */
const STARTED_BY_TESTS = join(KAFKA_DEPLOY_DIR, 'run', 'started-by-tests');

/** The brokers the current suite should use (valid inside its hooks and tests). */
export function testKafkaBrokers(): string[] {
  const brokers = process.env[FOUND];
  if (!brokers) throw new Error('No Kafka broker for tests: declare the suite with describeWithKafka');
  return brokers.split(',');
}

/** A topic no other test file or run uses. */
export function uniqueTopic(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Whether something accepts TCP connections at host:port, checked from a child (we must not block on a promise here). */
function answers(hostPort: string): boolean {
  const [host, port] = hostPort.split(':');
  const probe = `const s=require('net').connect(${Number(port)},${JSON.stringify(host)});s.setTimeout(1500);s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1));s.on('timeout',()=>process.exit(1));`;
  return spawnSync(process.execPath, ['-e', probe], { stdio: 'ignore', timeout: 5_000 }).status === 0;
}

function jarsPresent(): boolean {
  return existsSync(join(KAFKA_DEPLOY_DIR, 'lib', process.env.KAFKA_VERSION ?? '3.9.2', '.fetched'));
}

/** Java, and either the jars or mvn to fetch them: what deploy/kafka/start.sh needs. */
export function localBrokerUnavailableReason(): string | null {
  if (!has('java')) return 'java is not installed';
  if (!jarsPresent() && !has('mvn')) return 'the Kafka jars are not fetched and mvn is not installed';
  return null;
}

function startLocalBroker(): { brokers: string } | { error: string } {
  const result = spawnSync('bash', [join(KAFKA_DEPLOY_DIR, 'start.sh')], { encoding: 'utf8', timeout: 300_000, env: { ...process.env, KAFKA_RUN_DIR: '' } });
  const line = result.stdout?.split('\n').find((l) => l.startsWith('KAFKA_BROKERS='));
  if (result.status === 0 && line) {
    writeFileSync(STARTED_BY_TESTS, `${new Date().toISOString()}\n`);
    return { brokers: line.slice('KAFKA_BROKERS='.length).trim() };
  }
  return { error: `deploy/kafka/start.sh failed (exit ${String(result.status)}): ${(result.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}` };
}

/**
 * For jest's global teardown: stops the shared local broker if test discovery started it in
 * this run, and leaves one started by hand or by CI alone.
 */
export function stopKafkaStartedByTests(): void {
  if (!existsSync(STARTED_BY_TESTS)) return;
  spawnSync('bash', [join(KAFKA_DEPLOY_DIR, 'stop.sh')], { stdio: 'ignore', timeout: 60_000, env: { ...process.env, KAFKA_RUN_DIR: '' } });
  rmSync(STARTED_BY_TESTS, { force: true });
}

function containerRuntimeAvailable(): boolean {
  const check = `import('testcontainers').then(({getContainerRuntimeClient})=>getContainerRuntimeClient()).then(()=>process.exit(0),()=>process.exit(1))`;
  return spawnSync(process.execPath, ['-e', check], { stdio: 'ignore', timeout: 20_000 }).status === 0;
}

function moduleInstalled(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

type Discovery = { kind: 'brokers'; brokers: string } | { kind: 'container' } | { kind: 'skip'; reason: string };

function discover(): Discovery {
  if (process.env[FOUND]) return { kind: 'brokers', brokers: process.env[FOUND] };
  if (process.env[SKIP]) return { kind: 'skip', reason: process.env[SKIP] };
  if (process.env[CONTAINER]) return { kind: 'container' };
  const fromEnv = process.env.KAFKA_BROKERS?.trim();
  if (fromEnv) return { kind: 'brokers', brokers: fromEnv };
  if (answers(LOCAL)) return { kind: 'brokers', brokers: LOCAL };
  const noLocal = localBrokerUnavailableReason();
  let startError: string | null = null;
  if (noLocal === null) {
    const started = startLocalBroker();
    if ('brokers' in started) return { kind: 'brokers', brokers: started.brokers };
    startError = started.error;
  }
  const why = [`KAFKA_BROKERS is unset`, `nothing answers at ${LOCAL}`, startError ?? `no local broker (${noLocal ?? 'unknown'})`];
  if (containerRuntimeAvailable()) {
    if (moduleInstalled(TESTCONTAINERS_KAFKA)) return { kind: 'container' };
    why.push(`a container runtime exists but ${TESTCONTAINERS_KAFKA} is not installed`);
  } else {
    why.push('no container runtime for testcontainers');
  }
  return { kind: 'skip', reason: `no Kafka: ${why.join(', ')}` };
}

interface StartedKafkaContainer {
  getBootstrapServers(): string;
  stop(): Promise<unknown>;
}

/** Loaded by name so the module stays optional; its shape is checked where it is used. */
async function startKafkaContainer(): Promise<StartedKafkaContainer> {
  const name: string = TESTCONTAINERS_KAFKA;
  const loaded = (await import(name)) as { KafkaContainer?: new (image: string) => { withKraft?: () => unknown; start(): Promise<StartedKafkaContainer> } };
  if (!loaded.KafkaContainer) throw new Error(`${TESTCONTAINERS_KAFKA} has no KafkaContainer export`);
  return new loaded.KafkaContainer('confluentinc/cp-kafka:7.9.0').start();
}

/** A suite that needs a Kafka broker; without one it is reported as skipped, loudly, never passed. */
export function describeWithKafka(title: string, body: () => void): void {
  const found = discover();
  if (found.kind === 'skip') {
    process.env[SKIP] = found.reason;
    describe(title, () => {
      // eslint-disable-next-line no-console
      console.warn(`SKIPPED "${title}": ${found.reason}`);
      it.skip(`SKIPPED: ${found.reason}`, () => undefined);
    });
    return;
  }
  if (found.kind === 'brokers') {
    process.env[FOUND] = found.brokers;
    describe(title, body);
    return;
  }
  process.env[CONTAINER] = 'true';
  describe(title, () => {
    let container: StartedKafkaContainer | undefined;
    beforeAll(async () => {
      container = await startKafkaContainer();
      process.env[FOUND] = container.getBootstrapServers();
    }, 300_000);
    afterAll(async () => {
      delete process.env[FOUND];
      await container?.stop();
    });
    body();
  });
}

/**
 * A broker of the suite's own (own ports, own data under a temp folder) that it may stop and
 * start at will without disturbing the shared one other test files use. deploy/kafka scripts.
 */
export class PrivateKafkaBroker {
  private constructor(
    readonly port: number,
    private readonly controllerPort: number,
    private readonly runDir: string,
  ) {}

  static async create(): Promise<PrivateKafkaBroker> {
    const [port, controllerPort] = [await freePort(), await freePort()];
    return new PrivateKafkaBroker(port, controllerPort, mkdtempSync(join(tmpdir(), 'sf-kafka-')));
  }

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  start(): void {
    this.run('start.sh');
  }

  stop(): void {
    this.run('stop.sh');
  }

  /** Stops the broker and removes its data. */
  dispose(): void {
    this.stop();
    rmSync(this.runDir, { recursive: true, force: true });
  }

  private run(script: string): void {
    const result = spawnSync('bash', [join(KAFKA_DEPLOY_DIR, script)], {
      encoding: 'utf8',
      timeout: 300_000,
      env: { ...process.env, KAFKA_PORT: String(this.port), KAFKA_CONTROLLER_PORT: String(this.controllerPort), KAFKA_RUN_DIR: this.runDir },
    });
    if (result.status !== 0) throw new Error(`deploy/kafka/${script} failed (exit ${String(result.status)}): ${(result.stderr ?? '').trim()}`);
  }
}

/** A suite that starts its own broker (java + jars); skipped, loudly, where that cannot run. */
export function describeWithPrivateKafka(title: string, body: () => void): void {
  const reason = localBrokerUnavailableReason();
  if (reason === null) {
    describe(title, body);
    return;
  }
  describe(title, () => {
    // eslint-disable-next-line no-console
    console.warn(`SKIPPED "${title}": cannot start a private broker: ${reason}`);
    it.skip(`SKIPPED: cannot start a private broker: ${reason}`, () => undefined);
  });
}

function freePort(): Promise<number> {
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
