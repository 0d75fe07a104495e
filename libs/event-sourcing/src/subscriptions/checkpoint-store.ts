import type { LogPosition } from '../event';
import { START } from '../event';
import type { SqlExecutor } from '../sql/sql-database';

/**
 * Checkpoints live beside the read models (same database), so a handler's writes and its
 * checkpoint commit together: a crash replays the whole batch or none of it.
 */
export class CheckpointStore {
  async load(db: SqlExecutor, subscriptionId: string): Promise<LogPosition> {
    return this.read(db, subscriptionId);
  }

  /**
   * Locks the checkpoint row for the rest of the transaction, so two instances of one
   * subscription cannot both apply a batch: the second sees the moved checkpoint and skips.
   */
  async lock(tx: SqlExecutor, subscriptionId: string): Promise<LogPosition> {
    // One round trip: the no-op update locks the row (new or not) and returns it.
    const { rows } = await tx.query<{ commit_position: string; prepare_position: string }>(
      `INSERT INTO es_checkpoints (subscription_id, commit_position, prepare_position) VALUES ($1, -1, -1)
       ON CONFLICT (subscription_id) DO UPDATE SET subscription_id = EXCLUDED.subscription_id
       RETURNING commit_position, prepare_position`,
      [subscriptionId],
    );
    const row = rows[0];
    return row ? { commit: Number(row.commit_position), prepare: Number(row.prepare_position) } : START;
  }

  private async read(db: SqlExecutor, subscriptionId: string): Promise<LogPosition> {
    const { rows } = await db.query<{ commit_position: string; prepare_position: string }>(
      `SELECT commit_position, prepare_position FROM es_checkpoints WHERE subscription_id = $1`,
      [subscriptionId],
    );
    const row = rows[0];
    return row ? { commit: Number(row.commit_position), prepare: Number(row.prepare_position) } : START;
  }

  async save(tx: SqlExecutor, subscriptionId: string, position: LogPosition): Promise<void> {
    await tx.query(
      `INSERT INTO es_checkpoints (subscription_id, commit_position, prepare_position, updated_at)
       VALUES ($1, $2, $3, now())
       ON CONFLICT (subscription_id) DO UPDATE
         SET commit_position = EXCLUDED.commit_position, prepare_position = EXCLUDED.prepare_position, updated_at = now()`,
      [subscriptionId, position.commit, position.prepare],
    );
  }

  async reset(tx: SqlExecutor, subscriptionId: string): Promise<void> {
    await tx.query('DELETE FROM es_checkpoints WHERE subscription_id = $1', [subscriptionId]);
  }
}
