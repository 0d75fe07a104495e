import { Client, Pool, type PoolConfig, type QueryConfig } from 'pg';
import type { QueryOptions, QueryResult, SqlDatabase, SqlExecutor } from './sql-database';

export class PostgresDatabase implements SqlDatabase {
  readonly dialect = 'postgres' as const;
  readonly pool: Pool;

  constructor(config: PoolConfig) {
    this.pool = new Pool({ max: 10, ...config });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  async query<R>(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<QueryResult<R>> {
    const result = await this.pool.query(statement(sql, params, options));
    return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx: SqlExecutor = {
      query: async <R>(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}) => {
        const result = await client.query(statement(sql, params, options));
        return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
      },
    };
    let broken = false;
    try {
      await client.query('BEGIN');
      const value = await work(tx);
      await client.query('COMMIT');
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async listen(channel: string, onNotify: (payload: string) => void, onLost: () => void = () => undefined): Promise<() => Promise<void>> {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Not a channel name: ${channel}`);
    // Not from the pool: LISTEN holds its connection for as long as it listens.
    const client = new Client(this.pool.options);
    let stopped = false;
    const lost = (): void => {
      if (stopped) return;
      stopped = true;
      onLost();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (message) => {
      if (message.channel === channel) onNotify(message.payload ?? '');
    });
    await client.connect();
    await client.query(`LISTEN ${channel}`);
    return async () => {
      stopped = true;
      await client.end().catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function statement(text: string, values: readonly unknown[], { prepareAs }: QueryOptions): QueryConfig {
  return prepareAs ? { name: prepareAs, text, values: values as unknown[] } : { text, values: values as unknown[] };
}
