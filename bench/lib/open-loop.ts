/**
 * The open-loop load generator of bench/load.bench.ts, run in its own process. Reads a JSON plan
 * (path in argv[2]) and sends a realistic mix of commands and queue reads at a constant arrival
 * rate: operation k is due at start + k / rate whatever happened to earlier ones, and its latency
 * is measured from that intended time, so a request that waited (for a free connection, or for
 * this process's event loop) counts its wait (coordinated omission corrected). Prints one JSON
 * line per step.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { COMMAND_OPS, OPS, type Op, type OpenLoopPlan, type StepResult } from './open-loop-plan';
import { cpuBetween, type PhaseSnapshot, phaseSnapshot, phasesBetween, summarize } from './open-loop-stats';

interface Sample {
  readonly op: Op;
  readonly latency: number;
  readonly service: number;
  readonly status: number;
}

const CATEGORIES = ['groceries', 'transportation', 'phone_card', 'hygiene', 'childcare', 'lodging', 'clothing'];
const PAYMENT = ['vendor_payment', 'gift_card', 'bus_pass', 'phone_card'];
const AGE = ['18_24', '25_59', '60_plus', 'not_collected'];

/** Requests at each stage of their life, waiting for the next operation of the mix. */
interface Pools {
  small: { requestId: string; agency: number }[];
  large: { requestId: string; agency: number }[];
  approved: { requestId: string; agency: number }[];
  paid: { requestId: string; agency: number; disbursementId: string }[];
}

