import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import type { QueryResult, SqlDatabase, SqlExecutor } from './sql-database';

/**
 * Embedded PostgreSQL (WebAssembly), one connection in this process. PGlite runs one
 * transaction at a time, so appends are naturally serialised here.
 */
export class PgliteDatabase implements SqlDatabase {
  readonly dialect = 'pglite' as const;

  private constructor(readonly db: PGlite) {}

  /** `dataDir` undefined keeps everything in memory (tests). */
  static async open(dataDir?: string): Promise<PgliteDatabase> {
    const db = dataDir ? await onDisk(dataDir) : await inMemory();
    return new PgliteDatabase(db);
  }

  async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    const result = await this.db.query<R>(sql, params as unknown[]);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction(async (inner) =>
      work({
        query: async <R>(sql: string, params: readonly unknown[] = []) => {
          const result = await inner.query<R>(sql, params as unknown[]);
          return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
        },
      }),
    );
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}

/**
 * A new in-memory database starts from a copy of a freshly initialised one kept in the temp
 * directory, keyed by the PGlite build: running initdb in WebAssembly took 2-3 s a database,
 * loading the copy about half a second, and the test suite opens hundreds. Any problem with
 * the copy falls back to initdb, so the copy can only make an open faster, never different.
 */
async function inMemory(): Promise<PGlite> {
  const file = pristineCopyFile();
  if (file) {
    try {
      return await PGlite.create({ ...(await compiled()), loadDataDir: new Blob([readFileSync(file)]) });
    } catch {
      try {
        unlinkSync(file);
      } catch {
        /* absent, or another process removed it first */
      }
    }
  }
  const db = await PGlite.create({ ...(await compiled()) });
  if (file) {
    try {
      const dump = await db.dumpDataDir('none');
      // Write then rename, so a concurrent reader never loads half a file.
      const partial = `${file}.${process.pid}.${Date.now()}`;
      writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      renameSync(partial, file);
    } catch {
      /* an unwritable temp directory only costs speed */
    }
  }
  return db;
}

/**
 * A data directory that holds no database yet starts as a file copy of a freshly initialised
 * one kept beside the in-memory copy (initdb on disk took about 6 s here, loading the tar copy
 * 2-9 s, copying the directory and opening it 0.5-2 s less than that again; every test app and
 * a first start pay it). An existing database is opened as it is.
 */
async function onDisk(dataDir: string): Promise<PGlite> {
  const fresh = !existsSync(dataDir) || readdirSync(dataDir).length === 0;
  if (!fresh) return PGlite.create(dataDir, await compiled());
  const pristine = await pristineDirectory();
  if (pristine) {
    try {
      cpSync(pristine, dataDir, { recursive: true });
      return await PGlite.create(dataDir, await compiled());
    } catch {
      // Start again from an empty directory, as if there had been no copy.
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  mkdirSync(dataDir, { recursive: true });
  return PGlite.create(dataDir, await compiled());
}

/** The kept fresh data directory, made once from the tar copy (or initdb) and renamed into place. */
async function pristineDirectory(): Promise<string | undefined> {
  const file = pristineCopyFile();
  if (!file) return undefined;
  const dir = file.replace(/\.tar$/, '.dir');
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  if (!existsSync(file)) await (await inMemory()).close(); // writes the tar copy
  const partial = `${dir}.${process.pid}.${Date.now()}`;
  try {
    mkdirSync(partial, { recursive: true });
    const db = existsSync(file) ? await PGlite.create(partial, { ...(await compiled()), loadDataDir: new Blob([readFileSync(file)]) }) : await PGlite.create(partial, await compiled());
    await db.close();
    renameSync(partial, dir);
  } catch {
    // Another process renamed its copy first, or the temp directory is unwritable.
    rmSync(partial, { recursive: true, force: true });
  }
  return existsSync(join(dir, 'PG_VERSION')) ? dir : undefined;
}

/**
 * PGlite's WebAssembly compiled once per process and its file bundle read once: each open
 * otherwise compiles 9 MB of WebAssembly again (about 1-2 s here), and the api, the tools and
 * the tests open several databases in one process.
 */
type Compiled = Pick<PGliteOptions, 'pgliteWasmModule' | 'fsBundle'>;
/** The runtime's WebAssembly (this project's TypeScript libraries do not declare it). */
const wasmRuntime = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<NonNullable<Compiled['pgliteWasmModule']>> } }).WebAssembly;
let build: Promise<Compiled> | undefined;
async function compiled(): Promise<Compiled> {
  build ??= (async () => {
    const dist = dirname(require.resolve('@electric-sql/pglite'));
    const [wasm, bundle] = await Promise.all([readFile(join(dist, 'pglite.wasm')), readFile(join(dist, 'pglite.data'))]);
    return { pgliteWasmModule: await wasmRuntime.compile(wasm), fsBundle: new Blob([bundle]) };
  })();
  try {
    return await build;
  } catch {
    // A different layout of the package: let PGlite find its files itself.
    return {};
  }
}

function pristineCopyFile(): string | undefined {
  try {
    const build = statSync(require.resolve('@electric-sql/pglite'));
    const key = createHash('sha256').update(`${require.resolve('@electric-sql/pglite')}:${build.size}:${build.mtimeMs}`).digest('hex').slice(0, 16);
    return join(tmpdir(), `survivor-fund-pglite-${key}.tar`);
  } catch {
    return undefined;
  }
}
