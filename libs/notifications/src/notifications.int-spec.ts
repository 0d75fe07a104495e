import { DonationsModule } from '@fund/donations';
import type { SqlDatabase } from '@fund/event-sourcing';
import { FundRequestsModule } from '@fund/fund-requests';
import { FundsModule } from '@fund/funds';
import { InventoryModule } from '@fund/inventory';
import { OrganizationsModule } from '@fund/organizations';
import { PeopleModule } from '@fund/people';
import { READ_DATABASE, SubscriptionsHost, SubscriptionsModule } from '@fund/platform';
import { createTestApi, type TestApi } from '@fund/platform/testing';
import { PrivacyModule } from '@fund/privacy';
import { DEMO_PROTOCOL_RULES, EXPENSE_CATEGORIES, EXPENSE_CATEGORY_NAMES, ProtocolsModule } from '@fund/protocols';
import { loadNotificationSettings } from './notifications.config';
import { NotificationsModule, NotificationsWorkerModule } from './notifications.module';
import { NotificationsProjection } from './notifications.projection';
import { NotificationsWorker } from './notifications-worker';
import { ManualClock, startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from './testing';

const HOUR = 3600_000;
const NARRATIVE = 'Motel nights near the bus terminal while the locks are changed';

/** Polls a condition (never a fixed sleep): generous, because CI shares two cores. */
async function eventually<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Notifications end to end on the embedded store: real api routes write events, the
 * notifications projection follows the store's subscription, and a real SMTP server (started
 * here, on a port the kernel picks) receives what the sender sends.
 */
