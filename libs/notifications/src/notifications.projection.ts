import { Inject, Injectable } from '@nestjs/common';
import type { EventHandler, RecordedEvent, Role, SqlExecutor } from '@fund/event-sourcing';
import type { FundRequestEvent } from '@fund/fund-requests';
import { findRecipients, type RecipientFilter } from '@fund/people';
import type { ProtocolEvent } from '@fund/protocols';
import { NOTIFICATIONS_CLOCK, type Clock } from './clock';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from './notifications.config';
import { NOTIFICATION_MIGRATIONS } from './notifications.migrations';
import { PROTOCOLS_LINK, requestLink, type NotificationKind } from './notification-kinds';
import { enqueue, type NewMessage } from './outbox';

const REQUEST_STREAM = 'fund-request-';
const PROTOCOL_STREAM = 'protocol-';
const PROTOCOL_REGISTRY = 'protocol-registry';

export const NOTIFICATIONS = 'notifications';

interface RequestFacts {
  organization_id: string;
  submitter_id: string;
}

/**
 * Turns events into messages in the outbox (nt_messages), in the subscription's transaction:
 * the messages and the checkpoint commit together, so a crash loses none, and a redelivered
 * event finds its messages already there (their ids come from event, kind and recipient).
 * Who is told comes from the people directory as it is when the event is handled.
 */
@Injectable()
export class NotificationsProjection implements EventHandler {
  readonly name = NOTIFICATIONS;
  readonly migrations = NOTIFICATION_MIGRATIONS;
  /** Replaying makes messages only for events younger than NOTIFY_MAX_AGE_HOURS, but still: only on request. */
  readonly rebuildOnlyByName = true;

  constructor(
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
    @Inject(NOTIFICATIONS_CLOCK) private readonly clock: Clock,
  ) {}

  accepts(event: RecordedEvent): boolean {
    return event.streamId.startsWith(REQUEST_STREAM) || (event.streamId.startsWith(PROTOCOL_STREAM) && event.streamId !== PROTOCOL_REGISTRY);
  }

  async handle(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    const now = this.clock.now();
    const oldest = now.getTime() - this.settings.maxAgeHours * 3600_000;
    const messages: NewMessage[] = [];
    for (const event of events) {
      if (!this.accepts(event)) continue;
      const fresh = Date.parse(event.metadata.occurredAt) >= oldest;
      const tell = async (kind: NotificationKind, link: string, filter: RecipientFilter): Promise<void> => {
        if (!fresh) return;
        for (const person of await findRecipients(tx, filter)) {
          messages.push({ source: event.metadata.eventId, kind, recipientId: person.userId, link, occurredAt: event.metadata.occurredAt });
        }
      };
      if (event.streamId.startsWith(REQUEST_STREAM)) await this.onRequestEvent(event as RecordedEvent<FundRequestEvent>, tx, tell);
      else if ((event as RecordedEvent<ProtocolEvent>).type === 'ProtocolProposed') await tell('protocol-vote-requested', PROTOCOLS_LINK, { roles: ['council'] });
    }
    await enqueue(tx, messages, now);
  }

  private async onRequestEvent(
    e: RecordedEvent<FundRequestEvent>,
    tx: SqlExecutor,
    tell: (kind: NotificationKind, link: string, filter: RecipientFilter) => Promise<void>,
  ): Promise<void> {
    const requestId = e.streamId.slice(REQUEST_STREAM.length);
    const link = requestLink(requestId);
    if (e.type === 'FundRequestSubmitted') {
      await tx.query(
        `INSERT INTO nt_requests (request_id, organization_id, submitter_id, urgency, status, submitted_at)
         VALUES ($1, $2, $3, $4, 'open', $5) ON CONFLICT (request_id) DO NOTHING`,
        [requestId, e.data.organizationId, e.data.submitterId, e.data.urgency, e.data.submittedAt],
      );
      // Council members of other organizations: no one votes on their own organization's request.
      await tell('vote-requested', link, { roles: ['council'], notOrganizationId: e.data.organizationId });
      return;
    }
    const { rows } = await tx.query<RequestFacts>('SELECT organization_id, submitter_id FROM nt_requests WHERE request_id = $1', [requestId]);
    const facts = rows[0];
    if (!facts) return; // submitted before this projection existed and replayed past: nothing to say
    const submitter = (kind: NotificationKind) => tell(kind, link, { roles: ['provider'] satisfies Role[], userIds: [facts.submitter_id] });
    switch (e.type) {
      case 'MoreInformationRequested':
        await status(tx, requestId, 'info_requested');
        await tell('question-asked', link, { roles: ['provider'], organizationId: facts.organization_id });
        return;
      case 'InformationProvided':
        await status(tx, requestId, 'open');
        return;
      case 'FundRequestApproved':
        await status(tx, requestId, 'decided');
        await submitter('request-approved');
        return;
      case 'FundRequestDenied':
        await status(tx, requestId, 'decided');
        await submitter('request-denied');
        return;
      case 'FundRequestWithdrawn':
      case 'FundRequestExpired':
      case 'FundRequestClosed':
        await status(tx, requestId, 'ended');
        return;
      case 'DisbursementRecorded':
        if (e.data.receiptDueOn) {
          await tx.query(
            `INSERT INTO nt_receipts (disbursement_id, request_id, submitter_id, due_on) VALUES ($1, $2, $3, $4) ON CONFLICT (disbursement_id) DO NOTHING`,
            [e.data.disbursementId, requestId, facts.submitter_id, e.data.receiptDueOn],
          );
        }
        await submitter('request-paid');
        return;
      case 'ReceiptRecorded':
      case 'LostReceiptAttested':
      case 'RequestDisbursementVoided':
        await tx.query('UPDATE nt_receipts SET settled = true WHERE disbursement_id = $1', [e.data.disbursementId]);
        return;
      default:
        return;
    }
  }

  /** Rebuilding forgets the facts only: messages stay, so a replayed event cannot send again. */
  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('TRUNCATE nt_requests, nt_receipts');
  }
}

async function status(tx: SqlExecutor, requestId: string, to: string): Promise<void> {
  await tx.query('UPDATE nt_requests SET status = $2 WHERE request_id = $1', [requestId, to]);
}
