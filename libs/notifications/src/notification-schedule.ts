import { findRecipients } from '@fund/people';
import type { SqlDatabase, SqlExecutor } from '@fund/event-sourcing';
import type { NotificationSettings } from './notifications.config';
import { DIGEST_KIND, NOTIFICATIONS_LINK, OVERVIEW_LINK, requestLink } from './notification-kinds';
import { enqueue, messageId, type NewMessage } from './outbox';

const DAY_MS = 24 * 3600_000;

/** The warnings of each spending plan in force today (budget pacing, `readPacing` of @fund/funds). */
export type PacingSource = (today: string) => Promise<readonly { readonly fundId: string; readonly budgetLineId: string | null; readonly warnings: readonly string[] }[]>;
const dayOf = (d: Date): string => d.toISOString().slice(0, 10);

/**
 * The messages no event triggers, only time: an emergency request left undecided, a receipt
 * coming due or overdue, and the daily digest. Each reads the clock it is given, so a test moves
 * time instead of waiting, and each is idempotent (a flag and the message id), so two workers or
 * a repeated sweep send nothing twice.
 */
export class NotificationSchedule {
  private pacedHour: string | null = null;

  constructor(
    private readonly db: SqlDatabase,
    private readonly settings: NotificationSettings,
    private readonly pacing?: PacingSource,
  ) {}

  async sweep(now: Date): Promise<{ escalations: number; receipts: number; digests: number; pacing: number }> {
    const escalations = await this.db.transaction((tx) => this.escalate(tx, now));
    const receipts = await this.db.transaction((tx) => this.remindReceipts(tx, now));
    const digests = await this.db.transaction((tx) => this.gatherDigests(tx, now));
    const pacing = await this.warnPacing(now);
    return { escalations, receipts, digests, pacing };
  }

  /**
   * Budget pacing warnings to coordinators: each warning of each plan once a month (the message
   * id comes from fund, line, warning and month), and it says no fund, amount or figure. Pacing
   * reads the funds' streams, so it is looked at once an hour, not on every sweep.
   */
  private async warnPacing(now: Date): Promise<number> {
    const hour = now.toISOString().slice(0, 13);
    if (!this.pacing || this.pacedHour === hour) return 0;
    const plans = await this.pacing(dayOf(now));
    this.pacedHour = hour;
    const month = dayOf(now).slice(0, 7);
    return this.db.transaction(async (tx) => {
      const coordinators = await findRecipients(tx, { roles: ['coordinator'] });
      const messages: NewMessage[] = plans.flatMap((p) =>
        p.warnings.flatMap((warning) =>
          coordinators.map((c) => ({ source: `pacing:${p.fundId}:${p.budgetLineId ?? ''}:${warning}:${month}`, kind: 'budget-pacing' as const, recipientId: c.userId, link: OVERVIEW_LINK, occurredAt: now.toISOString() })),
        ),
      );
      return enqueue(tx, messages, now);
    });
  }

  /** Emergency requests still undecided NOTIFY_ESCALATION_HOURS after submission: coordinators and the council members who may vote. */
  private async escalate(tx: SqlExecutor, now: Date): Promise<number> {
    const { rows } = await tx.query<{ request_id: string; organization_id: string; submitted_at: Date | string }>(
      `SELECT request_id, organization_id, submitted_at FROM nt_requests
       WHERE urgency = 'emergency' AND status IN ('open', 'info_requested') AND NOT escalated AND submitted_at <= $1
       ORDER BY submitted_at LIMIT 500 FOR UPDATE SKIP LOCKED`,
      [new Date(now.getTime() - this.settings.escalationHours * 3600_000).toISOString()],
    );
    const messages: NewMessage[] = [];
    for (const r of rows) {
      const due = new Date(new Date(r.submitted_at).getTime() + this.settings.escalationHours * 3600_000).toISOString();
      const people = [
        ...(await findRecipients(tx, { roles: ['coordinator'] })),
        ...(await findRecipients(tx, { roles: ['council'], notOrganizationId: r.organization_id })),
      ];
      for (const p of people) messages.push({ source: `escalation:${r.request_id}`, kind: 'emergency-escalation', recipientId: p.userId, link: requestLink(r.request_id), occurredAt: due });
    }
    if (rows.length > 0) await tx.query('UPDATE nt_requests SET escalated = true WHERE request_id = ANY($1::text[])', [rows.map((r) => r.request_id)]);
    return enqueue(tx, messages, now);
  }

