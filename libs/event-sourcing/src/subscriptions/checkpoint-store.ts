import type { LogPosition } from '../event';
import { START } from '../event';
import type { SqlExecutor } from '../sql/sql-database';

/** First key of the two-key advisory locks on checkpoints (a key space of its own). */
const CHECKPOINT_LOCK_CLASS = 0x5f_43_50; // "_CP"

/** The LISTEN/NOTIFY channel a saved checkpoint is announced on; the payload is the subscription's name. */
export const CHECKPOINT_CHANNEL = 'es_checkpoints';

/**
 * Checkpoints live beside the read models (same database), so a handler's writes and its
 * checkpoint commit together: a crash replays the whole batch or none of it.
 */
export class CheckpointStore {
  async load(db: SqlExecutor, subscriptionId: string): Promise<LogPosition> {
    return this.read(db, subscriptionId);
  }

  /**
   * Serialises the batches of one subscription for the rest of the transaction, so two instances
   * cannot both apply a batch: the second waits, then reads the moved checkpoint and skips. An
   * advisory lock rather than a row lock, because locking a row gives the transaction an id at
   * once, and an open transaction with an id holds back what every subscriber in the cluster may
   * read (ADR 0002); this way a batch gets one only when its handler first writes. The read is a
   * second statement so that its snapshot is taken after the lock is granted.
   */
  async lock(tx: SqlExecutor, subscriptionId: string): Promise<LogPosition> {
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CHECKPOINT_LOCK_CLASS, subscriptionId]);
    return this.read(tx, subscriptionId);
  }

  private async read(db: SqlExecutor, subscriptionId: string): Promise<LogPosition> {
    const { rows } = await db.query<{ commit_position: string; prepare_position: string }>(
      `SELECT commit_position, prepare_position FROM es_checkpoints WHERE subscription_id = $1`,
      [subscriptionId],
    );
    const row = rows[0];
    return row ? { commit: Number(row.commit_position), prepare: Number(row.prepare_position) } : START;
  }

  /**
   * Also notifies CHECKPOINT_CHANNEL (delivered at commit, in the same statement): an api in
   * another process waiting to read its own write wakes at once instead of polling.
   */
  async save(tx: SqlExecutor, subscriptionId: string, position: LogPosition): Promise<void> {
    await tx.query(
      `WITH saved AS (
         INSERT INTO es_checkpoints (subscription_id, commit_position, prepare_position, updated_at)
         VALUES ($1, $2, $3, now())
         ON CONFLICT (subscription_id) DO UPDATE
           SET commit_position = EXCLUDED.commit_position, prepare_position = EXCLUDED.prepare_position, updated_at = now()
         RETURNING subscription_id)
       SELECT pg_notify('${CHECKPOINT_CHANNEL}', subscription_id) FROM saved`,
      [subscriptionId, position.commit, position.prepare],
    );
  }

  /** Stored checkpoints of these subscriptions (START for one that has none yet). */
  async loadMany(db: SqlExecutor, subscriptionIds: readonly string[]): Promise<Map<string, LogPosition>> {
    const { rows } = await db.query<{ subscription_id: string; commit_position: string; prepare_position: string }>(
      `SELECT subscription_id, commit_position, prepare_position FROM es_checkpoints WHERE subscription_id = ANY($1::text[])`,
      [subscriptionIds],
    );
    const found = new Map(rows.map((r) => [r.subscription_id, { commit: Number(r.commit_position), prepare: Number(r.prepare_position) }]));
    return new Map(subscriptionIds.map((id) => [id, found.get(id) ?? START]));
  }

  async reset(tx: SqlExecutor, subscriptionId: string): Promise<void> {
    await tx.query('DELETE FROM es_checkpoints WHERE subscription_id = $1', [subscriptionId]);
  }
}
