/**
 * Budget pacing read on a fund with a long history.
 *
 *   node -r @swc-node/register bench/pacing.bench.ts [--events 30000] [--reads 5] [--no-record]
 *
 * Appends one fund's stream of `--events` events (a reservation, a payment and a release per
 * request, ten requests a day) and a monthly spending plan to a fresh PostgreSQL database, then
 * times, `--reads` times each, in the same process: the peer, which reads the whole fund stream
 * and folds it on every request (how `readPacing` read before its cache), and `readPacing` (the
 * first call reads the stream whole, the next ones only what was appended since). Both must give
 * the same pacing.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { openEventStore, type DomainEvent, type EventToAppend, type RecordedEvent } from '@fund/event-sourcing';
import { fundDecider, fundStreamId, movementsOf, pacingOf, readPacing, SPENDING_PLANS_STREAM, spendingPlansDecider, type FundEvent, type SpendingPlanSet } from '@fund/funds';
import { args, count, createDatabase, fmt, machine, record, table, today } from './lib/common';

const opts = args();
const EVENTS = count(opts.get('events'), 30_000);
const READS = count(opts.get('reads'), 5);
const TODAY = '2026-12-07';

const recorded = (event: DomainEvent, day: string): EventToAppend => ({
  ...event,
  metadata: { eventId: randomUUID(), schemaVersion: 1, occurredAt: `${day}T12:00:00.000Z`, correlationId: randomUUID(), causationId: null, actor: { userId: 'bench', role: 'coordinator', organizationId: 'coalition' } },
});

async function main(): Promise<void> {
  const startLoad = loadavg().map((l) => l.toFixed(1)).join(' / ');
  const db = await createDatabase('pacing');
  const { store } = await openEventStore({ kind: 'postgres', connectionString: db.url, poolSize: 2 });
  try {
    const events: EventToAppend[] = [
      recorded({ type: 'FundOpened', data: { fundId: 'general', name: 'General', restricted: false } }, '2024-01-01'),
      recorded({ type: 'MoneyReceived', data: { donationId: 'd-1', amountCents: 90_000_000 } }, '2024-01-01'),
    ];
    for (let i = 0; events.length < EVENTS; i++) {
      const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(i / 10) * 86_400_000).toISOString().slice(0, 10);
      const requestId = `r-${i}`;
      events.push(recorded({ type: 'MoneyReserved', data: { requestId, amountCents: 1_000 } }, day));
      events.push(recorded({ type: 'MoneyDisbursed', data: { requestId, disbursementId: `x-${i}`, amountCents: 800, paidOn: day } }, day));
      events.push(recorded({ type: 'ReservationReleased', data: { requestId, amountCents: 200, reason: 'underspent' } }, day));
    }
    let version: number | 'no_stream' = 'no_stream';
    for (let i = 0; i < events.length; i += 2_000) version = (await store.append({ streamId: fundStreamId('general'), expectedVersion: version, events: events.slice(i, i + 2_000) })).version;
    const plan: SpendingPlanSet = {
      type: 'SpendingPlanSet',
      data: {
        fundId: 'general',
        budgetLineId: null,
        cadence: 'month',
        periods: Array.from({ length: 12 }, (_, k) => ({ start: `2026-${String(k + 1).padStart(2, '0')}`, amountCents: 400_000 })),
        warnings: { lowBalanceCents: 100_000, overPacePercent: 10 },
        setOn: '2026-01-01',
      },
    };
    await store.append({ streamId: SPENDING_PLANS_STREAM, expectedVersion: 'no_stream', events: [recorded(plan, '2026-01-01')] });

    const wholeStream = async () => {
      const plans = (await store.readStream(SPENDING_PLANS_STREAM)).events.reduce((s, e) => spendingPlansDecider.evolve(s, e as unknown as SpendingPlanSet), spendingPlansDecider.initialState());
      const { events: fundEvents } = await store.readStream<FundEvent>(fundStreamId('general'));
      const fund = fundEvents.reduce((s, e) => fundDecider.evolve(s, { type: e.type, data: e.data } as FundEvent), fundDecider.initialState());
      return Object.values(plans.plans).map((p) => pacingOf(p, fund, movementsOf(fundEvents as RecordedEvent<FundEvent>[]), TODAY));
    };
    const time = async (read: () => Promise<unknown>) => {
      const ms: number[] = [];
      let result: unknown;
      for (let i = 0; i < READS; i++) {
        const started = process.hrtime.bigint();
        result = await read();
        ms.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      return { ms, result };
    };
    const peer = await time(wholeStream);
    const cached = await time(() => readPacing(store, TODAY));
    const same = JSON.stringify(peer.result) === JSON.stringify(cached.result);
    const endLoad = loadavg().map((l) => l.toFixed(1)).join(' / ');
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const rows = [
      ['whole stream read and folded on every request (peer)', peer.ms.map((m) => fmt(m)).join(', '), fmt(median(peer.ms))],
      ['`readPacing`, cached (first read whole)', cached.ms.map((m) => fmt(m)).join(', '), fmt(median(cached.ms.slice(1)))],
    ];
    const headers = ['read', `each of ${READS} reads, ms`, 'median ms (cached: after the first)'];
    console.log(`\n${table(headers, rows)}\n\nsame pacing: ${same}`);
    record(`
### Budget pacing read, one fund of ${fmt(events.length)} events (${today()})

- Command: \`node -r @swc-node/register bench/pacing.bench.ts${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}\`
- Machine: ${machine().replace(/, load average at start .*/, '')}; load average (1 / 5 / 15 min) at the start ${startLoad}, at the end ${endLoad}
- Same pacing from both reads: ${same ? 'yes' : '**no**'}; ratio of medians (peer / cached): ${fmt(median(peer.ms) / median(cached.ms.slice(1)), 1)}

${table(headers, rows)}
`);
    if (!same) process.exitCode = 1;
  } finally {
    await store.close();
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
