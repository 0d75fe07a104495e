import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor, HUMAN_ROLES } from '@fund/auth';
import type { Actor, SqlDatabase } from '@fund/event-sourcing';
import { READ_DATABASE } from '@fund/platform';
import { NOTIFICATION_KINDS, type Delivery, type NotificationKind } from '../notification-kinds';
import { SetPreferenceDto } from '../notifications.dto';
import { PreferencesView } from '../notifications.view';

/** Per kind, how email reaches me: at once (the default), in the daily digest, or not at all. */
@ApiTags('notifications')
@Controller('notifications/preferences')
export class PreferencesController {
  constructor(@Inject(READ_DATABASE) private readonly db: SqlDatabase) {}

  @Get()
  @Allow(...HUMAN_ROLES)
  @ApiOperation({ summary: 'My email preferences', description: 'Every kind, with immediate where nothing was chosen.' })
  @ApiOkResponse({ type: PreferencesView })
  async get(@CurrentActor() actor: Actor): Promise<PreferencesView> {
    return this.of(actor.userId);
  }

  @Post()
  @HttpCode(200)
  @Allow(...HUMAN_ROLES)
  @ApiOperation({ summary: 'Choose how one kind of notification reaches me by email', description: 'Counts from now on, for messages not yet sent too.' })
  @ApiOkResponse({ type: PreferencesView })
  async set(@Body() body: SetPreferenceDto, @CurrentActor() actor: Actor): Promise<PreferencesView> {
    await this.db.query(
      `INSERT INTO nt_preferences (user_id, kind, delivery, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (user_id, kind) DO UPDATE SET delivery = EXCLUDED.delivery, updated_at = EXCLUDED.updated_at`,
      [actor.userId, body.kind, body.delivery],
    );
    return this.of(actor.userId);
  }

  private async of(userId: string): Promise<PreferencesView> {
    const { rows } = await this.db.query<{ kind: NotificationKind; delivery: Delivery }>('SELECT kind, delivery FROM nt_preferences WHERE user_id = $1', [userId]);
    const chosen = new Map(rows.map((r) => [r.kind, r.delivery]));
    return { items: NOTIFICATION_KINDS.map((kind) => ({ kind, delivery: chosen.get(kind) ?? 'immediate' })) };
  }
}
