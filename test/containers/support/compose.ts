import { existsSync, readFileSync } from 'node:fs';
import { load } from 'js-yaml';

/**
 * deploy/compose.yml translated into `podman run` arguments, for machines without Docker Compose
 * v2 (Debian's docker-compose 1.29 and podman-compose 1.0.3 cannot read its `env_file` entries
 * with `path`/`required`). Every key of every service is either translated or refused: a key this
 * translator does not know throws, so the production-shape test can never silently run something
 * other than the file. What a test changes (published ports, an extra Kafka listener, the OIDC
 * issuer it starts) is an explicit overlay, applied as a compose override file would be, and the
 * test compares what podman created against the file plus that overlay (`podman inspect`).
 */

export interface HealthCheck {
  /** As compose writes it: ["CMD", ...argv] or ["CMD-SHELL", "command"]. */
  readonly test: readonly string[];
  readonly intervalSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly retries?: number;
  readonly startPeriodSeconds?: number;
}

export interface ServicePlan {
  readonly service: string;
  readonly image: string;
  /** env_file entries (in order) then `environment`, which wins over them, as in compose. */
  readonly env: Readonly<Record<string, string>>;
  readonly command?: readonly string[];
  /** Named volumes and their mount points. */
  readonly volumes: readonly { readonly volume: string; readonly target: string }[];
  /** Secret files, mounted read-only at /run/secrets/<name>. */
  readonly secrets: readonly { readonly name: string; readonly file: string }[];
  readonly ports: readonly { readonly host: number; readonly container: number }[];
  readonly expose: readonly number[];
  readonly readOnly: boolean;
  readonly tmpfs: readonly string[];
  readonly healthcheck?: HealthCheck;
  readonly restart?: string;
  readonly stopGraceSeconds?: number;
  readonly dependsOn: readonly { readonly service: string; readonly condition: 'service_started' | 'service_healthy' }[];
}

export interface ComposePlan {
  readonly project: string;
  readonly services: readonly ServicePlan[];
  readonly volumes: readonly string[];
}

const SERVICE_KEYS = new Set([
  'image', 'build', 'env_file', 'environment', 'command', 'volumes', 'secrets', 'ports', 'expose',
  'read_only', 'tmpfs', 'healthcheck', 'restart', 'stop_grace_period', 'depends_on', 'deploy',
]);
const TOP_KEYS = new Set(['name', 'services', 'volumes', 'secrets']);

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `${VAR}`, `${VAR:-default}` and `$$` as compose interpolates them, from `vars`. */
export function interpolate(text: string, vars: Readonly<Record<string, string | undefined>>): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g, (whole, name: string | undefined, fallback: string | undefined) => {
    if (whole === '$$') return '$';
    const value = vars[name!];
    return value !== undefined && value !== '' ? value : fallback ?? '';
  });
}

function interpolateAll(value: unknown, vars: Readonly<Record<string, string | undefined>>): unknown {
  if (typeof value === 'string') return interpolate(value, vars);
  if (Array.isArray(value)) return value.map((v) => interpolateAll(v, vars));
  if (isNode(value)) return Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('x-')).map(([k, v]) => [k, interpolateAll(v, vars)]));
  return value;
}

/** "30s", "1m30s", "500ms" in seconds. */
export function durationSeconds(text: unknown): number {
  const parts = String(text).match(/^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/);
  if (!parts || parts[0] === '') throw new Error(`compose: cannot read the duration ${JSON.stringify(text)}`);
  const [, h = '0', m = '0', s = '0', ms = '0'] = parts;
  return Number(h) * 3600 + Number(m) * 60 + Number(s) + Number(ms) / 1000;
}

/** KEY=VALUE lines, comments and blank lines skipped, as compose reads an env file. */
export function readEnvFile(path: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const at = trimmed.indexOf('=');
    if (at <= 0) throw new Error(`compose: ${path}: not KEY=VALUE: ${trimmed.slice(0, 20)}...`);
    let value = trimmed.slice(at + 1);
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    env[trimmed.slice(0, at)] = value;
  }
  return env;
}

