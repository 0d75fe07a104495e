/**
 * Notification email through a real SMTP server (smtp-server, in this process, on 127.0.0.1):
 * - throughput: an outbox of `--events` x `--recipients` messages (made by the notifications
 *   projection from FundRequestSubmitted events) drained by the sender (MailSender, nodemailer's
 *   pool of `--connections`), messages per second;
 * - latency: events appended at `--rate` per second for `--seconds`, the projection and the
 *   worker's own loop (NotificationsWorker, poll NOTIFY_POLL_MS = `--poll`) running live; from each
 *   event's append to the SMTP server accepting its message, p50 / p99.
 * Embedded store (PGlite, as `npm start` runs) unless `--postgres`.
 *
 *   npm run bench:notifications [-- --events 500] [--recipients 4] [--connections 3] [--rate 5] [--seconds 20] [--poll 250] [--postgres] [--no-record]
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { EventToAppend, SqlDatabase } from '@fund/event-sourcing';
import { loadNotificationSettings, MailSender, NotificationsModule, NotificationsProjection, NotificationsWorker, NotificationsWorkerModule, SmtpMailer, systemClock } from '@fund/notifications';
import { startTestSmtpServer } from '@fund/notifications/testing';
import { PeopleModule } from '@fund/people';
import { READ_DATABASE, SubscriptionsModule } from '@fund/platform';
import { createTestApi, type TestApi } from '@fund/platform/testing';
import { args, commandLine, count, createDatabase, fmt, machine, percentile, record, sleep, table, today } from './lib/common';

const opts = args();
const EVENTS = count(opts.get('events'), 500);
const RECIPIENTS = count(opts.get('recipients'), 4);
const CONNECTIONS = count(opts.get('connections'), 3);
const RATE = count(opts.get('rate'), 5);
const SECONDS = count(opts.get('seconds'), 20);
const POLL = count(opts.get('poll'), 250);
const POSTGRES = opts.has('postgres');

function submitted(): { streamId: string; expectedVersion: 'no_stream'; events: EventToAppend[] } {
  const requestId = randomUUID();
  const now = new Date().toISOString();
  return {
    streamId: `fund-request-${requestId}`,
    expectedVersion: 'no_stream',
    events: [
      {
        type: 'FundRequestSubmitted',
        data: {
          requestId,
          organizationId: 'org-a',
          submitterId: 'advocate-1',
          survivorReference: 'SR-BENCH',
          category: 'groceries',
          amountCents: 5_000,
          paymentMethod: 'vendor_payment',
          urgency: 'standard',
          neededBy: '2099-01-01',
          demographics: {},
          hasNarrative: false,
          expedited: false,
          submittedAt: now,
        },
        metadata: { eventId: randomUUID(), schemaVersion: 1, occurredAt: now, actor: { userId: 'advocate-1', role: 'provider', organizationId: 'org-a' }, correlationId: randomUUID(), causationId: null },
      },
    ],
  };
}

async function until(probe: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}

async function main(): Promise<void> {
  const loadAtStart = machine();
  const smtp = await startTestSmtpServer();
  const pg = POSTGRES ? await createDatabase('notify') : undefined;
  // No SMTP in the app's own settings: the bench drives the sender itself, phase by phase.
  const inApp = loadNotificationSettings({});
  const settings = loadNotificationSettings({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_MAX_CONNECTIONS: String(CONNECTIONS), NOTIFY_POLL_MS: String(POLL) });
  let api: TestApi | undefined;
  try {
    api = await createTestApi(
      [PeopleModule, NotificationsModule, NotificationsWorkerModule.forRoot({ settings: inApp }), SubscriptionsModule.forRoot([NotificationsProjection])],
      pg ? { databaseUrl: pg.url } : {},
    );
    const db = api.app.get<SqlDatabase>(READ_DATABASE);
    for (let i = 0; i < RECIPIENTS; i++) {
      const token = await api.token({ userId: `member-${i}`, role: 'council', organizationId: `org-${i + 2}` }, { email: `member-${i}@agency.example` });
      await api.http().get('/notifications/unread-count').set('Authorization', `Bearer ${token}`).expect(200);
    }
    const messages = async (state?: string) => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM nt_messages${state ? ` WHERE email_state = '${state}'` : ''}`)).rows[0]?.n);

    // Throughput: fill the outbox, then drain it.
    for (let i = 0; i < EVENTS; i += 50) await api.store.appendMany(Array.from({ length: Math.min(50, EVENTS - i) }, submitted));
    const total = EVENTS * RECIPIENTS;
    await until(async () => (await messages()) === total);
    const mailer = new SmtpMailer(settings.smtp!, settings.from);
    const sender = new MailSender(db, mailer, settings, systemClock);
    const started = process.hrtime.bigint();
    for (;;) if ((await sender.runOnce()).handled === 0) break;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    mailer.close();
    const sent = await messages('sent');
    if (sent !== total || smtp.received.length !== total) throw new Error(`sent ${sent}, received ${smtp.received.length}, expected ${total}`);
    const perSecond = total / seconds;
    console.log(`throughput: ${total} messages in ${fmt(seconds, 2)} s = ${fmt(perSecond, 0)} messages/s`);

    // Latency: the worker's own loop, events at a steady rate.
    const before = smtp.received.length;
    const worker = new NotificationsWorker(db, settings, systemClock, new SmtpMailer(settings.smtp!, settings.from));
    worker.onApplicationBootstrap();
    const appendedAt = new Map<string, number>();
    const end = Date.now() + SECONDS * 1000;
    let next = Date.now();
    while (Date.now() < end) {
      const append = submitted();
      const requestId = append.streamId.slice('fund-request-'.length);
      await api.store.append(append);
      appendedAt.set(requestId, Date.now());
      next += 1000 / RATE;
      await sleep(Math.max(0, next - Date.now()));
    }
    const expected = before + appendedAt.size * RECIPIENTS;
    await smtp.waitFor((m) => m.length >= expected, 600_000);
    await worker.beforeApplicationShutdown();
    const latencies = smtp.received
      .slice(before)
      .map((m) => {
        const requestId = /\/app\/requests\/([0-9a-f-]{36})/.exec(m.body)?.[1] ?? '';
        return m.receivedAt - (appendedAt.get(requestId) ?? NaN);
      })
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    console.log(`latency over ${latencies.length} messages: p50 ${fmt(p50)} ms, p99 ${fmt(p99)} ms, max ${fmt(latencies.at(-1) ?? NaN)} ms`);

    record(`### Notification email through a local SMTP server (${today()})

- Command: \`${commandLine('bench:notifications')}\`
- Machine: ${loadAtStart}
- Store: ${POSTGRES ? 'PostgreSQL 15 on 127.0.0.1' : 'embedded (PGlite, in memory)'}; SMTP: smtp-server 3.21.7 in the same process on 127.0.0.1 (no TLS, no auth); nodemailer 10.6.1 pool of ${CONNECTIONS} connections; ${RECIPIENTS} council members with an address, so each FundRequestSubmitted makes ${RECIPIENTS} messages.
- Throughput: the outbox filled by the notifications projection, then drained by MailSender (claim with a lease, send, mark each sent); from the first claim to the last mark.
- Latency: FundRequestSubmitted appended at ${RATE}/s for ${SECONDS} s while the projection and NotificationsWorker (poll ${POLL} ms) run; from the append's return to the SMTP server's acceptance of each message.

${table(
  ['measure', 'value'],
  [
    ['messages sent (throughput run)', fmt(total)],
    ['messages per second', fmt(perSecond, 0)],
    ['messages timed (latency run)', fmt(latencies.length)],
    ['event to message, p50', `${fmt(p50)} ms`],
    ['event to message, p99', `${fmt(p99)} ms`],
    ['event to message, max', `${fmt(latencies.at(-1) ?? NaN)} ms`],
  ],
)}`);
  } finally {
    await api?.close();
    await smtp.close();
    await pg?.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
