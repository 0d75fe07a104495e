import type { Page } from 'playwright-core';
import { startTestSmtpServer, type TestSmtpServer } from '@fund/notifications/testing';
import { DEMO_CARD_PURCHASE, DEMO_PEOPLE, seedDemo, type DemoRequests } from '../../apps/api/src/cli/demo-seed';
import { WrittenPositions } from '../support/consistency';
import { checkAccessibility, describeWithChromium, PHONE, sidewaysOverflow, WebSuite } from './browser';

/**
 * The first ten minutes of someone trying the fund: an empty store, the demo's seeding (the same
 * function `npm run demo` runs), then each role's main job in Chromium, asserting what each
 * person sees. The advocate submits, a council member is emailed (a real SMTP server) and approves it, a coordinator pays it from
 * the overview, an auditor verifies the ledger, a funder opens a report. Desktop, plus a phone
 * pass of the overview and of the screens no other browser suite opens on a phone (donations,
 * balances, protocols, the ledger).
 */
describeWithChromium('the first ten minutes with the demo fund (Chromium)', () => {
  let suite: WebSuite;
  let smtp: TestSmtpServer;
  let demo: DemoRequests;
  let submitted = '';
  const MEMBER_EMAIL = 'council3@vw-augusta.example';

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    // One council member gave an email address when signing in; the fund mails through a real SMTP server.
    const people = DEMO_PEOPLE.map((p) => (p.userId === 'council-3' ? { ...p, email: MEMBER_EMAIL } : p));
    // The notification settings are read from the environment as the app starts; set for this app only.
    const before = { host: process.env.SMTP_HOST, port: process.env.SMTP_PORT };
    Object.assign(process.env, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port) });
    try {
      suite = await WebSuite.start(people);
    } finally {
      for (const [name, value] of [['SMTP_HOST', before.host], ['SMTP_PORT', before.port]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    const written = new WrittenPositions();
    demo = await seedDemo({ base: suite.base, app: suite.app, tokenFor: async ({ userId }) => suite.token[userId]!, observe: (res) => written.note(res.headers) });
    // The browser has no token of the seeding's writes: these reads wait until each read model has them.
    for (const path of ['/queues/overview', '/balances/funds', '/ledger?limit=1', '/people']) {
      const res = await fetch(`${suite.base}${path}`, { headers: { Authorization: `Bearer ${suite.token['coord-1']}`, ...written.header() } });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
  }, 180_000);
  afterAll(async () => {
    await suite?.close();
    await smtp?.close();
  });
  afterEach(() => expect(suite.pageErrors).toEqual([]));

  const status = (page: Page) => page.locator('.page-status');
  /** Waits until `who`'s read of `path` satisfies `ok` (a write made in the browser has no token here). */
  const until = async (path: string, who: string, ok: (body: Record<string, unknown>) => boolean): Promise<void> => {
    for (let tries = 0; tries < 200; tries++) {
      if (ok(await suite.api('GET', path, who))) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error(`GET ${path} as ${who} never showed what the test waits for`);
  };

  it('an advocate sees the agency’s seeded requests by status, and submits a new one', async () => {
    const page = await suite.newPage();
    await suite.signIn(page, 'adv-portland', 'Requests of ssac-portland');
    // Only this agency's requests: awaiting a vote, the on-call approval, the closed one.
    const rows = page.getByRole('region', { name: 'Requests of your organization' }).locator('tbody tr');
    await rows.first().waitFor();
    const seen = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    expect(seen).toHaveLength(3);
    for (const [id, badge] of [
      [demo.awaitingVote, 'Awaiting decision'],
      [demo.expedited, 'Approved, to be paid'],
      [demo.closed, 'Closed'],
    ] as const) {
      expect(seen.filter((t) => t.includes(id.slice(0, 8)) && t.includes(badge))).toHaveLength(1);
    }
    for (const elsewhere of [demo.expired, demo.paymentVoided, demo.denied]) expect(seen.join('\n')).not.toContain(elsewhere.slice(0, 8));
    // The survivor reference in her own file finds every request for that survivor.
    const reference = /SR-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(seen.find((t) => t.includes(demo.closed.slice(0, 8))) ?? '')?.[0] ?? 'none';
    const finder = page.getByRole('form', { name: 'Find a request by its id or survivor reference' });
    await finder.getByLabel('Request id or survivor reference').fill(reference.toLowerCase());
    await finder.getByRole('button', { name: 'Open', exact: true }).click();
    await finder.getByText(`3 requests are for ${reference}, newest first. Choose one:`).waitFor();
    expect(await finder.locator('.matches li').allInnerTexts()).toEqual([expect.stringContaining(demo.closed.slice(0, 8)), expect.stringContaining(demo.expedited.slice(0, 8)), expect.stringContaining(demo.awaitingVote.slice(0, 8))]);

    await page.getByRole('link', { name: 'New request', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'New fund request' }).waitFor();
    await page.getByRole('button', { name: 'Get a new survivor reference' }).click();
    await page.locator('.reference-result').getByText(/SR-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/).waitFor();
    await page.getByLabel('Expense category').selectOption({ label: 'Hygiene items' });
    await page.getByLabel('Amount (US$)').fill('40');
    await page.getByLabel('Payment method wanted').selectOption('vendor_payment');
    await page.getByLabel('Needed by').fill('2099-01-31');
    await page.getByRole('button', { name: 'Submit request' }).click();
    const success = page.locator('.form-result.success');
    await success.getByText(/Request submitted for Hygiene items, \$40\.00/).waitFor();
    submitted = ((await success.getByRole('link', { name: 'See the request' }).getAttribute('href')) ?? '').replace('/app/requests/', '');
    expect(submitted).toMatch(/^[0-9a-f-]{36}$/);
    await checkAccessibility(page, 'advocate: request submitted');
    await suite.shot(page, 'first-advocate-submitted');
    await page.context().close();
  }, 90_000);

  it('a council member is emailed that a request awaits their vote, follows the link, and approves it from their queue', async () => {
    // Within a minute of the request entering their queue; the message says what waits and where, nothing more.
    const linked = (mail: { to: readonly string[]; body: string }) => mail.to.includes(MEMBER_EMAIL) && mail.body.includes(`/app/requests/${submitted}`);
    await smtp.waitFor((mails) => mails.some(linked), 60_000);
    const mail = smtp.received.find(linked)!;
    expect(mail.subject).toBe('[Survivor fund] A request awaits your vote');
    expect(mail.body).not.toMatch(/\$|40\.00|Hygiene|hygiene|ssac-portland|adv-portland|SR-/);
    const link = new URL(/https?:\/\/\S+\/app\/requests\/\S+/.exec(mail.body)![0]);

    await until('/queues/council', 'council-3', (q) => JSON.stringify(q).includes(submitted));
    const page = await suite.newPage();
    await suite.signIn(page, 'council-3', /Hygiene items, \$40\.00/, link.pathname);
    await page.getByRole('navigation').getByRole('link', { name: 'Council queue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Council queue' }).waitFor();
    const card = page.getByRole('article', { name: /Hygiene items, \$40\.00/ });
    await card.waitFor();
    // The seeded request awaiting votes and the one with a question open wait too; the lodging
    // request this member already approved does not.
    await page.getByRole('article', { name: /Groceries, \$120\.00/ }).waitFor();
    await page.getByRole('article', { name: /Transportation, \$80\.00/ }).getByText(/question/i).first().waitFor();
    expect(await page.getByRole('article', { name: /Lodging/ }).count()).toBe(0);
    // It says how many approvals it needs ($40 is under the protocol's one-approval tier).
    expect((await card.innerText()).replace(/\s+/g, ' ')).toMatch(/Approvals 0 of 1/);
    await checkAccessibility(page, 'council queue with the demo fund');
    await card.getByRole('radio', { name: 'Approve' }).check();
    await card.getByLabel('Amount to approve (US$)').fill('40');
    await card.getByRole('button', { name: 'Cast vote' }).click();
    await status(page).getByText(/The request is now approved\./).waitFor();
    await suite.shot(page, 'first-council-voted');
    await page.context().close();
  }, 90_000);

  it('a coordinator starts on the overview, sees what waits, and pays the approved request from it', async () => {
    await until('/queues/payments', 'coord-1', (q) => JSON.stringify(q).includes(submitted));
    const page = await suite.newPage();
    await suite.signIn(page, 'coord-1', 'Overview');
    const tile = (title: string) => page.locator('.tiles li').filter({ hasText: title });
    // Lodging, the on-call phone card, the winter gear paid in part, the voided check, the co-pay held by the grant ending today, and the new one.
    await tile('To pay').locator('.tile-count').getByText('6', { exact: true }).waitFor();
    expect(await tile('Awaiting a council decision').locator('.tile-count').innerText()).toBe('2');
    expect(await tile('Waiting for a provider').locator('.tile-count').innerText()).toBe('1');
    expect(await tile('Expedited approvals to ratify').locator('.tile-count').innerText()).toBe('1');
    await page.getByText('No emergency request is waiting for a decision.').waitFor();
    await page.getByRole('table', { name: 'Fund balances' }).getByText('General donations').waitFor();
    // The demo's spending plans: general money monthly, the VOCA grant's housing line quarterly.
    await page.locator('[data-pacing="general/"]').getByText(/monthly plan/).waitFor();
    await page.locator('[data-pacing="voca-2026/housing"]').getByText(/quarterly plan/).waitFor();
    await checkAccessibility(page, 'coordinator overview with the demo fund');
    await suite.shot(page, 'first-coordinator-overview');

    await tile('To pay').getByRole('link', { name: 'Open the payments queue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Payments' }).waitFor();
    // The voided check is owed again in full.
    await page.getByRole('article', { name: /Transportation, \$70\.00 approved/ }).waitFor();
    const card = page.getByRole('article', { name: /Hygiene items, \$40\.00 approved/ });
    await card.getByLabel('Payment method').selectOption('vendor_payment');
    expect(await card.getByLabel('Amount paid (US$)').inputValue()).toBe('40.00');
    await card.getByRole('button', { name: 'Record payment' }).click();
    await status(page).getByText(/Payment of \$40\.00 recorded/).waitFor();
    expect(await page.getByRole('article', { name: /Hygiene items, \$40\.00/ }).count()).toBe(0);

    // The request that nobody decided in time is there, expired.
    await page.getByLabel('Request id').fill(demo.expired.slice(0, 8));
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /Hygiene items, \$35\.00/ }).waitFor();
    expect(await page.locator('dl.facts .badge').allInnerTexts()).toEqual(['Expired']);
    await page.context().close();
  }, 90_000);

  it('an auditor verifies the ledger, which holds the voided payment, and reads the gift-card log', async () => {
    const page = await suite.newPage();
    await suite.signIn(page, 'auditor-1', 'Audit ledger');
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    const verdict = page.locator('.verify-result.pass');
    await verdict.getByText('✓ Pass').waitFor();
    expect(await verdict.innerText()).toMatch(/hash chain is intact and debits equal credits for the whole ledger/);
    await page.getByRole('button', { name: 'Show entries' }).click();
    const entries = page.getByRole('table');
    await entries.getByText('DisbursementVoided').first().waitFor();
    await entries.getByText('MoneyDisbursed').first().waitFor();
    await checkAccessibility(page, 'auditor: ledger verified');
    await suite.shot(page, 'first-auditor-ledger');

    // The gift-card log: the three cards bought under dual control, the one the count found missing written off.
    await page.goto(`${suite.base}/app/gift-cards`);
    const log = page.getByRole('table', { name: /Gift cards and passes/ });
    const card = (serial: string) => log.locator('tbody tr').filter({ has: page.locator('code', { hasText: serial }) });
    await card(DEMO_CARD_PURCHASE.missing).waitFor();
    const rows = await Promise.all(DEMO_CARD_PURCHASE.serials.map(async (serial) => (await card(serial).innerText()).replace(/\s+/g, ' ')));
    expect(rows.map((r) => /On hand|Written off/.exec(r)?.[0])).toEqual(['On hand', 'Written off', 'On hand']);
    expect(rows[1]).toContain(`Missing in ${DEMO_CARD_PURCHASE.countId}`);
    expect(rows[1]).toContain('written off');
    expect(rows.every((r) => r.includes(`Bought, ${DEMO_CARD_PURCHASE.purchaseId}`) && r.includes('from kennebec-grocers'))).toBe(true);
    await checkAccessibility(page, 'auditor: gift-card log');
    await suite.shot(page, 'first-auditor-gift-cards', true);
    await page.context().close();
  }, 90_000);

  it('a funder opens a report: closed periods only, aggregates, nothing about any one request', async () => {
    const page = await suite.newPage();
    await suite.signIn(page, 'funder-1', 'Reports');
    await page.getByRole('heading', { level: 2, name: /^Quarterly funder report, FY\d{4} Q[1-4]$/ }).waitFor();
    await page.getByRole('table', { name: /Requests by expense category/ }).waitFor();
    const options = await page.getByLabel('Period', { exact: true }).locator('option').allTextContents();
    expect(options.filter((o) => /in progress/.test(o))).toEqual([]);
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/SR-[0-9A-Z]{4}/);
    for (const id of Object.values(demo)) expect(text).not.toContain(id.slice(0, 8));
    await checkAccessibility(page, 'funder report');
    await suite.shot(page, 'first-funder-report');
    await page.context().close();
  }, 90_000);

  it('on a phone, the overview and the screens no other suite checks on a phone fit it, axe-clean', async () => {
    const page = await suite.newPage(PHONE);
    await suite.signIn(page, 'coord-1', 'Overview');
    await page.locator('.tiles').waitFor();
    const fits = async (screen: string): Promise<void> => {
      expect({ screen, overflow: await sidewaysOverflow(page) }).toEqual({ screen, overflow: 0 });
      await checkAccessibility(page, `${screen} on a phone`);
    };
    await fits('coordinator overview');
    await suite.shot(page, 'first-phone-coordinator-overview', true);
    for (const [path, heading, ready] of [
      ['/app/donations', 'Donations', () => page.getByRole('form', { name: 'Record a monetary donation' })],
      ['/app/balances', 'Balances', () => page.getByText('General donations').first()],
      ['/app/protocols', 'Protocols', () => page.getByText(/Flexible emergency fund protocol/).first()],
    ] as const) {
      await page.goto(`${suite.base}${path}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await ready().waitFor();
      await fits(heading.toLowerCase());
    }
    await page.context().close();

    const auditor = await suite.newPage(PHONE);
    await suite.signIn(auditor, 'auditor-1', 'Audit ledger');
    await auditor.getByRole('button', { name: 'Verify', exact: true }).click();
    await auditor.locator('.verify-result.pass').waitFor();
    await auditor.getByRole('button', { name: 'Show entries' }).click();
    await auditor.getByRole('table').getByText('MoneyDisbursed').first().waitFor();
    expect(await sidewaysOverflow(auditor)).toBe(0);
    await checkAccessibility(auditor, 'ledger on a phone');
    await suite.shot(auditor, 'first-phone-auditor-ledger', true);
    await auditor.context().close();
  }, 120_000);
});
