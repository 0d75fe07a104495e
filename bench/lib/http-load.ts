/**
 * The load generator of bench/http.bench.ts, run as a child process so autocannon's event loop
 * does not share a thread with the api it measures. Reads a JSON plan (path in argv[2]), drives
 * `submit a request -> approve it` pairs at a fixed overall rate, prints the result as JSON.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface LoadPlan {
  readonly url: string;
  readonly rate: number;
  readonly seconds: number;
  readonly connections: number;
  /** One entry per member agency: its advocate's token and the references issued to it. */
  readonly agencies: readonly { readonly token: string; readonly references: readonly string[] }[];
  /** Council members with the index of their own agency (they never vote on its requests). */
  readonly council: readonly { readonly token: string; readonly agency: number }[];
  readonly funds: readonly string[];
  /**
   * `first-vote`: requests above the one-approval tier, so the vote is the first of two and
   * touches only the request's stream. `decisive`: small requests whose single approval reserves
   * money in a fund and commits support on the survivor reference (three streams, one append).
   */
  readonly mix: 'first-vote' | 'decisive';
}

export interface LoadResult {
  readonly rate: number;
  readonly seconds: number;
  readonly sent: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly statuses: Record<string, number>;
}

const CATEGORIES = ['groceries', 'transportation', 'phone_card', 'hygiene', 'childcare', 'lodging', 'clothing'];
const PAYMENT = ['vendor_payment', 'gift_card', 'bus_pass', 'phone_card'];
const AGE = ['18_24', '25_59', '60_plus', 'not_collected'];

async function main(): Promise<void> {
  const plan = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadPlan;
  let n = 0;
  const used = plan.agencies.map(() => 0);
  const instance = autocannon({
    url: plan.url,
    connections: plan.connections,
    overallRate: plan.rate,
    duration: plan.seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/fund-requests',
        setupRequest: (req, ctx) => {
          const context = ctx as Record<string, unknown>;
          const i = n++;
          const a = i % plan.agencies.length;
          const agency = plan.agencies[a]!;
          const reference = agency.references[used[a]!++ % agency.references.length]!;
          context.agency = a;
          context.requestId = undefined;
          return {
            ...req,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${agency.token}` },
            body: JSON.stringify({
              survivorReference: reference,
              category: CATEGORIES[i % CATEGORIES.length],
              amountCents: plan.mix === 'decisive' ? 2_000 + (i % 41) * 100 : 26_000 + (i % 41) * 500,
              paymentMethod: PAYMENT[i % PAYMENT.length],
              urgency: i % 5 === 0 ? 'urgent' : 'standard',
              neededBy: '2099-12-31',
              demographics: { ageBand: AGE[i % AGE.length], county: 'cumberland', traffickingType: i % 2 ? 'labor' : 'sex' },
            }),
          };
        },
        onResponse: (status, body, ctx) => {
          if (status === 201) (ctx as Record<string, unknown>).requestId = (JSON.parse(body) as { requestId: string }).requestId;
        },
      },
      {
        method: 'POST',
        setupRequest: (req, ctx) => {
          const context = ctx as Record<string, unknown>;
          const a = context.agency as number;
          const voters = plan.council.filter((c) => c.agency !== a);
          const voter = voters[n % voters.length]!;
          const requestId = typeof context.requestId === 'string' ? context.requestId : randomUUID();
          return {
            ...req,
            path: `/fund-requests/${requestId}/votes`,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${voter.token}` },
            body: JSON.stringify({ vote: 'approve', amountCents: plan.mix === 'decisive' ? 2_000 : 26_000, fundId: plan.funds[n % plan.funds.length] }),
          };
        },
      },
    ],
  });
  const r = await instance;
  const statuses = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]));
  const result: LoadResult = {
    rate: plan.rate,
    seconds: r.duration,
    sent: r.requests.sent,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    perSecond: r['2xx'] / r.duration,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    statuses,
  };
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