  /** NOTIFY_RECEIPT_REMINDER_DAYS before the due date, then once the day after it has passed. */
  private async remindReceipts(tx: SqlExecutor, now: Date): Promise<number> {
    const today = dayOf(now);
    const remindFrom = dayOf(new Date(now.getTime() + this.settings.receiptReminderDays * DAY_MS));
    const { rows } = await tx.query<{ disbursement_id: string; request_id: string; submitter_id: string; overdue: boolean }>(
      `SELECT disbursement_id, request_id, submitter_id, due_on < $1::date AS overdue FROM nt_receipts
       WHERE NOT settled AND ((NOT reminded AND due_on <= $2::date AND due_on >= $1::date) OR (NOT overdue_sent AND due_on < $1::date))
       ORDER BY due_on LIMIT 500 FOR UPDATE SKIP LOCKED`,
      [today, remindFrom],
    );
    const messages: NewMessage[] = [];
    for (const r of rows) {
      const kind = r.overdue ? 'receipt-overdue' : 'receipt-due';
      for (const p of await findRecipients(tx, { roles: ['provider'], userIds: [r.submitter_id] })) {
        messages.push({ source: `${kind}:${r.disbursement_id}`, kind, recipientId: p.userId, link: requestLink(r.request_id), occurredAt: now.toISOString() });
      }
    }
    const overdue = rows.filter((r) => r.overdue).map((r) => r.disbursement_id);
    const due = rows.filter((r) => !r.overdue).map((r) => r.disbursement_id);
    // An overdue receipt never gets the "due soon" reminder afterwards.
    if (overdue.length > 0) await tx.query('UPDATE nt_receipts SET overdue_sent = true, reminded = true WHERE disbursement_id = ANY($1::text[])', [overdue]);
    if (due.length > 0) await tx.query('UPDATE nt_receipts SET reminded = true WHERE disbursement_id = ANY($1::text[])', [due]);
    return enqueue(tx, messages, now);
  }

  /**
   * From NOTIFY_DIGEST_HOUR_UTC on, each person's messages set aside for the digest become one
   * digest message for the day (its id from person and day, so a second sweep adds nothing).
   */
  private async gatherDigests(tx: SqlExecutor, now: Date): Promise<number> {
    if (now.getUTCHours() < this.settings.digestHourUtc) return 0;
    const day = dayOf(now);
    const { rows } = await tx.query<{ recipient_id: string }>(`SELECT DISTINCT recipient_id FROM nt_messages WHERE email_state = 'digest' AND digest_id IS NULL`);
    let made = 0;
    for (const { recipient_id: recipientId } of rows) {
      const source = `digest:${day}`;
      const id = messageId(source, DIGEST_KIND, recipientId);
      made += await enqueue(tx, [{ source, kind: DIGEST_KIND, recipientId, link: NOTIFICATIONS_LINK, occurredAt: now.toISOString() }], now);
      // Messages set aside after today's digest was sent wait for tomorrow's.
      await tx.query(
        `UPDATE nt_messages SET digest_id = $1, email_state = 'digested'
         WHERE recipient_id = $2 AND email_state = 'digest' AND digest_id IS NULL
           AND EXISTS (SELECT 1 FROM nt_messages d WHERE d.message_id = $1 AND d.email_state = 'pending')`,
        [id, recipientId],
      );
    }
    return made;
  }
}
