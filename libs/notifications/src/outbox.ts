import { createHash } from 'node:crypto';
import type { SqlExecutor } from '@fund/event-sourcing';
import type { NotificationKind } from './notification-kinds';

export interface NewMessage {
  /** What caused it: an event id, or a sweep's key (`escalation:<request id>`). Never shown. */
  readonly source: string;
  readonly kind: NotificationKind | 'digest';
  readonly recipientId: string;
  readonly link: string;
  readonly occurredAt: string;
}

/** The same cause, kind and person always give the same id: the outbox's idempotency key. */
export function messageId(source: string, kind: string, recipientId: string): string {
  return createHash('sha256').update(`${source}\u0000${kind}\u0000${recipientId}`).digest('hex').slice(0, 32);
}

/** Adds messages; one already there (a redelivery, a repeated sweep) is left as it is. */
export async function enqueue(tx: SqlExecutor, messages: readonly NewMessage[], now: Date): Promise<number> {
  if (messages.length === 0) return 0;
  const rows = messages.map((m) => ({
    message_id: messageId(m.source, m.kind, m.recipientId),
    recipient_id: m.recipientId,
    kind: m.kind,
    link: m.link,
    occurred_at: m.occurredAt,
  }));
  const { rowCount } = await tx.query(
    `INSERT INTO nt_messages (message_id, recipient_id, kind, link, occurred_at, created_at, next_attempt_at)
     SELECT r.message_id, r.recipient_id, r.kind, r.link, r.occurred_at, $2::timestamptz, $2::timestamptz
     FROM jsonb_to_recordset($1::jsonb) AS r(message_id text, recipient_id text, kind text, link text, occurred_at timestamptz)
     ON CONFLICT (message_id) DO NOTHING`,
    [JSON.stringify(rows), now.toISOString()],
  );
  return rowCount;
}
