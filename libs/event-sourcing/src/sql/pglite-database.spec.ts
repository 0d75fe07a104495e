import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgliteDatabase } from './pglite-database';

/** A new data directory starts from the kept copy of a fresh database, and is a real one. */
describe('PgliteDatabase on disk', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sf-pglite-disk-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('creates a database in a directory that does not exist yet, keeps what is written, and reopens it', async () => {
    const dir = join(root, 'a', 'data');
    const db = await PgliteDatabase.open(dir);
    await db.query('CREATE TABLE kept (n int)');
    await db.query('INSERT INTO kept VALUES (42)');
    await db.close();
    const again = await PgliteDatabase.open(dir);
    try {
      expect((await again.query<{ n: number }>('SELECT n FROM kept')).rows).toEqual([{ n: 42 }]);
      expect((await again.query<{ datname: string }>('SELECT datname FROM pg_database ORDER BY datname')).rows.map((r) => r.datname)).toEqual(['postgres', 'template0', 'template1']);
    } finally {
      await again.close();
    }
  }, 120_000);

  it('gives each new directory its own copy: what one writes, another never sees', async () => {
    const first = await PgliteDatabase.open(join(root, 'first'));
    await first.query('CREATE TABLE only_here (n int)');
    await first.close();
    const second = await PgliteDatabase.open(join(root, 'second'));
    try {
      expect((await second.query<{ present: boolean }>(`SELECT to_regclass('only_here') IS NOT NULL AS present`)).rows).toEqual([{ present: false }]);
    } finally {
      await second.close();
    }
  }, 120_000);
});
