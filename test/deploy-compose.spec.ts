import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composePlan, durationSeconds, interpolate, podmanRunArgs } from './containers/support/compose';

/**
 * The translation of deploy/compose.yml that the production-shape container suite runs (podman
 * has no Compose v2 here). Checked on every machine, podman or not, so that a change to the
 * compose file that the translation would drop or misread fails here first.
 */
describe('deploy/compose.yml as podman runs it', () => {
  const compose = join(__dirname, '..', 'deploy', 'compose.yml');
  let secrets: string;

  beforeAll(() => {
    secrets = mkdtempSync(join(tmpdir(), 'sf-compose-'));
    chmodSync(secrets, 0o700);
    writeFileSync(join(secrets, 'postgres.env'), 'POSTGRES_PASSWORD=pw-from-file\n');
    writeFileSync(join(secrets, 'fund.env'), '# the operator\'s file\nDATABASE_URL=postgres://fund:pw@postgres:5432/fund\nOIDC_ISSUER=https://issuer.test\nLOG_LEVEL=debug\n');
    writeFileSync(join(secrets, 'narrative-kek'), 'kek-1:x\n');
  });
  afterAll(() => rmSync(secrets, { recursive: true, force: true }));

  it('has the four services in dependency order, with every key of the file translated', () => {
    const plan = composePlan(compose, { FUND_SECRETS_DIR: secrets });
    expect(plan.project).toBe('survivor-fund');
    const order = plan.services.map((s) => s.service);
    expect(order.sort()).toEqual(['api', 'kafka', 'postgres', 'worker']);
    const at = (name: string) => plan.services.findIndex((s) => s.service === name);
    expect(at('postgres')).toBeLessThan(at('api'));
    expect(at('kafka')).toBeLessThan(at('worker'));
    expect(plan.volumes).toEqual(['postgres-data', 'kafka-data']);
  });

  it('takes env files first and lets `environment` win, as compose does; secrets come from the secrets directory', () => {
    const plan = composePlan(compose, { FUND_SECRETS_DIR: secrets });
    const api = plan.services.find((s) => s.service === 'api')!;
    expect(api.env).toMatchObject({ DATABASE_URL: 'postgres://fund:pw@postgres:5432/fund', OIDC_ISSUER: 'https://issuer.test', LOG_LEVEL: 'info', NODE_ENV: 'production', WORKER_IN_PROCESS: 'false', PORT: '3000' });
    expect(api.secrets).toEqual([{ name: 'narrative_kek', file: join(secrets, 'narrative-kek') }]);
    expect(api).toMatchObject({ readOnly: true, tmpfs: ['/tmp'], restart: 'unless-stopped', stopGraceSeconds: 30, ports: [{ host: 3000, container: 3000 }] });
    expect(api.dependsOn).toEqual([{ service: 'postgres', condition: 'service_healthy' }]);
    const postgres = plan.services.find((s) => s.service === 'postgres')!;
    expect(postgres.env).toEqual({ POSTGRES_PASSWORD: 'pw-from-file', POSTGRES_USER: 'fund', POSTGRES_DB: 'fund' });
    expect(postgres.healthcheck).toEqual({ test: ['CMD-SHELL', 'pg_isready -U fund -d fund'], intervalSeconds: 5, timeoutSeconds: 3, retries: 20, startPeriodSeconds: undefined });
    // The anchors' x- keys are compose extensions, never a service's settings.
    expect(Object.keys(api.env).some((k) => k.startsWith('x-'))).toBe(false);
  });

  it('turns a service into podman arguments: exec-form and shell-form health checks, read-only secrets, the overlay last', () => {
    const plan = composePlan(compose, { FUND_SECRETS_DIR: secrets });
    const api = plan.services.find((s) => s.service === 'api')!;
    const args = podmanRunArgs(api, { network: 'net', volumeNames: new Map(), overlay: { env: { LOG_LEVEL: 'warn' }, publish: [{ host: 41000, container: 3000 }] } });
    expect(args.slice(0, 4)).toEqual(['--network', 'net', '--network-alias', 'api']);
    expect(args).toContain('LOG_LEVEL=warn');
    expect(args).not.toContain('LOG_LEVEL=info');
    expect(args.join(' ')).toContain('-p 127.0.0.1:41000:3000');
    expect(args.join(' ')).toContain(`-v ${join(secrets, 'narrative-kek')}:/run/secrets/narrative_kek:ro`);
    expect(args[args.indexOf('--health-cmd') + 1]).toBe(JSON.stringify(api.healthcheck!.test.slice(1)));
    expect(args.join(' ')).toContain('--read-only --read-only-tmpfs=false --tmpfs /tmp');
    expect(args.at(-1)).toBe('survivor-fund-api:local');
    const postgres = plan.services.find((s) => s.service === 'postgres')!;
    const pgArgs = podmanRunArgs(postgres, { network: 'net', volumeNames: new Map([['postgres-data', 'vol-1']]) });
    expect(pgArgs[pgArgs.indexOf('--health-cmd') + 1]).toBe('pg_isready -U fund -d fund');
    expect(pgArgs.join(' ')).toContain('-v vol-1:/var/lib/postgresql/data');
    expect(pgArgs.slice(pgArgs.indexOf('postgres:15'))).toEqual(['postgres:15', 'postgres', '-c', 'wal_level=replica', '-c', 'max_connections=200', '-c', 'shared_buffers=512MB']);
  });

  it('refuses what it does not translate instead of dropping it, and a required env file that is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sf-compose-bad-'));
    try {
      const file = join(dir, 'compose.yml');
      writeFileSync(file, 'services:\n  api:\n    image: x\n    privileged: true\n');
      expect(() => composePlan(file, {})).toThrow('api.privileged is not translated');
      writeFileSync(file, 'services:\n  api:\n    image: x\n    env_file:\n      - path: /nonexistent/fund.env\n        required: true\n');
      expect(() => composePlan(file, {})).toThrow('is required and missing');
      writeFileSync(file, 'services:\n  api:\n    image: x\n    deploy:\n      replicas: 2\n');
      expect(() => composePlan(file, {})).toThrow('only replicas: 1');
      writeFileSync(file, 'services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: y\n    depends_on: [a]\n');
      expect(() => composePlan(file, {})).toThrow('cycle');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => composePlan(compose, { FUND_SECRETS_DIR: join(secrets, 'missing') })).toThrow('is required and missing');
  });

  it('interpolates and reads durations as compose does', () => {
    expect(interpolate('${A:-/etc/x}/f', {})).toBe('/etc/x/f');
    expect(interpolate('${A:-/etc/x}/f', { A: '/s' })).toBe('/s/f');
    expect(interpolate('$${A}', { A: 'no' })).toBe('${A}');
    expect([durationSeconds('30s'), durationSeconds('1m30s'), durationSeconds('500ms'), durationSeconds('2h')]).toEqual([30, 90, 0.5, 7200]);
    expect(() => durationSeconds('soon')).toThrow('duration');
  });
});
