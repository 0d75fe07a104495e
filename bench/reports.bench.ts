/**
 * The quarterly funder report and the audit ledger verification over a store built by
 * bench:rebuild (run it with --keep; it prints the URL).
 *
 *   npm run bench:reports -- --database-url postgres://.../bench_rebuild_... [--fiscal-year 2026] [--quarter 4] [--runs 3] [--no-analyze] [--no-record]
 *                            [--canonical]
 *
 * First ANALYZEs the reporting and ledger tables, as autovacuum would have in production (it is
 * off on the development server, and a fresh rebuild leaves the tables without statistics);
 * --no-analyze measures them as the rebuild left them.
 * Each is timed `--runs` times (the first run is the cold one) in this process, with a pool of 2
 * like the ledger-verify CLI. Aims (issue 20, at 1M events): report < 0.3 s, verify < 3 s.
 * --canonical also times the ledger's canonical form against the reference definition the specs
 * hold it to, in the same run: the verify loop with each (same pages, same SHA-256), and the form
 * alone over every stored entry, after checking both reproduce every stored hash.
 */
import 'reflect-metadata';
import * as crypto from 'node:crypto';
import { canonicalEntry, GENESIS_HASH, verifyLedger, type LedgerEntry, type StoredLedgerEntry } from '@fund/audit-ledger';
import { PostgresDatabase } from '@fund/event-sourcing';
import { quarterlyReport, type Quarter } from '@fund/reporting';
import { canonicalEntryByDefinition } from '../libs/audit-ledger/src/ledger.canonical.reference';
import { fetchChain } from '../libs/audit-ledger/src/ledger.rows';
import { args, commandLine, count, fmt, machine, mb, postgresSettings, record, RssSampler, table, today } from './lib/common';

const opts = args();
const URL_ = opts.get('database-url') ?? process.env.BENCH_DATABASE_URL;
const FISCAL_YEAR = count(opts.get('fiscal-year'), 2026);
const QUARTER = count(opts.get('quarter'), 4) as Quarter;
const RUNS = count(opts.get('runs'), 3);
const ANALYZE = !opts.has('no-analyze');
const CANONICAL = opts.has('canonical');
const PAGE = 5000;

/** The ledger's canonical forms compared by --canonical, the one in use first. */
const CANONICAL_FORMS: readonly (readonly [string, (entry: LedgerEntry) => string])[] = [
  ['canonicalEntry (in use)', canonicalEntry],
  ['canonicalEntryByDefinition (specs\' reference)', canonicalEntryByDefinition],
];

async function time<T>(work: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, value };
}

/** As the ledger hashes (the one-shot digest). */
const sha256 = (text: string) => crypto.hash('sha256', text, 'hex');

/** verifyLedger's loop (keyset pages, the next read while this one is hashed) with the canonical form given. */
async function verifyWith(db: PostgresDatabase, canonical: (entry: LedgerEntry) => string): Promise<number> {
  let prev = GENESIS_HASH;
  let entries = 0;
  let next = fetchChain(db, { afterSeq: -1, limit: PAGE });
  for (;;) {
    const page = await next;
    const last = page.at(-1);
    if (!last) return entries;
    next = page.length < PAGE ? Promise.resolve([]) : fetchChain(db, { afterSeq: last.seq, limit: PAGE });
    for (const entry of page) {
      if (entry.prevHash !== prev || sha256(`${prev}\n${canonical(entry)}`) !== entry.hash) throw new Error(`entry ${entry.seq} does not verify`);
      prev = entry.hash;
      entries += 1;
    }
  }
}

/** Rows for the --canonical table: each form through the verify loop and alone, runs alternating between forms. */
async function compareCanonicalForms(db: PostgresDatabase): Promise<string[][]> {
  const all: StoredLedgerEntry[] = [];
  for (let page = await fetchChain(db, { afterSeq: -1, limit: PAGE }); page.length > 0; page = await fetchChain(db, { afterSeq: page.at(-1)!.seq, limit: PAGE })) all.push(...page);
  for (const [name, canonical] of CANONICAL_FORMS) {
    const stale = all.filter((e) => sha256(`${e.prevHash}\n${canonical(e)}`) !== e.hash).length;
    const differing = all.filter((e) => canonical(e) !== canonicalEntry(e)).length;
    if (stale > 0 || differing > 0) throw new Error(`${name}: ${stale} stored hashes not reproduced, ${differing} entries differ from canonicalEntry`);
  }
  const loop = CANONICAL_FORMS.map((): number[] => []);
  const alone = CANONICAL_FORMS.map((): number[] => []);
  for (let run = 0; run < RUNS; run++) {
    for (const [i, [, canonical]] of CANONICAL_FORMS.entries()) {
      loop[i]!.push((await time(() => verifyWith(db, canonical))).seconds);
      alone[i]!.push(
        (
          await time(async () => {
            let length = 0;
            for (const entry of all) length += canonical(entry).length;
            return length;
          })
        ).seconds,
      );
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
  return CANONICAL_FORMS.map(([name], i) => [
    name,
    fmt(median(loop[i]!), 2),
    `${fmt(median(loop[i]!) / median(loop[0]!), 2)}x`,
    fmt(median(alone[i]!) * 1000, 0),
    fmt(all.length / median(alone[i]!)),
    `${fmt(median(alone[i]!) / median(alone[0]!), 2)}x`,
  ]);
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
      [`quarterlyReport FY${FISCAL_YEAR} Q${QUARTER} (${fmt(quarterRequests)} requests in the quarter, ${tables} tables)`, fmt(reportTimes[0]!, 3), fmt(median(reportTimes), 3), '< 0.3 s', median(reportTimes) < 0.3 ? 'met' : 'missed'],
      [`verifyLedger, whole chain (${fmt(verified.entries)} entries, ok=${verified.ok})`, fmt(verifyTimes[0]!, 2), fmt(median(verifyTimes), 2), '< 3 s', median(verifyTimes) < 3 ? 'met' : 'missed'],
    ];
    console.log(`\n${table(['operation', 'first run s', `median of ${RUNS} s`, 'aim', ''], rows)}`);
    const canonicalHeaders = ['canonical form', `verify loop s (median of ${RUNS})`, 'vs in use', 'form alone ms', 'entries/s', 'vs in use'];
    const canonicalRows = CANONICAL ? await compareCanonicalForms(db) : [];
    if (CANONICAL) console.log(`\n${table(canonicalHeaders, canonicalRows)}`);
    record(`
### Reports and ledger verification over ${fmt(Number(size.events))} events (${today()})

- Command: \`${commandLine('bench:reports').replace(/postgres:\/\/\S+/, '<url from bench:rebuild --keep>')}\`
- Machine: ${machine()}
- PostgreSQL: ${await postgresSettings()}
- Statistics: ${ANALYZE ? 'reporting and ledger tables ANALYZEd first (as autovacuum would have)' : 'none: tables as the rebuild left them (never analyzed)'}; server autovacuum=${autovacuum[0]?.autovacuum}.
- Store: ${fmt(Number(size.events))} events, ${fmt(Number(size.entries))} ledger entries, ${fmt(Number(size.requests))} reporting requests, ${fmt(Number(size.payments))} payments; pool of 2; peak RSS ${mb(rss.stop())}.

${table(['operation', 'first run s', `median of ${RUNS} s`, 'aim', ''], rows)}
${CANONICAL ? `\nThe ledger's canonical form over the same ${fmt(verified.entries)} entries, each reproducing every stored hash:\n\n${table(canonicalHeaders, canonicalRows)}\n` : ''}`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
