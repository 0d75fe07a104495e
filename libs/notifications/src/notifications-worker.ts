import { Inject, Injectable, Logger, Optional, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventStore, SqlDatabase } from '@fund/event-sourcing';
import { readPacing } from '@fund/funds';
import { EVENT_STORE, READ_DATABASE } from '@fund/platform';
import { NOTIFICATIONS_CLOCK, type Clock } from './clock';
import { MailSender } from './mail-sender';
import { MAILER, type Mailer } from './mailer';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from './notifications.config';
import { NotificationSchedule } from './notification-schedule';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The worker's timers: the schedule every NOTIFY_SWEEP_MS, the sender every NOTIFY_POLL_MS
 * (at once again while it finds work). Neither overlaps itself. Without SMTP_HOST no mail is
 * sent and rows wait; the in-app list works either way.
 */
@Injectable()
export class NotificationsWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  readonly schedule: NotificationSchedule;
  readonly sender: MailSender | undefined;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;
  private inFlight: Promise<unknown>[] = [];

  constructor(
    @Inject(READ_DATABASE) db: SqlDatabase,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
    @Inject(NOTIFICATIONS_CLOCK) private readonly clock: Clock,
    @Optional() @Inject(MAILER) private readonly mailer?: Mailer,
    @Optional() @Inject(EVENT_STORE) store?: EventStore,
  ) {
    this.schedule = new NotificationSchedule(db, settings, store ? (today) => readPacing(store, today) : undefined);
    this.sender = mailer ? new MailSender(db, mailer, settings, clock) : undefined;
  }

  onApplicationBootstrap(): void {
    if (process.env.SF_SUBSCRIPTIONS_PAUSED === 'true') return;
    this.loop('sweep', this.settings.sweepMs, async () => {
      await this.schedule.sweep(this.clock.now());
      return false;
    });
    const sender = this.sender;
    if (sender) this.loop('send', this.settings.pollMs, async () => (await sender.runOnce()).handled > 0);
    else this.logger.log('SMTP_HOST is not set: notifications stay in the app, no email is sent');
  }

  /** `work` returns true when there may be more to do right away. */
  private loop(name: string, everyMs: number, work: () => Promise<boolean>): void {
    const run = async (): Promise<void> => {
      if (this.stopped) return;
      let again = false;
      const pass = work().then(
        (more) => (again = more),
        (error: unknown) => this.logger.error({ task: name, error: message(error) }, 'notification task failed; will retry'),
      );
      this.inFlight.push(pass);
      await pass;
      this.inFlight = this.inFlight.filter((p) => p !== pass);
      if (this.stopped) return;
      const timer = setTimeout(() => void run(), again ? 0 : everyMs);
      timer.unref();
      this.timers.set(name, timer);
    };
    void run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.timers.forEach((t) => clearTimeout(t));
    // A pass in flight finishes and records what it sent before the database closes.
    await Promise.allSettled(this.inFlight);
    this.mailer?.close();
  }
}
