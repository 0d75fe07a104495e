import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '@fund/event-sourcing/testing';
import { FundRequestsModule } from '@fund/fund-requests';
import { FundsModule } from '@fund/funds';
import { OrganizationsModule } from '@fund/organizations';
import { PeopleModule } from '@fund/people';
import { SubscriptionsModule } from '@fund/platform';
import { createTestApi } from '@fund/platform/testing';
import { PrivacyModule } from '@fund/privacy';
import { DEMO_PROTOCOL_RULES, ProtocolsModule } from '@fund/protocols';
import { loadNotificationSettings } from './notifications.config';
import { NotificationsModule, NotificationsWorkerModule } from './notifications.module';
import { NotificationsProjection } from './notifications.projection';
import { startTestSmtpServer, type TestSmtpServer } from './testing';

const ROOT = join(__dirname, '..', '..', '..');
const REQUESTS = 10;
/** Two council members of other organizations per request. */
const EXPECTED = REQUESTS * 2;

async function until(probe: () => Promise<boolean> | boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The sender runs in a process of its own on PostgreSQL and is killed with SIGKILL while the
 * SMTP server (real, started here) holds some messages unanswered. A second process finishes:
 * every message arrives, and none twice.
 */
describeWithPostgres('notification sender killed with SIGKILL mid-send (PostgreSQL, real process, real SMTP)', () => {
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let client: Client;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('notify_crash');
    smtp = await startTestSmtpServer();
    client = new Client({ connectionString: db.url });
    await client.connect();
    // Requests written through the api, with no SMTP configured: the outbox fills, nothing is sent.
    const api = await createTestApi(
      [
        PrivacyModule,
        ProtocolsModule,
        OrganizationsModule,
        FundsModule,
        FundRequestsModule,
        PeopleModule,
        NotificationsModule,
        NotificationsWorkerModule.forRoot({ settings: loadNotificationSettings({}) }),
        SubscriptionsModule.forRoot([NotificationsProjection]),
      ],
      { databaseUrl: db.url },
    );
    try {
      const token: Record<string, string> = {};
      for (const [userId, role, organizationId] of [
        ['advocate', 'provider', 'org-a'],
        ['member-b', 'council', 'org-b'],
        ['member-c', 'council', 'org-c'],
        ['coordinator', 'coordinator', 'coalition'],
      ] as const) {
        token[userId] = await api.token({ userId, role, organizationId }, { email: `${userId}@agency.example` });
        await api.http().get('/notifications/unread-count').set('Authorization', `Bearer ${token[userId]}`).expect(200);
      }
      const post = (path: string, who: string, body: object = {}) => api.http().post(path).set('Authorization', `Bearer ${token[who]}`).send(body);
      await post('/protocols/bootstrap', 'coordinator', { version: '2026-1', title: 'Protocol', rules: DEMO_PROTOCOL_RULES }).expect(201);
      await post('/organizations', 'coordinator', { organizationId: 'org-a', providerType: 'other', county: 'york' }).expect(201);
      const { reference } = (await post('/survivor-references', 'advocate').expect(201)).body;
      for (let i = 0; i < REQUESTS; i++) {
        await post('/fund-requests', 'advocate', { survivorReference: reference, category: 'groceries', amountCents: 1_000 + i, paymentMethod: 'vendor_payment', urgency: 'standard', neededBy: '2099-01-01' }).expect(201);
      }
      await until(async () => Number((await client.query(`SELECT count(*) AS n FROM nt_messages WHERE email_state = 'pending'`)).rows[0].n) === EXPECTED, 'the outbox filled');
    } finally {
      await api.close();
    }
  }, 300_000);

  afterAll(async () => {
    children.forEach((c) => c.kill('SIGKILL'));
    await client?.end();
    await smtp?.close();
    await db?.drop();
  });

  function startSender(): { child: ChildProcess; ready: Promise<void> } {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'libs/notifications/src/testing/sender-child.ts')], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: db.url, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_MAX_CONNECTIONS: '2', NOTIFY_POLL_MS: '50', NOTIFY_LEASE_MS: '3000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (c: Buffer) => c.toString().includes('ready') && resolve());
      child.once('exit', (code, signal) => reject(new Error(`sender exited (${signal ?? code}) before it was ready:\n${output.slice(-2000)}`)));
    });
    return { child, ready };
  }

  const sentInDb = async () => Number((await client.query(`SELECT count(*) AS n FROM nt_messages WHERE email_state = 'sent'`)).rows[0].n);

  it('delivers every message exactly once across a kill -9 and a restart', async () => {
    // The server accepts five, then leaves the next ones unanswered: those are in flight when the process dies.
    smtp.holdAfter = 5;
    const first = startSender();
    await first.ready;
    await until(async () => smtp.received.length === 5 && smtp.held > 0 && (await sentInDb()) === 5, 'five sent and recorded, more in flight');
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    // The held ones were never accepted: a server answers 421 to a client that is gone.
    smtp.releaseHeld();
    smtp.holdAfter = null;

    const second = startSender();
    await second.ready;
    await until(async () => (await sentInDb()) === EXPECTED, 'every message recorded as sent');
    const ids = smtp.received.map((m) => m.messageId);
    expect(ids).toHaveLength(EXPECTED);
    expect(new Set(ids).size).toBe(EXPECTED);
    expect(new Set(smtp.received.flatMap((m) => m.to))).toEqual(new Set(['member-b@agency.example', 'member-c@agency.example']));
  });
});
