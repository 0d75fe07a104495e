/**
 * One api replica's share of bench/hot-fund.bench.ts, in its own process: decisive approvals
 * that all reserve from one fund, run through the kernel's `runUnitOfWork` on PostgreSQL at a
 * fixed arrival rate. Each approval reads what the real vote reads (protocol registry and
 * version, the request, the restricted-funds registry, the fund, the organization, the survivor
 * reference) and appends to three streams in one append (request, fund, survivor reference), the
 * fund's decision taken by the real fund decider. Latency is measured from the intended start,
 * so queueing is not hidden.
 *
 *   node -r @swc-node/register bench/lib/hot-fund-load.ts '<json plan>'
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DomainError, openEventStore, runUnitOfWork, toEventsToAppend, type CommandContext, type Decider, type DomainEvent, type EventStore } from '@fund/event-sourcing';
import { fundDecider, fundStreamId, type FundCommand } from '@fund/funds';

export interface HotFundPlan {
  readonly mode: 'setup' | 'load';
  readonly url: string;
  readonly rate: number;
  readonly seconds: number;
  /** Request numbers used by this replica in this step: first, and every `stride`-th after it. */
  readonly first: number;
  readonly stride: number;
  readonly poolSize: number;
}

export interface HotFundResult {
  readonly ok: number;
  readonly elapsedMs: number;
  readonly latencies: number[];
  readonly refusals: Record<string, number>;
}

const REFERENCES = 600;
const ORGANIZATIONS = 8;

type Fact = DomainEvent<'Fact', { readonly n: number }>;
/** A stream the approval only reads (protocol, registry, organization). */
const reader: Decider<{ n: number }, never, Fact> = { initialState: () => ({ n: 0 }), evolve: (s, e) => ({ n: s.n + e.data.n }), decide: () => [] };

type Approved = DomainEvent<'BenchApproved', { readonly amountCents: number }>;
const request: Decider<{ approved: boolean }, { amountCents: number }, Approved> = {
  initialState: () => ({ approved: false }),
  evolve: () => ({ approved: true }),
  decide: (c, s) => {
    if (s.approved) throw new DomainError('BENCH.ALREADY_APPROVED', 'already approved');
    return [{ type: 'BenchApproved', data: { amountCents: c.amountCents } }];
  },
};

type Committed = DomainEvent<'BenchSupportCommitted', { readonly amountCents: number }>;
const survivor: Decider<{ committedCents: number }, { amountCents: number }, Committed> = {
  initialState: () => ({ committedCents: 0 }),
  evolve: (s, e) => ({ committedCents: s.committedCents + e.data.amountCents }),
  decide: (c) => [{ type: 'BenchSupportCommitted', data: { amountCents: c.amountCents } }],
};

const FUND = fundStreamId('general');
const context = (): CommandContext => ({ actor: { userId: 'council-1', role: 'council', organizationId: 'coalition' }, correlationId: randomUUID(), now: new Date() });

async function setup(store: EventStore): Promise<void> {
  const ctx = context();
  for (const streamId of ['bench-protocol-registry', 'bench-protocol-2026-1', 'bench-restricted-funds', ...Array.from({ length: ORGANIZATIONS }, (_, i) => `bench-organization-${i}`)]) {
    await store.append({ streamId, expectedVersion: 'no_stream', events: toEventsToAppend<Fact>([{ type: 'Fact', data: { n: 1 } }], ctx, streamId) });
  }
  let state = fundDecider.initialState();
  const events = [];
  for (const command of [
    { type: 'OpenFund', data: { fundId: 'general', name: 'General', restricted: false } },
    { type: 'ReceiveMoney', data: { donationId: 'grant-1', amountCents: 100_000_000 } },
    { type: 'ReceiveMoney', data: { donationId: 'grant-2', amountCents: 100_000_000 } },
  ] as FundCommand[]) {
    const decided = fundDecider.decide(command, state);
    for (const e of Array.isArray(decided) ? decided : [decided]) {
      state = fundDecider.evolve(state, e);
      events.push(e);
    }
  }
  await store.append({ streamId: FUND, expectedVersion: 'no_stream', events: toEventsToAppend(events, ctx, FUND) });
}

async function approve(store: EventStore, n: number): Promise<void> {
  const amountCents = 2_000 + (n % 41) * 100;
  await runUnitOfWork(store, context(), async (uow) => {
    await uow.load('bench-protocol-registry', reader);
    await uow.load('bench-protocol-2026-1', reader);
    await uow.decide(`bench-request-${n}`, request, { amountCents });
    await uow.load('bench-restricted-funds', reader);
    await uow.load(FUND, fundDecider);
    await uow.load(`bench-organization-${n % ORGANIZATIONS}`, reader);
    await uow.decide(FUND, fundDecider, { type: 'ReserveMoney', data: { requestId: `r-${n}`, amountCents } });
    await uow.decide(`bench-survivor-${n % REFERENCES}`, survivor, { amountCents });
  });
}

async function load(store: EventStore, plan: HotFundPlan): Promise<HotFundResult> {
  const total = Math.round(plan.rate * plan.seconds);
  const latencies: number[] = [];
  const refusals: Record<string, number> = {};
  const start = performance.now() + 50;
  let lastDone = start;
  await Promise.all(
    Array.from({ length: total }, async (_, i) => {
      const due = start + (i * 1000) / plan.rate;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      try {
        await approve(store, plan.first + i * plan.stride);
        latencies.push(performance.now() - due);
      } catch (error) {
        const code = (error as { code?: string }).code ?? (error as Error).message;
        refusals[code] = (refusals[code] ?? 0) + 1;
      }
      lastDone = Math.max(lastDone, performance.now());
    }),
  );
  return { ok: latencies.length, elapsedMs: lastDone - start, latencies: latencies.sort((a, b) => a - b), refusals };
}

async function main(): Promise<void> {
  const plan = JSON.parse(process.argv[2]!) as HotFundPlan;
  const { store } = await openEventStore({ kind: 'postgres', connectionString: plan.url, poolSize: plan.poolSize });
  try {
    if (plan.mode === 'setup') {
      await setup(store);
      process.stdout.write('\n{}\n');
      return;
    }
    // Warm-up (not measured): connections, prepared statements, the fund's folded state.
    await load(store, { ...plan, rate: 10, seconds: 1, first: plan.first + 1_000_000_000 });
    process.stdout.write(`\n${JSON.stringify(await load(store, plan))}\n`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
