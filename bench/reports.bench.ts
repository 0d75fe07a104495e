/**
 * The quarterly funder report and the audit ledger verification over a store built by
 * bench:rebuild (run it with --keep; it prints the URL).
 *
 *   npm run bench:reports -- --database-url postgres://.../bench_rebuild_... [--fiscal-year 2026] [--quarter 4] [--runs 3] [--no-analyze] [--no-record]
 *
 * First ANALYZEs the reporting and ledger tables, as autovacuum would have in production (it is
 * off on the development server, and a fresh rebuild leaves the tables without statistics);
 * --no-analyze measures them as the rebuild left them.
 * Each is timed `--runs` times (the first run is the cold one) in this process, with a pool of 2
 * like the ledger-verify CLI. Aims: report < 1 s, verify < 10 s.
 */
import 'reflect-metadata';
import { verifyLedger } from '@fund/audit-ledger';
import { PostgresDatabase } from '@fund/event-sourcing';
import { quarterlyReport, type Quarter } from '@fund/reporting';
import { args, commandLine, count, fmt, machine, mb, postgresSettings, record, RssSampler, table, today } from './lib/common';

const opts = args();
const URL_ = opts.get('database-url') ?? process.env.BENCH_DATABASE_URL;
const FISCAL_YEAR = count(opts.get('fiscal-year'), 2026);
const QUARTER = count(opts.get('quarter'), 4) as Quarter;
const RUNS = count(opts.get('runs'), 3);
const ANALYZE = !opts.has('no-analyze');

async function time<T>(work: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, value };
}

async function main(): Promise<void> {
  if (!URL_) {
    console.error('usage: npm run bench:reports -- --database-url <URL printed by npm run bench:rebuild -- --keep>');
    process.exit(2);
  }
  const db = new PostgresDatabase({ connectionString: URL_, max: 2 });
  const rss = new RssSampler();
  try {
    const sizes = await db.query<{ events: string; entries: string; requests: string; payments: string }>(
      `SELECT (SELECT count(*) FROM es_events)::text AS events, (SELECT count(*) FROM ledger_entries)::text AS entries,
              (SELECT count(*) FROM reporting_requests)::text AS requests, (SELECT count(*) FROM reporting_payments)::text AS payments`,
    );
    const size = sizes.rows[0]!;
    const { rows: autovacuum } = await db.query<{ autovacuum: string }>('SHOW autovacuum');
    if (ANALYZE) {
      const started = Date.now();
      const { rows: tables } = await db.query<{ name: string }>(
        `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND (tablename LIKE 'reporting\\_%' OR tablename LIKE 'ledger\\_%')`,
      );
      for (const t of tables) await db.query(`ANALYZE ${t.name}`);
      console.log(`ANALYZE of ${tables.length} reporting and ledger tables: ${fmt((Date.now() - started) / 1000, 1)} s`);
    }
    console.log(`store: ${fmt(Number(size.events))} events, ${fmt(Number(size.entries))} ledger entries, ${fmt(Number(size.requests))} reporting requests, ${fmt(Number(size.payments))} payments`);
    const reportTimes: number[] = [];
    const verifyTimes: number[] = [];
    let tables = 0;
    let quarterRequests = 0;
    let verified = { ok: false, entries: 0 };
    for (let run = 0; run < RUNS; run++) {
      const report = await time(() => quarterlyReport(db, { fiscalYear: FISCAL_YEAR, quarter: QUARTER }));
      reportTimes.push(report.seconds);
      tables = report.value.tables.length;
      const period = report.value.period;
      quarterRequests = Number(
        (await db.query<{ n: string }>('SELECT count(*)::text AS n FROM reporting_requests WHERE submitted_at >= $1::date AND submitted_at < $2::date + 1', [period.start, period.end])).rows[0]?.n,
      );
      const verify = await time(() => verifyLedger(db, {}));
      verifyTimes.push(verify.seconds);
      verified = verify.value;
      console.log(`  run ${run + 1}: quarterly report ${fmt(report.seconds, 3)} s (${tables} tables), verifyLedger ${fmt(verify.seconds, 2)} s (${fmt(verify.value.entries)} entries, ok=${verify.value.ok})`);
    }
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const median = (xs: number[]) => sorted(xs)[Math.floor((xs.length - 1) / 2)]!;
    const rows = [
      [`quarterlyReport FY${FISCAL_YEAR} Q${QUARTER} (${fmt(quarterRequests)} requests in the quarter, ${tables} tables)`, fmt(reportTimes[0]!, 3), fmt(median(reportTimes), 3), '< 1 s', median(reportTimes) < 1 ? 'met' : 'missed'],
      [`verifyLedger, whole chain (${fmt(verified.entries)} entries, ok=${verified.ok})`, fmt(verifyTimes[0]!, 2), fmt(median(verifyTimes), 2), '< 10 s', median(verifyTimes) < 10 ? 'met' : 'missed'],
    ];
    console.log(`\n${table(['operation', 'first run s', `median of ${RUNS} s`, 'aim', ''], rows)}`);
    record(`
### Reports and ledger verification over ${fmt(Number(size.events))} events (${today()})

- Command: \`${commandLine('bench:reports').replace(/postgres:\/\/\S+/, '<url from bench:rebuild --keep>')}\`
- Machine: ${machine()}
- PostgreSQL: ${await postgresSettings()}
- Statistics: ${ANALYZE ? 'reporting and ledger tables ANALYZEd first (as autovacuum would have)' : 'none: tables as the rebuild left them (never analyzed)'}; server autovacuum=${autovacuum[0]?.autovacuum}.
- Store: ${fmt(Number(size.events))} events, ${fmt(Number(size.entries))} ledger entries, ${fmt(Number(size.requests))} reporting requests, ${fmt(Number(size.payments))} payments; pool of 2; peak RSS ${mb(rss.stop())}.

${table(['operation', 'first run s', `median of ${RUNS} s`, 'aim', ''], rows)}
`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
