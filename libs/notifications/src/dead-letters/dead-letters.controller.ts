import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '@fund/auth';
import { DomainError, type SqlDatabase } from '@fund/event-sourcing';
import { ApiErrors, READ_DATABASE } from '@fund/platform';
import { MessageIdParam, NotificationsQueryDto } from '../notifications.dto';
import { DeadLettersView, RetryView } from '../notifications.view';

/** Emails that failed NOTIFY_MAX_ATTEMPTS times: what kind, for whom (a user id), why (a code). */
@ApiTags('notifications')
@Controller('notifications/dead-letters')
export class DeadLettersController {
  constructor(@Inject(READ_DATABASE) private readonly db: SqlDatabase) {}

  @Get()
  @Allow('coordinator')
  @ApiOperation({ summary: 'Notification emails that could not be sent', description: 'Oldest first; no address and no server text, only an error code.' })
  @ApiOkResponse({ type: DeadLettersView })
  async list(@Query() q: NotificationsQueryDto): Promise<DeadLettersView> {
    const { rows } = await this.db.query<{ message_id: string; kind: string; recipient_id: string; attempts: number; last_error: string | null; created_at: Date | string }>(
      `SELECT message_id, kind, recipient_id, attempts, last_error, created_at FROM nt_messages WHERE email_state = 'dead'
       ORDER BY created_at, message_id LIMIT $1 OFFSET $2`,
      [q.limit ?? 50, q.offset ?? 0],
    );
    return {
      items: rows.map((r) => ({ messageId: r.message_id, kind: r.kind, recipientId: r.recipient_id, attempts: r.attempts, lastError: r.last_error, createdAt: new Date(r.created_at).toISOString() })),
    };
  }

  @Post(':messageId/retry')
  @HttpCode(200)
  @Allow('coordinator')
  @ApiOperation({ summary: 'Send a dead notification email again', description: 'It goes back to the outbox with its attempts reset.' })
  @ApiErrors({ 404: [['NOTIFICATION.NOT_DEAD', 'No dead notification email with this id']] })
  @ApiOkResponse({ type: RetryView })
  async retry(@Param() p: MessageIdParam): Promise<RetryView> {
    const { rowCount } = await this.db.query(
      `UPDATE nt_messages SET email_state = 'pending', attempts = 0, next_attempt_at = now(), lease_until = NULL WHERE message_id = $1 AND email_state = 'dead'`,
      [p.messageId],
    );
    if (rowCount === 0) throw new DomainError('NOTIFICATION.NOT_DEAD', 'No dead notification email with this id', {}, 'not_found');
    return { messageId: p.messageId, emailState: 'pending' };
  }
}
