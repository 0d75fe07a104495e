import type { SqlDatabase } from './sql-database';

export interface Migration {
  /** Monotonic, never reused. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Applies pending migrations in order, each in its own transaction, under an advisory lock so
 * that several api replicas starting together apply each migration once.
 */
export async function migrate(db: SqlDatabase, component: string, migrations: readonly Migration[]): Promise<number[]> {
  const applied: number[] = [];
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      component text NOT NULL,
      version integer NOT NULL,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (component, version))`);
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  for (const migration of sorted) {
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`migrations:${component}`]);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE component = $1 AND version = $2', [
        component,
        migration.version,
      ]);
      if (done.rows.length > 0) return;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (component, version, name) VALUES ($1, $2, $3)', [
        component,
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    });
  }
  return applied;
}

export async function pendingMigrations(db: SqlDatabase, component: string, migrations: readonly Migration[]): Promise<number[]> {
  const table = await db.query<{ present: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`);
  if (!table.rows[0]?.present) return migrations.map((m) => m.version);
  const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations WHERE component = $1', [component]);
  const done = new Set(rows.rows.map((r) => Number(r.version)));
  return migrations.map((m) => m.version).filter((v) => !done.has(v));
}

/** Extended-protocol queries take one statement each; our migrations keep to plain `;` ends. */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
