import { PGlite } from '@electric-sql/pglite';
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
    const db = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
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
