import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor, HUMAN_ROLES } from '@fund/auth';
import { DomainError, type Actor, type SqlDatabase } from '@fund/event-sourcing';
import { ApiErrors, READ_DATABASE } from '@fund/platform';
import { DIGEST_KIND, sentenceOf, type NotificationKind } from '../notification-kinds';
import { MessageIdParam, NotificationsQueryDto } from '../notifications.dto';
import { MarkedReadView, NotificationsPageView, UnreadCountView, type NotificationView } from '../notifications.view';

interface Row {
  message_id: string;
  kind: NotificationKind;
  link: string;
  created_at: Date | string;
  read_at: Date | string | null;
}

/** Each person's own notifications, whatever their email preference; never anyone else's. */
@ApiTags('notifications')
@Controller('notifications')
export class InboxController {
  constructor(@Inject(READ_DATABASE) private readonly db: SqlDatabase) {}

  @Get()
  @Allow(...HUMAN_ROLES)
  @ApiOperation({ summary: 'My notifications', description: 'Newest first: what kind of thing waits and a link to it, nothing more.' })
  @ApiOkResponse({ type: NotificationsPageView })
  async list(@Query() q: NotificationsQueryDto, @CurrentActor() actor: Actor): Promise<NotificationsPageView> {
    const { rows } = await this.db.query<Row>(
      `SELECT message_id, kind, link, created_at, read_at FROM nt_messages
       WHERE recipient_id = $1 AND kind <> $2 AND ($3::boolean IS NOT TRUE OR read_at IS NULL)
       ORDER BY created_at DESC, message_id LIMIT $4 OFFSET $5`,
      [actor.userId, DIGEST_KIND, q.unread ?? null, q.limit ?? 50, q.offset ?? 0],
    );
    return { items: rows.map(view), unread: await this.unreadOf(actor.userId) };
  }

  @Get('unread-count')
  @Allow(...HUMAN_ROLES)
  @ApiOperation({ summary: 'How many of my notifications are unread' })
  @ApiOkResponse({ type: UnreadCountView })
  async unread(@CurrentActor() actor: Actor): Promise<UnreadCountView> {
    return { unread: await this.unreadOf(actor.userId) };
  }

  @Post(':messageId/read')
  @HttpCode(200)
  @Allow(...HUMAN_ROLES)
  @ApiOperation({ summary: 'Mark one of my notifications read' })
  @ApiErrors({ 404: [['NOTIFICATION.NOT_FOUND', 'No such notification of yours']] })
  @ApiOkResponse({ type: MarkedReadView })
  async markRead(@Param() p: MessageIdParam, @CurrentActor() actor: Actor): Promise<MarkedReadView> {
    const { rowCount } = await this.db.query('UPDATE nt_messages SET read_at = now() WHERE message_id = $1 AND recipient_id = $2 AND kind <> $3 AND read_at IS NULL', [
      p.messageId,
      actor.userId,
      DIGEST_KIND,
    ]);
    if (rowCount > 0) return { marked: rowCount };
    const { rows } = await this.db.query('SELECT 1 FROM nt_messages WHERE message_id = $1 AND recipient_id = $2 AND kind <> $3', [p.messageId, actor.userId, DIGEST_KIND]);
    // Someone else's id answers like an unknown one: existence is not disclosed.
    if (rows.length === 0) throw new DomainError('NOTIFICATION.NOT_FOUND', 'No such notification of yours', {}, 'not_found');
    return { marked: 0 };
  }

  @Post('read-all')
  @HttpCode(200)
  @Allow(...HUMAN_ROLES)
  @ApiOperation({ summary: 'Mark all my notifications read' })
  @ApiOkResponse({ type: MarkedReadView })
  async markAllRead(@CurrentActor() actor: Actor): Promise<MarkedReadView> {
    const { rowCount } = await this.db.query('UPDATE nt_messages SET read_at = now() WHERE recipient_id = $1 AND read_at IS NULL AND kind <> $2', [actor.userId, DIGEST_KIND]);
    return { marked: rowCount };
  }

  private async unreadOf(userId: string): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM nt_messages WHERE recipient_id = $1 AND read_at IS NULL AND kind <> $2', [userId, DIGEST_KIND]);
    return rows[0]?.n ?? 0;
  }
}

function view(r: Row): NotificationView {
  return { messageId: r.message_id, kind: r.kind, text: sentenceOf(r.kind), link: r.link, createdAt: new Date(r.created_at).toISOString(), read: r.read_at !== null };
}
