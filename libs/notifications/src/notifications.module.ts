import { Inject, Module, type DynamicModule, type OnModuleInit, type Provider } from '@nestjs/common';
import { migrate, type SqlDatabase } from '@fund/event-sourcing';
import { PEOPLE_COMPONENT, PEOPLE_MIGRATIONS } from '@fund/people';
import { READ_DATABASE } from '@fund/platform';
import { NOTIFICATIONS_CLOCK, systemClock, type Clock } from './clock';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { InboxController } from './inbox/inbox.controller';
import { MAILER, SmtpMailer, type Mailer } from './mailer';
import { NOTIFICATION_SETTINGS, loadNotificationSettings, type NotificationSettings } from './notifications.config';
import { NOTIFICATIONS_COMPONENT, NOTIFICATION_MIGRATIONS } from './notifications.migrations';
import { NotificationsWorker } from './notifications-worker';
import { PreferencesController } from './preferences/preferences.controller';

/** Both halves create both tables (people too), so either process may start first. */
async function migrateAll(db: SqlDatabase): Promise<void> {
  await migrate(db, PEOPLE_COMPONENT, PEOPLE_MIGRATIONS);
  await migrate(db, NOTIFICATIONS_COMPONENT, NOTIFICATION_MIGRATIONS);
}

/** The api's half: each person's list, unread count and preferences; the coordinators' dead letters. */
@Module({ controllers: [InboxController, PreferencesController, DeadLettersController] })
export class NotificationsModule implements OnModuleInit {
  constructor(@Inject(READ_DATABASE) private readonly db: SqlDatabase) {}

  async onModuleInit(): Promise<void> {
    await migrateAll(this.db);
  }
}

export interface NotificationsWorkerOptions {
  readonly settings?: NotificationSettings;
  /** Tests move time with their own clock. */
  readonly clock?: Clock;
  /** Defaults to SMTP through nodemailer when SMTP_HOST is set. */
  readonly mailer?: Mailer;
}

/**
 * The worker's half: settings, clock and mailer for the NotificationsProjection (registered with
 * the other subscriptions), and the timers that sweep and send. Global, so the subscription
 * host can build the projection.
 */
@Module({})
export class NotificationsWorkerModule implements OnModuleInit {
  constructor(@Inject(READ_DATABASE) private readonly db: SqlDatabase) {}

  static forRoot(options: NotificationsWorkerOptions = {}): DynamicModule {
    const settings = options.settings ?? loadNotificationSettings();
    const mailer = options.mailer ?? (settings.smtp ? new SmtpMailer(settings.smtp, settings.from) : undefined);
    const providers: Provider[] = [
      { provide: NOTIFICATION_SETTINGS, useValue: settings },
      { provide: NOTIFICATIONS_CLOCK, useValue: options.clock ?? systemClock },
      ...(mailer ? [{ provide: MAILER, useValue: mailer }] : []),
      NotificationsWorker,
    ];
    return { module: NotificationsWorkerModule, global: true, providers, exports: [NOTIFICATION_SETTINGS, NOTIFICATIONS_CLOCK, NotificationsWorker] };
  }

  async onModuleInit(): Promise<void> {
    await migrateAll(this.db);
  }
}
