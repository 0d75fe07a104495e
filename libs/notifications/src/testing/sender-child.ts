/**
 * A notifications worker in a process of its own, for the crash test: the projection and the
 * SMTP sender on the PostgreSQL database in DATABASE_URL, settings from SMTP_* and NOTIFY_*.
 * Prints "ready" once running; the test kills it with SIGKILL.
 */
import { PeopleModule } from '@fund/people';
import { SubscriptionsModule } from '@fund/platform';
import { createTestApi } from '@fund/platform/testing';
import { loadNotificationSettings } from '../notifications.config';
import { NotificationsModule, NotificationsWorkerModule } from '../notifications.module';
import { NotificationsProjection } from '../notifications.projection';

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  await createTestApi(
    [PeopleModule, NotificationsModule, NotificationsWorkerModule.forRoot({ settings: loadNotificationSettings(process.env) }), SubscriptionsModule.forRoot([NotificationsProjection])],
    { databaseUrl },
  );
  process.stdout.write('ready\n');
  setInterval(() => undefined, 60_000);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