async function main(): Promise<void> {
  const plan = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as OpenLoopPlan;
  const agent = new Agent({ keepAlive: true, maxSockets: plan.maxInFlight });
  const pools: Pools = { small: [], large: [], approved: [], paid: [] };
  const used = plan.agencies.map(() => 0);
  let n = 0;
  let target = 0;
  const cumulative = OPS.map((_, i) => OPS.slice(0, i + 1).reduce((s, o) => s + plan.weights[o], 0));
  const total = cumulative.at(-1)!;

  function send(method: 'GET' | 'POST', path: string, token: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> | undefined }> {
    const base = new URL(plan.targets[target++ % plan.targets.length]!);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
      if (plan.idempotencyKeys) headers['idempotency-key'] = randomUUID();
    }
    return new Promise((resolve) => {
      const req = request({ agent, host: base.hostname, port: base.port, method, path, headers, timeout: 10_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let json: Record<string, unknown> | undefined;
          if (method === 'POST' && (res.statusCode ?? 0) < 300) {
            try {
              json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
            } catch {
              json = undefined;
            }
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      // Status 0: the connection failed or timed out.
      req.on('error', () => resolve({ status: 0, json: undefined }));
      req.end(payload);
    });
  }

  const pick = (): Op => {
    const x = ((n * 0.6180339887498949) % 1) * total;
    return OPS[cumulative.findIndex((c) => x < c)] ?? 'submit';
  };

  /** What to send for an operation, taken from its pool now (at send time), or a submit instead. */
  function prepare(wanted: Op): { op: Op; run: () => Promise<number> } {
    const i = n++;
    const take = <T>(pool: T[]) => pool.splice(Math.floor(((i * 0.7548776662466927) % 1) * pool.length), 1)[0];
    if (wanted === 'first_vote' || wanted === 'decisive_vote') {
      const item = take(wanted === 'first_vote' ? pools.large : pools.small);
      if (item) {
        const voters = plan.council.filter((c) => c.agency !== item.agency);
        const voter = voters[i % voters.length]!;
        const decisive = wanted === 'decisive_vote';
        return {
          op: wanted,
          run: async () => {
            const r = await send('POST', `/fund-requests/${item.requestId}/votes`, voter.token, { vote: 'approve', amountCents: decisive ? 2_000 : 26_000, fundId: plan.funds[i % plan.funds.length] });
            if (r.status < 300 && decisive) pools.approved.push(item);
            return r.status;
          },
        };
      }
    } else if (wanted === 'payment') {
      const item = take(pools.approved);
      if (item) {
        return {
          op: 'payment',
          run: async () => {
            const r = await send('POST', `/fund-requests/${item.requestId}/disbursements`, plan.coordinator, { source: 'money', amountCents: 2_000, paymentMethod: 'vendor_payment' });
            if (r.status < 300 && typeof r.json?.disbursementId === 'string') pools.paid.push({ ...item, disbursementId: r.json.disbursementId });
            return r.status;
          },
        };
      }
    } else if (wanted === 'receipt') {
      const item = take(pools.paid);
      if (item) {
        return {
          op: 'receipt',
          run: async () => (await send('POST', `/fund-requests/${item.requestId}/disbursements/${item.disbursementId}/receipt`, plan.agencies[item.agency]!.token, { amountCents: 2_000 })).status,
        };
      }
    } else if (wanted === 'council_queue') {
      return { op: wanted, run: async () => (await send('GET', '/queues/council', plan.council[i % plan.council.length]!.token)).status };
    } else if (wanted === 'payments_queue') {
      return { op: wanted, run: async () => (await send('GET', '/queues/payments', plan.coordinator)).status };
    }
    // A submit; three in five are small (one approval decides and reserves), the rest need two votes.
    const a = i % plan.agencies.length;
    const agency = plan.agencies[a]!;
    const small = i % 5 < 3;
    const reference = agency.references[used[a]!++ % agency.references.length]!;
    return {
      op: 'submit',
      run: async () => {
        const r = await send('POST', '/fund-requests', agency.token, {
          survivorReference: reference,
          category: CATEGORIES[i % CATEGORIES.length],
          amountCents: small ? 2_000 + (i % 41) * 100 : 26_000 + (i % 41) * 500,
          paymentMethod: PAYMENT[i % PAYMENT.length],
          urgency: i % 5 === 0 ? 'urgent' : 'standard',
          neededBy: '2099-12-31',
          demographics: { ageBand: AGE[i % AGE.length], county: 'cumberland', traffickingType: i % 2 ? 'labor' : 'sex' },
        });
        if (r.status < 300 && typeof r.json?.requestId === 'string') (small ? pools.small : pools.large).push({ requestId: r.json.requestId, agency: a });
        return r.status;
      },
    };
  }

  for (const step of plan.steps) {
    const before: PhaseSnapshot[] = await Promise.all(plan.targets.map((t) => phaseSnapshot(t)));
    const samples: Sample[] = [];
    let substituted = 0;
    let maxSendLag = 0;
    let inFlight = 0;
    const waiting: { intended: number; wanted: Op }[] = [];
    const start = performance.now() + 20;
    const count = Math.round(step.rate * step.seconds);
    let scheduled = 0;
    let settle: () => void = () => undefined;
    const allDone = new Promise<void>((resolve) => (settle = resolve));
    let finished = 0;

    const launch = (intended: number, wanted: Op) => {
      const { op, run } = prepare(wanted);
      if (op !== wanted) substituted++;
      inFlight++;
      const sent = performance.now();
      maxSendLag = Math.max(maxSendLag, sent - intended);
      void run().then((status) => {
        const done = performance.now();
        samples.push({ op, latency: done - intended, service: done - sent, status });
        inFlight--;
        finished++;
        const next = waiting.shift();
        if (next) launch(next.intended, next.wanted);
        if (finished === count) settle();
      });
    };

    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        while (scheduled < count && start + (scheduled * 1000) / step.rate <= now) {
          const intended = start + (scheduled * 1000) / step.rate;
          const wanted = pick();
          scheduled++;
          if (inFlight < plan.maxInFlight) launch(intended, wanted);
          else waiting.push({ intended, wanted });
        }
        if (scheduled >= count) return resolve();
        const due = start + (scheduled * 1000) / step.rate - performance.now();
        setTimeout(tick, Math.max(0, Math.min(due, 5)));
      };
      tick();
    });
    const sendingEnded = performance.now();
    await allDone;
    const after = await Promise.all(plan.targets.map((t) => phaseSnapshot(t)));
    const elapsed = (sendingEnded - start) / 1000;
    const result: StepResult = {
      label: step.label,
      rate: step.rate,
      seconds: elapsed,
      substituted,
      maxSendLag,
      ops: Object.fromEntries(
        [...OPS, 'commands' as const, 'all' as const]
          .map((op) => {
            const of = samples.filter((s) => (op === 'all' ? true : op === 'commands' ? COMMAND_OPS.includes(s.op) : s.op === op));
            return [op, of.length ? summarize(of, elapsed) : undefined] as const;
          })
          .filter(([, s]) => s !== undefined),
      ),
      phases: phasesBetween(before, after),
      apiCpuSeconds: cpuBetween(before, after),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
  agent.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