function stringMap(value: unknown, where: string): Record<string, string> {
  if (value === undefined) return {};
  if (Array.isArray(value)) {
    return Object.fromEntries(value.map((entry) => {
      const text = String(entry);
      const at = text.indexOf('=');
      if (at <= 0) throw new Error(`compose: ${where}: ${text} has no value`);
      return [text.slice(0, at), text.slice(at + 1)];
    }));
  }
  if (!isNode(value)) throw new Error(`compose: ${where} is neither a list nor a map`);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** The compose file as podman will run it. `vars` are the shell variables compose would see. */
export function composePlan(file: string, vars: Readonly<Record<string, string | undefined>>): ComposePlan {
  const raw = load(readFileSync(file, 'utf8'));
  if (!isNode(raw)) throw new Error(`compose: ${file} is not a map`);
  const doc = interpolateAll(raw, vars) as Node;
  for (const key of Object.keys(doc)) if (!TOP_KEYS.has(key)) throw new Error(`compose: top-level key "${key}" is not translated`);
  const project = String(doc.name ?? 'compose');
  const secretFiles = new Map<string, string>();
  for (const [name, spec] of Object.entries(isNode(doc.secrets) ? doc.secrets : {})) {
    if (!isNode(spec) || typeof spec.file !== 'string' || Object.keys(spec).length !== 1) throw new Error(`compose: secret "${name}" must be a file`);
    secretFiles.set(name, spec.file);
  }
  const volumes = Object.keys(isNode(doc.volumes) ? doc.volumes : {});
  if (!isNode(doc.services)) throw new Error('compose: no services');

  const services = Object.entries(doc.services).map(([service, value]): ServicePlan => {
    if (!isNode(value)) throw new Error(`compose: service ${service} is not a map`);
    for (const key of Object.keys(value)) if (!SERVICE_KEYS.has(key)) throw new Error(`compose: ${service}.${key} is not translated`);
    if (typeof value.image !== 'string') throw new Error(`compose: ${service} names no image (the images come from deploy/containers/images.sh)`);

    const env: Record<string, string> = {};
    for (const entry of (value.env_file as unknown[] | undefined) ?? []) {
      const path = isNode(entry) ? String(entry.path) : String(entry);
      const required = isNode(entry) ? entry.required !== false : true;
      if (existsSync(path)) Object.assign(env, readEnvFile(path));
      else if (required) throw new Error(`compose: ${service}: the env file ${path} is required and missing`);
    }
    Object.assign(env, stringMap(value.environment, `${service}.environment`));

    const namedVolumes = ((value.volumes as unknown[] | undefined) ?? []).map((entry) => {
      const [volume = '', target = '', ...rest] = String(entry).split(':');
      if (!volumes.includes(volume) || rest.length > 0) throw new Error(`compose: ${service}: only named volumes without options are translated (${String(entry)})`);
      return { volume, target };
    });
    const secrets = ((value.secrets as unknown[] | undefined) ?? []).map((name) => {
      const file = secretFiles.get(String(name));
      if (file === undefined) throw new Error(`compose: ${service}: unknown secret ${String(name)}`);
      return { name: String(name), file };
    });
    const ports = ((value.ports as unknown[] | undefined) ?? []).map((entry) => {
      const match = String(entry).match(/^(\d+):(\d+)$/);
      if (!match) throw new Error(`compose: ${service}: port ${String(entry)} is not HOST:CONTAINER`);
      return { host: Number(match[1]), container: Number(match[2]) };
    });

    let healthcheck: HealthCheck | undefined;
    if (isNode(value.healthcheck)) {
      const h = value.healthcheck;
      for (const key of Object.keys(h)) if (!['test', 'interval', 'timeout', 'retries', 'start_period'].includes(key)) throw new Error(`compose: ${service}.healthcheck.${key} is not translated`);
      const test = Array.isArray(h.test) ? h.test.map(String) : ['CMD-SHELL', String(h.test)];
      if (test[0] !== 'CMD' && test[0] !== 'CMD-SHELL') throw new Error(`compose: ${service}: healthcheck test must start with CMD or CMD-SHELL`);
      healthcheck = {
        test,
        intervalSeconds: h.interval === undefined ? undefined : durationSeconds(h.interval),
        timeoutSeconds: h.timeout === undefined ? undefined : durationSeconds(h.timeout),
        retries: h.retries === undefined ? undefined : Number(h.retries),
        startPeriodSeconds: h.start_period === undefined ? undefined : durationSeconds(h.start_period),
      };
    }

    const dependsOn = Array.isArray(value.depends_on)
      ? value.depends_on.map((s) => ({ service: String(s), condition: 'service_started' as const }))
      : Object.entries(isNode(value.depends_on) ? value.depends_on : {}).map(([s, spec]) => {
          const condition = isNode(spec) ? String(spec.condition ?? 'service_started') : 'service_started';
          if (condition !== 'service_started' && condition !== 'service_healthy') throw new Error(`compose: ${service}: depends_on condition ${condition} is not translated`);
          return { service: s, condition: condition as 'service_started' | 'service_healthy' };
        });

    if (value.deploy !== undefined) {
      const deploy = value.deploy as Node;
      if (Object.keys(deploy).some((k) => k !== 'replicas') || Number(deploy.replicas ?? 1) !== 1) throw new Error(`compose: ${service}.deploy: only replicas: 1 is translated`);
    }
    return {
      service,
      image: value.image,
      env,
      command: Array.isArray(value.command) ? value.command.map(String) : value.command === undefined ? undefined : ['/bin/sh', '-c', String(value.command)],
      volumes: namedVolumes,
      secrets,
      ports,
      expose: ((value.expose as unknown[] | undefined) ?? []).map(Number),
      readOnly: value.read_only === true,
      tmpfs: ((value.tmpfs as unknown[] | undefined) ?? []).map(String),
      healthcheck,
      restart: value.restart === undefined ? undefined : String(value.restart),
      stopGraceSeconds: value.stop_grace_period === undefined ? undefined : durationSeconds(value.stop_grace_period),
      dependsOn,
    };
  });
  return { project, services: startOrder(services), volumes };
}

/** Services in an order that starts every dependency first (compose's own order). */
function startOrder(services: ServicePlan[]): ServicePlan[] {
  const byName = new Map(services.map((s) => [s.service, s]));
  const ordered: ServicePlan[] = [];
  const visiting = new Set<string>();
  const visit = (s: ServicePlan) => {
    if (ordered.includes(s)) return;
    if (visiting.has(s.service)) throw new Error(`compose: depends_on cycle at ${s.service}`);
    visiting.add(s.service);
    for (const d of s.dependsOn) {
      const dependency = byName.get(d.service);
      if (!dependency) throw new Error(`compose: ${s.service} depends on unknown ${d.service}`);
      visit(dependency);
    }
    ordered.push(s);
  };
  services.forEach(visit);
  return ordered;
}

/** What a test changes, as a compose override file would: env added or replaced, ports added. */
export interface Overlay {
  readonly env?: Readonly<Record<string, string>>;
  /** Container ports to publish on 127.0.0.1 at the given host ports (replacing the file's). */
  readonly publish?: readonly { readonly host: number; readonly container: number }[];
}

/** `podman run -d` arguments (after `--name`) for one service of the plan, on `network`. */
export function podmanRunArgs(plan: ServicePlan, options: { network: string; volumeNames: ReadonlyMap<string, string>; overlay?: Overlay }): string[] {
  const env = { ...plan.env, ...(options.overlay?.env ?? {}) };
  const args = ['--network', options.network, '--network-alias', plan.service];
  for (const [key, value] of Object.entries(env)) args.push('-e', `${key}=${value}`);
  for (const v of plan.volumes) args.push('-v', `${options.volumeNames.get(v.volume) ?? v.volume}:${v.target}`);
  for (const s of plan.secrets) args.push('-v', `${s.file}:/run/secrets/${s.name}:ro`);
  for (const p of options.overlay?.publish ?? plan.ports) args.push('-p', `127.0.0.1:${p.host}:${p.container}`);
  for (const port of plan.expose) args.push('--expose', String(port));
  // Docker's read_only mounts nothing writable by itself; podman's adds /run and /var/tmp unless told not to.
  if (plan.readOnly) args.push('--read-only', '--read-only-tmpfs=false');
  for (const path of plan.tmpfs) args.push('--tmpfs', path);
  if (plan.restart) args.push('--restart', plan.restart);
  if (plan.stopGraceSeconds !== undefined) args.push('--stop-timeout', String(Math.ceil(plan.stopGraceSeconds)));
  const h = plan.healthcheck;
  if (h) {
    // podman reads a JSON array as an exec-form command and a plain string as a shell command.
    args.push('--health-cmd', h.test[0] === 'CMD' ? JSON.stringify(h.test.slice(1)) : h.test.slice(1).join(' '));
    if (h.intervalSeconds !== undefined) args.push('--health-interval', `${h.intervalSeconds}s`);
    if (h.timeoutSeconds !== undefined) args.push('--health-timeout', `${h.timeoutSeconds}s`);
    if (h.retries !== undefined) args.push('--health-retries', String(h.retries));
    if (h.startPeriodSeconds !== undefined) args.push('--health-start-period', `${h.startPeriodSeconds}s`);
  }
  args.push(plan.image, ...(plan.command ?? []));
  return args;
}
