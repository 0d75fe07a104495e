/** What bench/load.bench.ts hands the open-loop generator (bench/lib/open-loop.ts), and what it prints back. */
import type { OpSummary, phasesBetween } from './open-loop-stats';

export const OPS = ['submit', 'first_vote', 'decisive_vote', 'payment', 'receipt', 'council_queue', 'payments_queue'] as const;
export type Op = (typeof OPS)[number];
export const COMMAND_OPS: readonly Op[] = ['submit', 'first_vote', 'decisive_vote', 'payment', 'receipt'];

export interface OpenLoopPlan {
  /** One base URL per api replica; operations go round-robin. */
  readonly targets: readonly string[];
  readonly steps: readonly { readonly rate: number; readonly seconds: number; readonly label: string }[];
  /** Share of arrivals per operation; an operation whose input pool is empty is sent as a submit instead. */
  readonly weights: Readonly<Record<Op, number>>;
  /** Requests allowed in flight at once (over all targets); arrivals beyond it wait, and their wait counts. */
  readonly maxInFlight: number;
  /** Send an Idempotency-Key with every command, as the web app does. */
  readonly idempotencyKeys: boolean;
  readonly agencies: readonly { readonly token: string; readonly references: readonly string[] }[];
  readonly council: readonly { readonly token: string; readonly agency: number }[];
  readonly coordinator: string;
  readonly funds: readonly string[];
}

export interface StepResult {
  readonly label: string;
  readonly rate: number;
  readonly seconds: number;
  /** Arrivals that found their input pool empty and were sent as submits. */
  readonly substituted: number;
  /** The generator's own lateness: how far behind schedule sends were, at worst (ms). */
  readonly maxSendLag: number;
  readonly ops: Partial<Record<Op | 'commands' | 'all', OpSummary>>;
  /** Mean ms per (route, phase) from the apis' /metrics over the step (commands only). */
  readonly phases: ReturnType<typeof phasesBetween>;
  /** CPU seconds the api process(es) used during the step (from their /metrics). */
  readonly apiCpuSeconds: number;
}