describe('notifications (embedded store, real SMTP server)', () => {
  let smtp: TestSmtpServer;
  let api: TestApi;
  let db: SqlDatabase;
  let worker: NotificationsWorker;
  const clock = new ManualClock();
  const token: Record<string, string> = {};
  const secrets: string[] = [NARRATIVE];
  let reference: string;

  const post = (path: string, who: string, body: object = {}) => api.http().post(path).set('Authorization', `Bearer ${token[who]}`).send(body);
  const get = (path: string, who: string) => api.http().get(path).set('Authorization', `Bearer ${token[who]}`);
  const mailTo = (address: string, subject: RegExp) => (m: readonly ReceivedMail[]) => m.some((x) => x.to.includes(address) && subject.test(x.subject));
  const state = async (recipient: string, kind: string) =>
    (await db.query<{ email_state: string }>('SELECT email_state FROM nt_messages WHERE recipient_id = $1 AND kind = $2 ORDER BY created_at', [recipient, kind])).rows.map((r) => r.email_state);
  const submit = async (urgency: 'standard' | 'emergency', amountCents: number): Promise<string> =>
    (
      await post('/fund-requests', 'advocate', { survivorReference: reference, category: 'lodging', amountCents, paymentMethod: 'vendor_payment', urgency, neededBy: '2099-01-01', narrative: NARRATIVE }).expect(201)
    ).body.requestId;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    const settings = loadNotificationSettings({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      NOTIFY_POLL_MS: '25',
      NOTIFY_SWEEP_MS: '25',
      NOTIFY_ESCALATION_HOURS: '4',
      NOTIFY_MAX_ATTEMPTS: '3',
      NOTIFY_RETRY_BASE_MS: '1000',
      NOTIFY_WEB_URL: 'https://fund.example/',
    });
    api = await createTestApi([
      PrivacyModule,
      ProtocolsModule,
      OrganizationsModule,
      FundsModule,
      DonationsModule,
      InventoryModule,
      FundRequestsModule,
      PeopleModule,
      NotificationsModule,
      NotificationsWorkerModule.forRoot({ settings, clock }),
      SubscriptionsModule.forRoot([NotificationsProjection]),
    ]);
    db = api.app.get<SqlDatabase>(READ_DATABASE);
    worker = api.app.get(NotificationsWorker);
    const people: [string, 'provider' | 'council' | 'coordinator', string, string][] = [
      ['advocate', 'provider', 'org-a', 'advocate@agency-a.example'],
      ['member-a', 'council', 'org-a', 'member@agency-a.example'],
      ['member-b', 'council', 'org-b', 'member@agency-b.example'],
      ['member-c', 'council', 'org-c', 'member@agency-c.example'],
      ['coordinator', 'coordinator', 'coalition', 'staff@coalition.example'],
    ];
    // Signing in (any authenticated request) puts each person in the directory.
    for (const [userId, role, organizationId, email] of people) {
      token[userId] = await api.token({ userId, role, organizationId }, { email });
      await get('/notifications/unread-count', userId).expect(200);
      secrets.push(userId, organizationId);
    }
    await post('/protocols/bootstrap', 'coordinator', { version: '2026-1', title: 'Emergency fund protocol', rules: DEMO_PROTOCOL_RULES }).expect(201);
    await post('/funds', 'coordinator', { fundId: 'general', name: 'General donations', restricted: false }).expect(201);
    await post('/donations/monetary', 'coordinator', { fundId: 'general', amountCents: 500_000, restricted: false, donorKind: 'individual', receivedOn: '2026-10-01' }).expect(201);
    await post('/organizations', 'coordinator', { organizationId: 'org-a', providerType: 'sexual_assault_center', county: 'cumberland' }).expect(201);
    reference = (await post('/survivor-references', 'advocate').expect(201)).body.reference;
    secrets.push(reference);
  }, 180_000);

  afterAll(async () => {
    await api?.close();
    await smtp?.close();
  });

  it('emails a council member within a minute of a request entering their queue, and never its own organization', async () => {
    const started = Date.now();
    const id = await submit('standard', 12_345);
    secrets.push('12345', '123.45', '12,345');
    await smtp.waitFor(mailTo('member@agency-b.example', /awaits your vote/), 60_000);
    expect(Date.now() - started).toBeLessThan(60_000);
    await smtp.waitFor(mailTo('member@agency-c.example', /awaits your vote/), 60_000);
    expect(await state('member-a', 'vote-requested')).toEqual([]);
    const mail = smtp.received.find((m) => m.to.includes('member@agency-b.example'))!;
    expect(mail.body).toContain(`https://fund.example/app/requests/${id}`);
    expect(mail.messageId).toMatch(/^<[0-9a-f]{32}@survivor-fund\.notifications>$/);
    // In the app too, with an unread count.
    const inbox = (await get('/notifications', 'member-b').expect(200)).body;
    expect(inbox).toMatchObject({ unread: 1, items: [{ kind: 'vote-requested', link: `/app/requests/${id}`, read: false }] });
    await post(`/notifications/${inbox.items[0].messageId}/read`, 'member-b').expect(200, { marked: 1 });
    expect((await get('/notifications/unread-count', 'member-b').expect(200)).body).toEqual({ unread: 0 });
    // Someone else's notification is not there for them.
    await post(`/notifications/${inbox.items[0].messageId}/read`, 'member-c').expect(404);
  });

  it('escalates an emergency request still undecided after N hours, on a clock the test moves', async () => {
    const id = await submit('emergency', 9_000);
    const { rows } = await db.query<{ submitted_at: Date }>('SELECT submitted_at FROM nt_requests WHERE request_id = $1', [id]);
    const submittedAt = (await eventually(async () => rows[0] ?? (await db.query<{ submitted_at: Date }>('SELECT submitted_at FROM nt_requests WHERE request_id = $1', [id])).rows[0], 'request projected')).submitted_at;
    clock.set(new Date(new Date(submittedAt).getTime() + 4 * HOUR - 60_000));
    expect((await worker.schedule.sweep(clock.now())).escalations).toBe(0);
    clock.advance(2 * 60_000);
    const started = Date.now();
    await smtp.waitFor(mailTo('staff@coalition.example', /emergency request is still undecided/), 60_000);
    expect(Date.now() - started).toBeLessThan(60_000);
    await smtp.waitFor(mailTo('member@agency-b.example', /emergency request is still undecided/), 60_000);
    // Escalated once: a later sweep adds nothing.
    expect((await worker.schedule.sweep(clock.now())).escalations).toBe(0);
    await eventually(async () => (await state('coordinator', 'emergency-escalation')).join() === 'sent', 'the escalation recorded as sent once');
    expect(await state('member-a', 'emergency-escalation')).toEqual([]);
  });

  it('respects "off" (no email, still in the app) and "digest" (one summary at the digest hour)', async () => {
    await post('/notifications/preferences', 'member-b', { kind: 'vote-requested', delivery: 'off' }).expect(200);
    const prefs = (await post('/notifications/preferences', 'member-c', { kind: 'vote-requested', delivery: 'digest' }).expect(200)).body;
    expect(prefs.items).toContainEqual({ kind: 'vote-requested', delivery: 'digest' });
    const before = smtp.received.length;
    const id = await submit('standard', 2_000);
    await eventually(async () => (await state('member-b', 'vote-requested')).at(-1) === 'off', 'member-b set aside as off');
    await eventually(async () => (await state('member-c', 'vote-requested')).at(-1) === 'digested' || (await state('member-c', 'vote-requested')).at(-1) === 'digest', 'member-c set aside for the digest');
    expect(smtp.received.slice(before).filter((m) => /awaits your vote/.test(m.subject))).toEqual([]);
    // Off is about email: the app still lists it.
    expect((await get('/notifications?unread=true', 'member-b').expect(200)).body.items).toContainEqual(expect.objectContaining({ kind: 'vote-requested', link: `/app/requests/${id}`, read: false }));

    const tomorrow = new Date(clock.now().getTime() + 24 * HOUR);
    clock.set(new Date(Date.UTC(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth(), tomorrow.getUTCDate(), 7, 30)));
    await smtp.waitFor(mailTo('member@agency-c.example', /daily summary/), 60_000);
    const digest = smtp.received.filter((m) => m.to.includes('member@agency-c.example') && /daily summary/.test(m.subject));
    expect(digest).toHaveLength(1);
    expect(digest[0]!.body).toContain('A request awaits your vote. (1 time)');
    expect((await worker.schedule.sweep(clock.now())).digests).toBe(0);
  });

  it('retries with back-off, then shows the message as a dead letter a coordinator can send again', async () => {
    smtp.mode = 'refuse';
    await post('/notifications/preferences', 'member-c', { kind: 'protocol-vote-requested', delivery: 'immediate' }).expect(200);
    await post('/protocols', 'coordinator', { version: '2026-2', title: 'Next protocol', rules: DEMO_PROTOCOL_RULES }).expect(201);
    await post('/protocols/2026-2/proposal', 'coordinator').expect(201);
    // Each failure pushes the next attempt 1 s, 2 s... ahead on the test's clock.
    const dead = await eventually(async () => {
      clock.advance(10_000);
      const { body } = await get('/notifications/dead-letters', 'coordinator').expect(200);
      return body.items.find((d: { kind: string; recipientId: string }) => d.kind === 'protocol-vote-requested' && d.recipientId === 'member-c');
    }, 'a dead letter');
    expect(dead).toMatchObject({ attempts: 3, lastError: 'SMTP_451' });
    smtp.mode = 'accept';
    await post(`/notifications/dead-letters/${dead.messageId}/retry`, 'coordinator').expect(200);
    await smtp.waitFor(mailTo('member@agency-c.example', /protocol proposal/), 60_000);
    await get('/notifications/dead-letters', 'member-c').expect(403);
  });

  it('tells the provider of a question, approval and payment, then of a receipt due in three days and of it overdue', async () => {
    const id = await submit('emergency', 5_000);
    await post(`/fund-requests/${id}/information-requests`, 'member-b', { questionCode: 'other_resources' }).expect(200);
    await smtp.waitFor(mailTo('advocate@agency-a.example', /question was asked/), 60_000);
    secrets.push('No other help is available this month');
    await post(`/fund-requests/${id}/information`, 'advocate', { note: 'No other help is available this month' }).expect(200);
    await post(`/fund-requests/${id}/votes`, 'member-b', { vote: 'approve', amountCents: 5_000 }).expect(200);
    await smtp.waitFor(mailTo('advocate@agency-a.example', /was approved/), 60_000);
    await post(`/fund-requests/${id}/disbursements`, 'coordinator', { source: 'money', amountCents: 5_000, paymentMethod: 'vendor_payment' }).expect(201);
    await smtp.waitFor(mailTo('advocate@agency-a.example', /payment was recorded/), 60_000);
    const due = await eventually(async () => (await db.query<{ due: string }>(`SELECT to_char(due_on, 'YYYY-MM-DD') AS due FROM nt_receipts WHERE request_id = $1`, [id])).rows[0]?.due, 'receipt due projected');
    const at = (days: number) => new Date(Date.parse(`${due}T12:00:00Z`) + days * 24 * HOUR);

    clock.set(at(-4));
    expect((await worker.schedule.sweep(clock.now())).receipts).toBe(0);
    clock.set(at(-3));
    await smtp.waitFor(mailTo('advocate@agency-a.example', /receipt is due soon/), 60_000);
    clock.set(at(0));
    expect((await worker.schedule.sweep(clock.now())).receipts).toBe(0);
    clock.set(at(1));
    await smtp.waitFor(mailTo('advocate@agency-a.example', /receipt is overdue/), 60_000);
    const reminders = smtp.received.filter((m) => m.to.includes('advocate@agency-a.example') && /receipt/.test(m.subject));
    expect(reminders.map((m) => m.subject)).toEqual(['[Survivor fund] A receipt is due soon for a request you submitted', '[Survivor fund] A receipt is overdue for a request you submitted']);
  });

  it('sends nothing twice when the projection is replayed from position 0', async () => {
    // Back to the present, so every event is young enough to make messages again: only the ids stop them.
    clock.set(new Date());
    const { rows: before } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM nt_messages');
    const mails = smtp.received.length;
    const [rebuilt] = await api.app.get(SubscriptionsHost).rebuild('notifications');
    expect(rebuilt?.events).toBeGreaterThan(10);
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM nt_requests')).rows[0]!.n).toBeGreaterThan(3);
    const { rows: after } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM nt_messages');
    expect(after[0]!.n).toBe(before[0]!.n);
    expect((await worker.sender!.runOnce()).sent).toBe(0);
    expect(smtp.received.length).toBe(mails);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(smtp.received.length);
  });

  it('tells coordinators once a month of a budget pacing warning, naming no fund or figure', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const mid = Date.parse(`${month}-15T08:00:00Z`);
    secrets.push('general', 'General donations');
    // A threshold above all the fund holds: money is low. Pacing is looked at once an hour.
    await post('/funds/general/spending-plan', 'coordinator', { cadence: 'month', periods: [{ start: month, amountCents: 1_000_000 }], warnings: { lowBalanceCents: 100_000_000, overPacePercent: 1000 } }).expect(201);
    clock.set(new Date(mid));
    await smtp.waitFor(mailTo('staff@coalition.example', /spending needs attention/), 60_000);
    expect(await state('coordinator', 'budget-pacing')).toHaveLength(1);
    expect(await state('member-b', 'budget-pacing')).toEqual([]);
    clock.set(new Date(mid + HOUR));
    expect((await worker.schedule.sweep(clock.now())).pacing).toBe(0);
    expect(await state('coordinator', 'budget-pacing')).toHaveLength(1);
    const mail = smtp.received.find((m) => m.to.includes('staff@coalition.example') && /spending needs attention/.test(m.subject))!;
    expect(mail.body).toContain('https://fund.example/app/overview');
  });

  it('never puts an amount, category, narrative, reference, organization or person in a message', () => {
    expect(smtp.received.length).toBeGreaterThan(5);
    const words = [...secrets, ...EXPENSE_CATEGORIES, ...Object.values(EXPENSE_CATEGORY_NAMES), '$', 'cents'];
    const found = smtp.received.flatMap((m) => words.filter((w) => `${m.subject}\n${m.body}`.toLowerCase().includes(w.toLowerCase())).map((w) => `${m.subject}: ${w}`));
    expect(found).toEqual([]);
    // Digits appear only inside the request id of a link, and as a digest's count of notifications.
    const allowed = [/https:\/\/fund\.example\/app\/requests\/[0-9a-f-]{36}/g, /summary: \d+ notifications?/g, /\(\d+ times?\)/g];
    for (const m of smtp.received) expect(allowed.reduce((text, pattern) => text.replace(pattern, ''), `${m.subject}\n${m.body}`)).not.toMatch(/\d/);
  });
});
