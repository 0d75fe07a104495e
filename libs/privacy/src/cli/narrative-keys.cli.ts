/**
 * Narrative data keys and the key-encryption keys (KEKs) that wrap them.
 *   node -r @swc-node/register libs/privacy/src/cli/narrative-keys.cli.ts status
 *   node -r @swc-node/register libs/privacy/src/cli/narrative-keys.cli.ts rotate
 * Reads EVENT_STORE, DATA_DIR, DATABASE_URL and NARRATIVE_KEK[_FILE|_ID] like the service. The
 * service does the same as `rotate` every time it starts; this is for a checkout or a one-off job.
 * Exit 0: every live key is wrapped by the current KEK (a retired KEK may be removed). 1: some
 * are not yet. 2: could not check (configuration, a KEK that does not fit the data).
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { PgliteDatabase, PostgresDatabase, type SqlDatabase } from '@fund/event-sourcing';
import { loadConfigOrExit } from '@fund/platform';
import { loadKeyEncryptionKeys } from '../key-encryption';
import { NarrativeVault, type KeyUsage } from '../narrative-vault';

const USAGE = `usage: narrative-keys status|rotate

status  how many live narrative keys each KEK wraps; checks the configured KEKs open them.
rotate  wraps keys still stored in the clear and re-wraps every live key with the current KEK
        (NARRATIVE_KEK_ID). Shredded keys stay destroyed. Safe beside a running service on
        PostgreSQL; with the embedded store stop the service first (one process owns the files).`;

function report(usage: KeyUsage, currentId: string): boolean {
  const ids = Object.keys(usage.byKek).sort();
  for (const id of ids) console.log(`  ${id.padEnd(24)} ${String(usage.byKek[id]).padStart(8)} live keys${id === currentId ? '  (current)' : '  (retired: rotate before removing it)'}`);
  if (usage.unwrapped > 0) console.log(`  ${'(not wrapped)'.padEnd(24)} ${String(usage.unwrapped).padStart(8)} live keys from before envelope encryption`);
  console.log(`  ${'(shredded)'.padEnd(24)} ${String(usage.shredded).padStart(8)}`);
  return usage.unwrapped === 0 && ids.every((id) => id === currentId);
}

async function main(): Promise<void> {
  const command = process.argv[2];
  if (command !== 'status' && command !== 'rotate') {
    console.error(USAGE);
    process.exit(2);
  }
  const config = loadConfigOrExit();
  const keys = loadKeyEncryptionKeys(config);
  const db: SqlDatabase =
    config.EVENT_STORE === 'pglite' ? await PgliteDatabase.open(join(config.DATA_DIR, 'pglite')) : new PostgresDatabase({ connectionString: config.DATABASE_URL ?? '', max: 2 });
  try {
    const vault = new NarrativeVault(db, keys);
    await vault.migrate();
    if (command === 'rotate') {
      const { wrapped, rewrapped } = await vault.prepare();
      console.log(`wrapped ${wrapped} key(s) stored in the clear; re-wrapped ${rewrapped} key(s) with "${keys.currentId}"`);
    } else {
      await vault.verifyKeys();
    }
    console.log(`KEKs configured: ${keys.ids.join(', ')}; current: ${keys.currentId}`);
    const done = report(await vault.keyUsage(), keys.currentId);
    console.log(done ? 'OK: every live key is wrapped by the current KEK.' : 'NOT YET: run `rotate` (or restart the worker) before removing a retired KEK.');
    process.exitCode = done ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
});
