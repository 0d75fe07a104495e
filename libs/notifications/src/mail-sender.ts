import { Logger } from '@nestjs/common';
import type { SqlDatabase } from '@fund/event-sourcing';
import type { Clock } from './clock';
import type { NotificationSettings } from './notifications.config';
import { DIGEST_KIND, digestFor, mailFor, NOTIFICATION_KINDS, type Delivery, type NotificationKind } from './notification-kinds';
import { errorCode, type Mailer } from './mailer';

const BATCH = 50;
const MAX_BACKOFF_MS = 3600_000;

interface Claimed {
  message_id: string;
  recipient_id: string;
  kind: string;
  link: string;
  attempts: number;
  created_at: Date | string;
  email: string | null;
  active: boolean | null;
  delivery: Delivery | null;
}

type Outcome =
  | { id: string; state: 'sent' | 'digest' | 'off' | 'no_address' | 'inactive' | 'expired' | 'empty' }
  | { id: string; state: 'retry'; error: string; attempts: number };

/**
 * Sends the outbox. Rows are claimed with a lease (committed) before any SMTP traffic, and
 * each is marked sent right after the server's 250 (not when its batch ends), so:
 * - a crash before the 250 leaves the row claimed; once the lease runs out it is sent again
 *   (the server had not accepted the first copy);
 * - the only window for a second copy is between the server's 250 and our commit of "sent"
 *   (one UPDATE); that copy has the same Message-ID, so mail clients show it once.
 * Failures back off exponentially (NOTIFY_RETRY_BASE_MS, doubling, at most an hour) and after
 * NOTIFY_MAX_ATTEMPTS the row is dead: coordinators see it and can retry it.
 * Preferences are read at send time: a change made after the event still counts.
 */
export class MailSender {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly db: SqlDatabase,
    private readonly mailer: Mailer,
    private readonly settings: NotificationSettings,
    private readonly clock: Clock,
  ) {}

  /** One pass over due rows; returns how many were handled (sent, set aside or failed). */
  async runOnce(): Promise<{ handled: number; sent: number; failed: number }> {
    const now = this.clock.now();
    const claimed = await this.claim(now);
    if (claimed.length === 0) return { handled: 0, sent: 0, failed: 0 };
    const outcomes = await Promise.all(
      claimed.map(async (row) => {
        const outcome = await this.deliver(row, now);
        await this.record([outcome], this.clock.now());
        return outcome;
      }),
    );
    const failed = outcomes.filter((o) => o.state === 'retry').length;
    if (failed > 0) this.logger.warn({ failed, codes: [...new Set(outcomes.flatMap((o) => (o.state === 'retry' ? [o.error] : [])))] }, 'notification emails failed; will retry');
    return { handled: outcomes.length, sent: outcomes.filter((o) => o.state === 'sent').length, failed };
  }

  private async claim(now: Date): Promise<Claimed[]> {
    const { rows } = await this.db.query<Claimed>(
      `WITH due AS (
         SELECT message_id FROM nt_messages
         WHERE email_state = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until < $1)
         ORDER BY next_attempt_at, message_id LIMIT $3 FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE nt_messages m SET lease_until = $2 FROM due WHERE m.message_id = due.message_id
         RETURNING m.message_id, m.recipient_id, m.kind, m.link, m.attempts, m.created_at
       )
       SELECT c.*, p.email, p.active, pref.delivery FROM claimed c
       LEFT JOIN people p ON p.user_id = c.recipient_id
       LEFT JOIN nt_preferences pref ON pref.user_id = c.recipient_id AND pref.kind = c.kind`,
      [now.toISOString(), new Date(now.getTime() + this.settings.leaseMs).toISOString(), BATCH],
    );
    return rows;
  }

  private async deliver(row: Claimed, now: Date): Promise<Outcome> {
    const id = row.message_id;
    const isDigest = row.kind === DIGEST_KIND;
    if (!isDigest) {
      const delivery = row.delivery ?? 'immediate';
      if (delivery !== 'immediate') return { id, state: delivery };
      // Stale news is not worth an email (SMTP configured after a long time, a long outage).
      if (now.getTime() - new Date(row.created_at).getTime() > this.settings.maxAgeHours * 3600_000) return { id, state: 'expired' };
    }
    if (!row.active) return { id, state: 'inactive' };
    if (!row.email) return { id, state: 'no_address' };
    let content;
    if (isDigest) {
      const counts = await this.digestCounts(id);
      if (counts.size === 0) return { id, state: 'empty' };
      content = digestFor(counts, this.settings.webUrl);
    } else {
      content = mailFor(row.kind as NotificationKind, row.link, this.settings.webUrl);
    }
    try {
      await this.mailer.send({ to: row.email, subject: content.subject, text: content.text, messageId: `<${id}@survivor-fund.notifications>` });
      return { id, state: 'sent' };
    } catch (error) {
      return { id, state: 'retry', error: errorCode(error), attempts: row.attempts + 1 };
    }
  }

  private async digestCounts(digestId: string): Promise<Map<NotificationKind, number>> {
    const { rows } = await this.db.query<{ kind: string; n: number }>('SELECT kind, count(*)::int AS n FROM nt_messages WHERE digest_id = $1 GROUP BY kind', [digestId]);
    return new Map(rows.filter((r) => (NOTIFICATION_KINDS as readonly string[]).includes(r.kind)).map((r) => [r.kind as NotificationKind, r.n]));
  }

  private async record(outcomes: readonly Outcome[], now: Date): Promise<void> {
    const rows = outcomes.map((o) => {
      if (o.state !== 'retry') return { message_id: o.id, state: o.state, attempts: null, next_at: null, error: null };
      const dead = o.attempts >= this.settings.maxAttempts;
      const delay = Math.min(MAX_BACKOFF_MS, this.settings.retryBaseMs * 2 ** (o.attempts - 1));
      return { message_id: o.id, state: dead ? 'dead' : 'pending', attempts: o.attempts, next_at: new Date(now.getTime() + delay).toISOString(), error: o.error };
    });
    await this.db.query(
      `UPDATE nt_messages m SET
         email_state = r.state,
         attempts = COALESCE(r.attempts, m.attempts),
         next_attempt_at = COALESCE(r.next_at, m.next_attempt_at),
         last_error = COALESCE(r.error, m.last_error),
         sent_at = CASE WHEN r.state = 'sent' THEN $2::timestamptz ELSE m.sent_at END,
         lease_until = NULL
       FROM jsonb_to_recordset($1::jsonb) AS r(message_id text, state text, attempts integer, next_at timestamptz, error text)
       WHERE m.message_id = r.message_id`,
      [JSON.stringify(rows), now.toISOString()],
    );
  }
}
