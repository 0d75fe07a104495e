/**
 * Shared helpers for the benchmarks: arguments, throwaway PostgreSQL databases, the machine
 * description, percentiles, an RSS sampler, and appending a result section to docs/benchmarks.md.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export const ROOT = join(__dirname, '..', '..');
export const RESULTS_FILE = join(ROOT, 'docs', 'benchmarks.md');

/** Where throwaway databases are created: BENCH_POSTGRES_URL, else the local server's `test` database. */
export const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** `--name value`, `--name=value` and bare `--flag`; numbers accept `100k`, `1m`, `1_000_000`. */
export function args(argv = process.argv.slice(2)): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (inline !== undefined) out.set(name, inline);
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) out.set(name, argv[++i]!);
    else out.set(name, 'true');
  }
  return out;
}

export function count(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(value.replace(/_/g, '').trim());
  if (!m) throw new Error(`Not a count: ${value}`);
  const scale = { '': 1, k: 1_000, m: 1_000_000 }[m[2]!.toLowerCase() as '' | 'k' | 'm'];
  return Math.round(Number(m[1]) * scale);
}

export interface BenchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

export async function createDatabase(prefix: string): Promise<BenchDatabase> {
  const name = `bench_${prefix}_${randomBytes(4).toString('hex')}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => dropDatabase(name) };
}

export async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

async function admin<T>(work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function postgresSettings(): Promise<string> {
  return admin(async (c) => {
    const { rows } = await c.query<{ name: string; setting: string; unit: string | null }>(
      `SELECT name, setting, unit FROM pg_settings WHERE name IN ('server_version', 'shared_buffers', 'synchronous_commit', 'fsync', 'wal_level', 'max_connections') ORDER BY name`,
    );
    return rows.map((r) => `${r.name}=${r.setting}${r.unit && r.unit !== '' ? ` ${r.unit}` : ''}`).join(', ');
  });
}

/** Cores, CPU model, RAM (from /proc), Node version and load at start: results without them mean little. */
export function machine(): string {
  let ram = 'unknown RAM';
  try {
    const kb = Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]);
    if (kb) ram = `${(kb / 1024 / 1024).toFixed(1)} GiB RAM`;
  } catch {
    // not Linux
  }
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  return `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${ram}, Node ${process.version}, load average at start ${load}`;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a');
export const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** Samples process.memoryUsage().rss every `everyMs`; `peak` is the highest seen (and the current value). */
export class RssSampler {
  peak = process.memoryUsage().rss;
  private readonly timer: NodeJS.Timeout;
  constructor(everyMs = 100) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }
  sample(): number {
    const rss = process.memoryUsage().rss;
    if (rss > this.peak) this.peak = rss;
    return rss;
  }
  stop(): number {
    clearInterval(this.timer);
    return Math.max(this.peak, this.sample());
  }
}

/** The command line as a reader would type it. */
export function commandLine(script: string): string {
  const rest = process.argv.slice(2).join(' ');
  return `npm run ${script}${rest ? ` -- ${rest}` : ''}`;
}

/** Appends one result section (markdown) to docs/benchmarks.md, unless `--no-record`. */
export function record(section: string): void {
  if (args().has('no-record')) return;
  if (!existsSync(RESULTS_FILE)) writeFileSync(RESULTS_FILE, '# Benchmarks\n\n## Results log\n');
  appendFileSync(RESULTS_FILE, `\n${section.trim()}\n`);
  console.log(`\nappended to ${RESULTS_FILE}`);
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export const today = () => new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
