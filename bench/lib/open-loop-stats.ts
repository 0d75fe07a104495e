/**
 * Figures of the open-loop generator: exact percentiles over every sample of a step (sorted
 * arrays: a step holds a few thousand samples, so no histogram approximation is needed), and the
 * apis' per-command phase breakdown read from their /metrics before and after a step.
 */

export interface OpSummary {
  readonly count: number;
  readonly ok: number;
  /** Successful responses per second of the step's sending window. */
  readonly perSecond: number;
  /** From the intended send time (queueing included): what a client at this rate sees. */
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  /** From the actual send (the server's part, as a closed-loop tool would report it). */
  readonly serviceP50: number;
  readonly serviceP99: number;
  /** Non-2xx responses by status (0: connection error or timeout). */
  readonly errors: Record<string, number>;
}

/** The nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function summarize(samples: readonly { latency: number; service: number; status: number }[], seconds: number): OpSummary {
  const latency = samples.map((s) => s.latency).sort((a, b) => a - b);
  const service = samples.map((s) => s.service).sort((a, b) => a - b);
  const errors: Record<string, number> = {};
  let ok = 0;
  for (const s of samples) {
    if (s.status >= 200 && s.status < 300) ok++;
    else errors[String(s.status)] = (errors[String(s.status)] ?? 0) + 1;
  }
  return {
    count: samples.length,
    ok,
    perSecond: ok / seconds,
    p50: percentile(latency, 50),
    p90: percentile(latency, 90),
    p99: percentile(latency, 99),
    max: latency.at(-1) ?? NaN,
    serviceP50: percentile(service, 50),
    serviceP99: percentile(service, 99),
    errors,
  };
}

/** Sums and counts per `route|phase` of command_phase_duration_seconds, and of command_stream_loads per route. */
export type PhaseSnapshot = Map<string, { sum: number; count: number }>;

const LINE = /^(command_phase_duration_seconds|command_stream_loads)_(sum|count)\{([^}]*)\} ([0-9.eE+-]+|NaN)$/;
const CPU = /^process_cpu_seconds_total ([0-9.eE+-]+)$/;

/** The api process's CPU seconds so far is kept under the key `|cpu` (as a sum). */
export function parsePhases(text: string): PhaseSnapshot {
  const out: PhaseSnapshot = new Map();
  for (const line of text.split('\n')) {
    const cpu = CPU.exec(line);
    if (cpu) out.set('|cpu', { sum: Number(cpu[1]), count: 0 });
    const m = LINE.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...m[3]!.matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1]!, l[2]!]));
    const key = `${labels.route ?? ''}|${m[1] === 'command_stream_loads' ? 'loads' : (labels.phase ?? '')}`;
    const entry = out.get(key) ?? { sum: 0, count: 0 };
    if (m[2] === 'sum') entry.sum += Number(m[4]);
    else entry.count += Number(m[4]);
    out.set(key, entry);
  }
  return out;
}

export async function phaseSnapshot(base: string): Promise<PhaseSnapshot> {
  try {
    const res = await fetch(`${base}/metrics`);
    return parsePhases(await res.text());
  } catch {
    return new Map();
  }
}

/** Per route: commands counted, and the mean of each phase in ms (stream loads as a count), over all targets. */
export function phasesBetween(before: readonly PhaseSnapshot[], after: readonly PhaseSnapshot[]): Record<string, { count: number; mean: Record<string, number> }> {
  const out: Record<string, { count: number; mean: Record<string, number> }> = {};
  after.forEach((snapshot, i) => {
    for (const [key, { sum, count }] of snapshot) {
      if (key === '|cpu') continue;
      const was = before[i]?.get(key) ?? { sum: 0, count: 0 };
      const n = count - was.count;
      if (n <= 0) continue;
      const [route, phase] = key.split('|') as [string, string];
      const entry = (out[route] ??= { count: 0, mean: {} });
      // Sums are added over targets here and divided below.
      entry.mean[phase] = (entry.mean[phase] ?? 0) + (phase === 'loads' ? sum - was.sum : (sum - was.sum) * 1000);
      entry.mean[`${phase}#n`] = (entry.mean[`${phase}#n`] ?? 0) + n;
      if (phase === 'total') entry.count += n;
    }
  });
  for (const entry of Object.values(out)) {
    for (const phase of Object.keys(entry.mean).filter((p) => !p.endsWith('#n'))) {
      entry.mean[phase] = entry.mean[phase]! / entry.mean[`${phase}#n`]!;
      delete entry.mean[`${phase}#n`];
    }
  }
  return out;
}

/** CPU seconds the api processes used between two scrapes (all replicas together). */
export function cpuBetween(before: readonly PhaseSnapshot[], after: readonly PhaseSnapshot[]): number {
  return after.reduce((total, snapshot, i) => total + (snapshot.get('|cpu')?.sum ?? 0) - (before[i]?.get('|cpu')?.sum ?? 0), 0);
}
