/**
 * Verifies the audit ledger's hash chain and trial balance against the configured store.
 *   node -r @swc-node/register apps/api/src/cli/ledger-verify.cli.ts [--from 2026-10-01] [--to 2026-12-31]
 * Exit 0: the ledger verifies. 1: it does not (the first broken entry is printed). 2: it could
 * not be checked (bad arguments, no ledger yet).
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ledgerExists, verifyLedger, type LedgerVerification } from '@fund/audit-ledger';
import { openEventStore, type EventStoreConfig } from '@fund/event-sourcing';
import { loadConfigOrExit } from '@fund/platform';

const USAGE = `usage: ledger-verify [--from YYYY-MM-DD] [--to YYYY-MM-DD]

Recomputes every entry's hash, the chain linking the entries, and the trial balance of the
audit ledger, and reports the first broken entry. Reads EVENT_STORE, DATA_DIR and DATABASE_URL
like the service.

With the embedded store (EVENT_STORE=pglite, the default) the database files belong to one
process at a time: stop the service before running this command. With PostgreSQL it can run
while the service is up; or use GET /ledger/verify as an auditor.`;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dollars = (cents: number) => `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function parse(): { from?: string; to?: string } {
  try {
    const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    for (const [name, value] of [['--from', values.from], ['--to', values.to]] as const) {
      if (value !== undefined && !DAY.test(value)) throw new Error(`${name} must be a date like 2026-10-01`);
    }
    if (values.from && values.to && values.to < values.from) throw new Error('--to must not be before --from');
    return { from: values.from, to: values.to };
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(USAGE);
    process.exit(2);
  }
}

function report(result: LedgerVerification): void {
  const period = result.from || result.to ? ` for ${result.from ?? 'the start'} to ${result.to ?? 'now'}` : '';
  console.log(`Audit ledger${period}: ${result.entries} entries checked at ${result.checkedAt}`);
  console.log(`  debits  ${dollars(result.totalDebitCents)} (${result.totalDebitCents} cents)`);
  console.log(`  credits ${dollars(result.totalCreditCents)} (${result.totalCreditCents} cents)`);
  if (result.lastSeq !== null) console.log(`  last entry checked: seq ${result.lastSeq}, hash ${result.lastHash}`);
  if (result.ok) {
    console.log('OK: every hash and link holds, and debits equal credits. Keep the last hash above to detect later truncation.');
    return;
  }
  const broken = result.firstBroken;
  if (broken) console.error(`BROKEN at entry seq ${broken.seq} (event ${broken.eventId}): ${broken.reason}`);
  else console.error('BROKEN: total debits differ from total credits');
}

async function main(): Promise<void> {
  const period = parse();
  const config = loadConfigOrExit();
  const storeConfig: EventStoreConfig =
    config.EVENT_STORE === 'postgres'
      ? { kind: 'postgres', connectionString: config.DATABASE_URL ?? '', poolSize: 2 }
      : { kind: 'pglite', dataDir: join(config.DATA_DIR, 'pglite') };
  const { store, db } = await openEventStore(storeConfig);
  try {
    if (!(await ledgerExists(db))) {
      console.error('No audit ledger in this database yet: start the service (or the worker) once so the projection builds it.');
      process.exitCode = 2;
      return;
    }
    const result = await verifyLedger(db, {
      ...period,
      onProgress: (checked) => {
        if (checked % 100_000 === 0) console.error(`  ... ${checked} entries`);
      },
    });
    report(result);
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
});
