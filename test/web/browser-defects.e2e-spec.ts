import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadOrCreateLocalSigningKey, mintLocalToken } from '@fund/auth';
import type { Role } from '@fund/event-sourcing';
import { loadConfig } from '@fund/platform';
import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { createApp } from '../../apps/api/src/create-app';
import { WrittenPositions } from '../support/consistency';
import { buildWebApp, checkAccessibility, CHROMIUM, CHROMIUM_ARGS, describeWithChromium, screenshot } from './browser';

/**
 * Issue 18: what people hit in the browser. Each test drives the screen where the defect was
 * seen, on the embedded store, and asserts what a person would notice (an error on screen, a
 * badge, where focus and the confirmation are), plus what the api recorded where it matters
 * (the access log). Screenshots go to a temporary folder (SCREENSHOTS_DIR keeps them).
 */

type Json = Record<string, unknown>;

describeWithChromium('web app: issue 18 defects', () => {
  let app: NestExpressApplication;
  let dataDir: string;
  let webDir: string;
  let base: string;
  let browser: Browser;
  const token: Record<string, string> = {};
  const shots = process.env.SCREENSHOTS_DIR ?? mkdtempSync(join(tmpdir(), 'sf-web-issue18-'));

  const written = new WrittenPositions();
  const call = async (method: 'GET' | 'POST', path: string, who: string, body?: object): Promise<{ status: number; json: Json; position: string | null }> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token[who]}`, 'Content-Type': 'application/json', ...(method === 'GET' ? written.header() : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    written.note(res.headers);
    return { status: res.status, json: (await res.json()) as Json, position: res.headers.get('x-position') };
  };
  const api = async (method: 'GET' | 'POST', path: string, who: string, body?: object): Promise<Json> => {
    const { status, json } = await call(method, path, who, body);
    if (status >= 300) throw new Error(`${method} ${path} -> ${status} ${JSON.stringify(json)}`);
    return json;
  };

  let reference = '';
  const submit = async (amountCents: number, extra: object = {}, who = 'adv-portland'): Promise<string> => {
    const { requestId } = (await api('POST', '/fund-requests', who, {
      survivorReference: who === 'adv-portland' ? reference : otherReference,
      category: 'groceries',
      amountCents,
      paymentMethod: 'vendor_payment',
      urgency: 'standard',
      neededBy: '2099-03-01',
      ...extra,
    })) as { requestId: string };
    return requestId;
  };
  let otherReference = '';

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    webDir = buildWebApp();
    dataDir = mkdtempSync(join(tmpdir(), 'sf-web-18-'));
    app = await createApp(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { web: { root: webDir } });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const key = loadOrCreateLocalSigningKey(dataDir);
    const users: [string, Role, string][] = [
      ['coord-1', 'coordinator', 'coalition'],
      ['adv-portland', 'provider', 'ssac-portland'],
      ['adv-lewiston', 'provider', 'dv-lewiston'],
      ['council-1', 'council', 'dv-bangor'],
      ['council-2', 'council', 'vw-augusta'],
    ];
    for (const [userId, role, organizationId] of users) token[userId] = await mintLocalToken(key, { userId, role, organizationId });
    await api('POST', '/protocols/bootstrap', 'coord-1', { version: '2026-1', title: 'Emergency fund protocol', rules: DEMO_PROTOCOL_RULES });
    await api('POST', '/funds', 'coord-1', { fundId: 'general', name: 'General donations', restricted: false });
    await api('POST', '/donations/monetary', 'coord-1', { fundId: 'general', amountCents: 500_000, restricted: false, donorKind: 'individual', receivedOn: '2026-10-01' });
    await api('POST', '/organizations', 'coord-1', { organizationId: 'ssac-portland', providerType: 'sexual_assault_center', county: 'cumberland' });
    await api('POST', '/organizations', 'coord-1', { organizationId: 'dv-lewiston', providerType: 'domestic_violence_center', county: 'androscoggin' });
    reference = ((await api('POST', '/survivor-references', 'adv-portland')) as { reference: string }).reference;
    otherReference = ((await api('POST', '/survivor-references', 'adv-lewiston')) as { reference: string }).reference;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(webDir, { recursive: true, force: true });
    if (!process.env.SCREENSHOTS_DIR) rmSync(shots, { recursive: true, force: true });
  });

  const pageErrors: string[] = [];
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  const newPage = async (width = 1100, height = 860): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width, height }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  };
  const PHONE = [390, 844] as const;

  const shot = (page: Page, name: string): Promise<void> => screenshot(page, join(shots, `${name}.png`));

  const signIn = async (page: Page, who: string, expectedHeading: RegExp, path = '/'): Promise<void> => {
    // What the test wrote over the api is in the queues before the browser reads them (the
    // browser has no token of those writes): a read with the test's position waits for it.
    await api('GET', '/queues/payments?limit=1', 'coord-1');
    await page.goto(`${base}${path}`);
    await page.getByLabel('Your token').fill(token[who]!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: expectedHeading }).waitFor();
  };
  const today = (): string => new Date().toISOString().slice(0, 10);
  const narrativeReads = async (requestId: string): Promise<number> => {
    const log = (await api('GET', `/access-log?day=${today()}`, 'coord-1')) as { accesses: { resource: string; path: string }[] };
    return log.accesses.filter((a) => a.resource === 'fund-request.narrative' && a.path.includes(requestId)).length;
  };

  describe('1. reading the narrative', () => {
    it('says "no narrative" or shows the text, on desktop and phone, for council and provider, never a script error', async () => {
      const without = await submit(4_000);
      const withText = await submit(4_500, { narrative: 'Groceries for a week while benefits start' });
      for (const [width, height] of [[1100, 860], PHONE] as const) {
        // The council reads from its queue's card (every request has the button there).
        const council = await newPage(width, height);
        await signIn(council, 'council-1', /Council queue/);
        for (const [amount, expected] of [
          [/Groceries, \$40\.00/, 'No narrative was given.'],
          [/Groceries, \$45\.00/, 'Groceries for a week while benefits start'],
        ] as const) {
          const card = council.getByRole('article', { name: amount });
          await card.getByRole('button', { name: 'Read the narrative' }).click();
          const reader = card.locator('.narrative-reader');
          await reader.getByText(new RegExp(`${expected}|Cannot read|Could not`)).waitFor();
          expect(await reader.innerText()).not.toMatch(/Cannot read properties|error/i);
          await reader.getByText(expected).waitFor();
        }
        await checkAccessibility(council, `council narrative (${width}px)`);
        await shot(council, `1-council-narrative-${width}`);
        await council.context().close();

        // The provider reads from the request page.
        const provider = await newPage(width, height);
        await signIn(provider, 'adv-portland', /Requests of ssac-portland/);
        await provider.goto(`${base}/app/requests/${withText}`);
        await provider.getByRole('button', { name: 'Read the narrative' }).click();
        await provider.locator('.narrative-reader').getByText('Groceries for a week while benefits start').waitFor();
        expect(await provider.locator('.narrative-reader').innerText()).not.toMatch(/Cannot read properties/);
        await checkAccessibility(provider, `provider narrative (${width}px)`);
        await shot(provider, `1-provider-narrative-${width}`);
        await provider.context().close();
      }
      // Each read that answered is in the access log once.
      expect(await narrativeReads(without)).toBe(2);
      expect(await narrativeReads(withText)).toBe(4);
    }, 240_000);

    it('does not log a narrative read that failed', async () => {
      const requestId = await submit(4_600, { narrative: 'Groceries for two weeks' });
      const before = await narrativeReads(requestId);
      // Another organization's advocate: the request does not exist for them.
      const refused = await call('GET', `/fund-requests/${requestId}/narrative`, 'adv-lewiston');
      expect(refused.status).toBe(404);
      expect(await narrativeReads(requestId)).toBe(before);
      const answered = await call('GET', `/fund-requests/${requestId}/narrative`, 'council-2');
      expect(answered.status).toBe(200);
      // The record is written before the answer leaves: its position comes with it.
      expect(answered.position).toMatch(/^\d+\.\d+$/);
      expect(refused.position).toBeNull();
      expect(await narrativeReads(requestId)).toBe(before + 1);
    }, 120_000);
  });
  describe('2. the badge after a partial payment', () => {
    it('says "Partially paid" beside the amount left to pay, for the coordinator and the provider', async () => {
      const requestId = await submit(10_000);
      await api('POST', `/fund-requests/${requestId}/votes`, 'council-1', { vote: 'approve', amountCents: 10_000 });
      await api('POST', `/fund-requests/${requestId}/disbursements`, 'coord-1', { source: 'money', amountCents: 3_500, paymentMethod: 'vendor_payment' });

      const coordinator = await newPage();
      await signIn(coordinator, 'coord-1', /Payments/, '/app/payments');
      const card = coordinator.getByRole('article', { name: /Groceries, \$100\.00 approved/ });
      await card.getByText('$65.00', { exact: true }).waitFor();
      expect(await card.locator('.badge').allInnerTexts()).toEqual(['Partially paid']);
      await checkAccessibility(coordinator, 'payments with a partial payment');
      await shot(coordinator, '2-payments-partially-paid-1100');
      await coordinator.context().close();

      for (const [width, height] of [[1100, 860], PHONE] as const) {
        const provider = await newPage(width, height);
        await signIn(provider, 'adv-portland', /Requests of ssac-portland/);
        const row = provider.getByRole('row', { name: new RegExp(requestId.slice(0, 8)) });
        await row.waitFor();
        expect(await row.locator('.badge').allInnerTexts()).toEqual(['Partially paid']);
        await provider.goto(`${base}/app/requests/${requestId}`);
        await provider.getByRole('heading', { level: 1, name: /Groceries, \$100\.00/ }).waitFor();
        const facts = provider.locator('dl.facts');
        expect(await facts.locator('.badge').allInnerTexts()).toEqual(['Partially paid']);
        expect(await facts.innerText()).toMatch(/Left to pay\s+\$65\.00/);
        await checkAccessibility(provider, `request partially paid (${width}px)`);
        await shot(provider, `2-request-partially-paid-${width}`);
        await provider.context().close();
      }
    }, 240_000);
  });
  describe('3. finding a request by the id screens show', () => {
    it('opens a request from its 8-character id or its whole id; another organization’s is no match', async () => {
      const requestId = await submit(4_700);
      const elsewhere = await submit(4_800, {}, 'adv-lewiston');
      for (const [who, home, path, width, height] of [
        ['coord-1', /Payments/, '/app/payments', 1100, 860],
        ['adv-portland', /Requests of ssac-portland/, '/', ...PHONE],
        ['council-2', /Council queue/, '/', 1100, 860],
      ] as const) {
        const page = await newPage(width, height);
        await signIn(page, who, home, path);
        const finder = page.getByRole('form', { name: /by its id/ });
        for (const typed of [requestId.slice(0, 8).toUpperCase(), requestId]) {
          await finder.getByLabel('Request id').fill(typed);
          await finder.getByRole('button', { name: 'Open', exact: true }).click();
          await page.getByRole('heading', { level: 1, name: /Groceries, \$47\.00/ }).or(finder.locator('.field-error:not([hidden])')).waitFor();
          expect(await finder.locator('.field-error:not([hidden])').count()).toBe(0);
          expect(page.url()).toBe(`${base}/app/requests/${requestId}`);
          await page.goBack();
          await page.getByRole('heading', { level: 1, name: home }).waitFor();
        }
        if (who === 'adv-portland') {
          await finder.getByLabel('Request id').fill(elsewhere.slice(0, 8));
          await finder.getByRole('button', { name: 'Open', exact: true }).click();
          await finder.locator('.field-error').getByText(`No request you can see has an id starting with ${elsewhere.slice(0, 8)}.`).waitFor();
          expect(await finder.getByLabel('Request id').getAttribute('aria-invalid')).toBe('true');
          await checkAccessibility(page, 'find a request, no match (phone)');
          await finder.scrollIntoViewIfNeeded();
          await shot(page, '3-find-no-match-390');
        }
        await page.context().close();
      }
    }, 240_000);
  });
  describe('4. submitting a request on a phone', () => {
    it('moves focus to a confirmation in view, announced, and the form cannot be sent twice', async () => {
      const count = async (): Promise<number> => ((await api('GET', '/queues/my-requests?limit=200', 'adv-portland')) as { items: unknown[] }).items.length;
      const before = await count();
      const page = await newPage(...PHONE);
      await signIn(page, 'adv-portland', /Requests of ssac-portland/);
      await page.getByRole('link', { name: 'New request', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'New fund request' }).waitFor();
      await page.getByRole('textbox', { name: 'Survivor reference' }).fill(reference);
      await page.getByLabel('Expense category').selectOption('hygiene');
      await page.getByLabel('Amount (US$)').fill('49');
      await page.getByLabel('Payment method wanted').selectOption('vendor_payment');
      await page.getByLabel('Needed by').fill('2099-04-01');
      const submitButton = page.getByRole('button', { name: 'Submit request' });
      await submitButton.click();
      const confirmation = page.locator('.form-result.success');
      await confirmation.getByText(/Request submitted for Hygiene items, \$49\.00/).waitFor();

      // Where a hurried advocate looks: focus is on the confirmation, and it is on screen.
      const where = await confirmation.evaluate((el) => {
        const g = globalThis as unknown as { document: { activeElement: unknown }; innerHeight: number };
        const box = el.getBoundingClientRect();
        return { focused: g.document.activeElement === el || el.contains(g.document.activeElement as never), top: box.top, bottom: box.bottom, viewport: g.innerHeight, live: el.getAttribute('aria-live'), role: el.getAttribute('role') };
      });
      expect({ focused: where.focused, inView: where.top >= 0 && where.bottom <= where.viewport }).toEqual({ focused: true, inView: true });
      expect([where.role, where.live]).toEqual(['status', 'polite']);
      // No second submit: the button is gone until they ask for another request.
      expect(await submitButton.isVisible()).toBe(false);
      await page.keyboard.press('Enter');
      await checkAccessibility(page, 'new request submitted (phone)');
      await shot(page, '4-submitted-390');
      expect(await count()).toBe(before + 1);

      await confirmation.getByRole('button', { name: 'Submit another request' }).click();
      await submitButton.waitFor();
      expect(await page.getByRole('textbox', { name: 'Survivor reference' }).inputValue()).toBe(reference);
      expect(await page.getByLabel('Amount (US$)').inputValue()).toBe('');
      expect(await confirmation.isVisible()).toBe(false);
      await page.context().close();
    }, 120_000);
  });
  describe('5. no decision made for the member, and a question before anything irreversible', () => {
    const votesOn = async (requestId: string): Promise<number> => ((await api('GET', `/fund-requests/${requestId}`, 'coord-1')) as { votes: unknown[] }).votes.length;

    it('council: nothing is chosen beforehand; a denial asks first in an accessible dialog (Escape and Cancel send nothing)', async () => {
      const requestId = await submit(5_100);
      for (const [width, height] of [[1100, 860], PHONE] as const) {
        const page = await newPage(width, height);
        await signIn(page, width === 1100 ? 'council-1' : 'council-2', /Council queue/);
        const card = page.getByRole('article', { name: /Groceries, \$51\.00/ });
        await card.waitFor();
        for (const choice of ['Approve', 'Deny', 'Recuse myself']) expect([choice, await card.getByRole('radio', { name: choice }).isChecked()]).toEqual([choice, false]);
        expect(await card.getByLabel('Amount to approve (US$)').isVisible()).toBe(false);
        // One click on "Cast vote" decides nothing.
        await card.getByRole('button', { name: 'Cast vote' }).click();
        await card.locator('fieldset.invalid').getByText('Choose approve, deny or recuse myself.').waitFor();
        expect(await votesOn(requestId)).toBe(0);

        await card.getByRole('radio', { name: 'Deny' }).check();
        await card.getByLabel('Reason for denying').selectOption('duplicate_request');
        const cast = card.getByRole('button', { name: 'Cast vote' });
        await cast.click();
        const dialog = page.getByRole('dialog', { name: 'Deny Groceries, $51.00?' });
        await dialog.waitFor();
        expect(await dialog.innerText()).toMatch(/cannot be changed afterwards/);
        // Focus starts on the harmless choice.
        expect(await dialog.getByRole('button', { name: 'Cancel' }).evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
        await checkAccessibility(page, `deny confirmation (${width}px)`);
        await shot(page, `5-deny-dialog-${width}`);
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
        expect(await cast.evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
        await cast.click();
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        await dialog.waitFor({ state: 'detached' });
        expect(await votesOn(requestId)).toBe(0);
        await page.context().close();
      }
      const page = await newPage();
      await signIn(page, 'council-1', /Council queue/);
      const card = page.getByRole('article', { name: /Groceries, \$51\.00/ });
      await card.getByRole('radio', { name: 'Deny' }).check();
      await card.getByLabel('Reason for denying').selectOption('duplicate_request');
      await card.getByRole('button', { name: 'Cast vote' }).click();
      await page.getByRole('dialog', { name: 'Deny Groceries, $51.00?' }).getByRole('button', { name: 'Yes, deny' }).click();
      await page.locator('.page-status').getByText(/Your vote \(deny\) on Groceries, \$51\.00 is recorded\. The request is now denied\./).waitFor();
      expect(await votesOn(requestId)).toBe(1);
      await page.context().close();
    }, 240_000);

    it('coordinator: closing a request asks first, saying what is not paid yet', async () => {
      const requestId = await submit(9_000);
      await api('POST', `/fund-requests/${requestId}/votes`, 'council-1', { vote: 'approve', amountCents: 9_000 });
      const { disbursementId } = (await api('POST', `/fund-requests/${requestId}/disbursements`, 'coord-1', { source: 'money', amountCents: 2_000, paymentMethod: 'vendor_payment' })) as { disbursementId: string };
      // The rest is not needed: with its receipt recorded, the request can be closed short of its approval.
      await api('POST', `/fund-requests/${requestId}/disbursements/${disbursementId}/receipt`, 'adv-portland', { amountCents: 2_000 });
      const page = await newPage(...PHONE);
      await signIn(page, 'coord-1', /Payments/, '/app/payments');
      await page.goto(`${base}/app/requests/${requestId}`);
      await page.getByRole('heading', { level: 1, name: /Groceries, \$90\.00/ }).waitFor();
      await page.getByRole('button', { name: 'Close this request' }).click();
      const dialog = page.getByRole('dialog', { name: 'Close this request?' });
      await dialog.getByText(/\$70\.00 approved is not paid yet/).waitFor();
      await checkAccessibility(page, 'close confirmation (phone)');
      await shot(page, '5-close-dialog-390');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(((await api('GET', `/fund-requests/${requestId}`, 'coord-1')) as { status: string }).status).toBe('disbursed');
      await page.getByRole('button', { name: 'Close this request' }).click();
      await dialog.getByRole('button', { name: 'Yes, close it' }).click();
      await page.locator('.page-status').getByText('Request closed; any unspent reservation went back to the fund.').waitFor();
      expect(((await api('GET', `/fund-requests/${requestId}`, 'coord-1')) as { status: string }).status).toBe('closed');
      await page.context().close();
    }, 120_000);
  });

  describe('6. approvals needed and had; voting while a question is open', () => {
    it('shows "approvals: n of m" and, with a question open, names it and asks before approving', async () => {
      // Above $250.00 the demo protocol needs two approvals.
      const requestId = await submit(30_500);
      const page = await newPage();
      await signIn(page, 'council-2', /Council queue/);
      let card = page.getByRole('article', { name: /Groceries, \$305\.00/ });
      await card.waitFor();
      expect(await card.locator('dl.facts').innerText()).toMatch(/Approvals\s+0 of 2/);
      await page.context().close();

      await api('POST', `/fund-requests/${requestId}/votes`, 'council-1', { vote: 'approve', amountCents: 30_500 });
      await api('POST', `/fund-requests/${requestId}/information-requests`, 'council-1', { questionCode: 'vendor_details' });
      for (const [width, height] of [PHONE, [1100, 860]] as const) {
        const council = await newPage(width, height);
        await signIn(council, 'council-2', /Council queue/);
        card = council.getByRole('article', { name: /Groceries, \$305\.00/ });
        await card.waitFor();
        expect(await card.locator('dl.facts').innerText()).toMatch(/Approvals\s+1 of 2/);
        await card.getByText(/Open question: “Which vendor will be paid\?”, not answered yet/).waitFor();
        await card.getByRole('radio', { name: 'Approve' }).check();
        await card.getByRole('button', { name: 'Cast vote' }).click();
        const dialog = council.getByRole('dialog', { name: 'Approve Groceries, $305.00 before the answer?' });
        await dialog.getByText(/A question is still open:.*Which vendor will be paid\?.*The provider has not answered it yet\./).waitFor();
        await checkAccessibility(council, `approve with an open question (${width}px)`);
        await shot(council, `6-open-question-dialog-${width}`);
        if (width !== 1100) {
          await dialog.getByRole('button', { name: 'Cancel' }).click();
          await dialog.waitFor({ state: 'detached' });
          expect(((await api('GET', `/fund-requests/${requestId}`, 'coord-1')) as { votes: unknown[] }).votes.length).toBe(1);
        } else {
          await dialog.getByRole('button', { name: 'Yes, approve now' }).click();
          await council.locator('.page-status').getByText(/is recorded\. The request is now approved\./).waitFor();
        }
        await council.context().close();
      }
      // The request page says the same to the council member and to the provider.
      const pending = await submit(30_600);
      const provider = await newPage(...PHONE);
      await signIn(provider, 'adv-portland', /Requests of ssac-portland/);
      await provider.goto(`${base}/app/requests/${pending}`);
      await provider.getByRole('heading', { level: 1, name: /Groceries, \$306\.00/ }).waitFor();
      expect(await provider.locator('dl.facts').innerText()).toMatch(/Approvals\s+0 of 2/);
      await shot(provider, '6-request-approvals-390');
      await provider.context().close();
    }, 240_000);
  });
  describe('queue sort and filters (issue 18, if time allowed)', () => {
    it('council: sorts and filters by the api, shows a compact list, and keeps the choices in the address', async () => {
      await submit(12_300, { category: 'clothing', urgency: 'urgent' });
      await submit(49_900, { category: 'clothing' });
      await submit(3_300, { category: 'clothing' }, 'adv-lewiston');
      for (const [width, height] of [[1100, 860], PHONE] as const) {
        const page = await newPage(width, height);
        await signIn(page, width === 1100 ? 'council-1' : 'council-2', /Council queue/);
        const controls = page.getByRole('form', { name: 'Sort and filter the queue' });
        // Folded away under its summary on a phone.
        expect(await controls.isVisible()).toBe(width === 1100);
        if (width !== 1100) await page.locator('details.queue-controls > summary').click();
        const cards = page.getByRole('region', { name: 'Awaiting your vote' }).or(page.locator('section[aria-labelledby="vote-h"]')).getByRole('article');
        await cards.first().waitFor();
        await controls.getByLabel('Category').selectOption('clothing');
        await page.getByRole('article', { name: /Clothing, \$33\.00/ }).waitFor();
        await controls.getByLabel('Sort').selectOption('amount');
        await page.waitForURL(/sort=amount/);
        await cards.nth(2).waitFor();
        expect(await cards.evaluateAll((els) => els.map((e) => e.querySelector('h3')?.textContent ?? ''))).toEqual([
          expect.stringMatching(/^Clothing, \$499\.00/),
          expect.stringMatching(/^Clothing, \$123\.00/),
          expect.stringMatching(/^Clothing, \$33\.00/),
        ]);
        await controls.getByLabel('Organization').fill('dv-lewiston');
        await controls.getByRole('button', { name: 'Apply' }).click();
        await page.waitForURL(/organizationId=dv-lewiston/);
        await cards.nth(1).waitFor({ state: 'detached' });
        expect(await cards.count()).toBe(1);
        await controls.getByLabel('Organization').fill('');
        await controls.getByLabel('Show as').selectOption('list');
        const rows = page.getByRole('region', { name: 'Requests awaiting your vote' }).locator('tbody tr');
        await rows.nth(2).waitFor();
        expect(await rows.count()).toBe(3);
        expect(await rows.first().innerText()).toMatch(/Clothing\s+\$499\.00[\s\S]*0 of 2/);
        expect(page.url()).toMatch(/category=clothing/);
        // The address keeps the choices.
        await page.reload();
        await rows.nth(2).waitFor();
        await page.locator('details.queue-controls summary').getByText(/Largest amount first · Clothing · compact list/).waitFor();
        if (width !== 1100) await page.locator('details.queue-controls > summary').click();
        expect(await controls.getByLabel('Show as').inputValue()).toBe('list');
        expect(await controls.getByLabel('Category').inputValue()).toBe('clothing');
        await checkAccessibility(page, `council queue, compact and filtered (${width}px)`);
        await shot(page, `queue-compact-${width}`);
        await page.context().close();
      }
    }, 240_000);
    it('coordinator: filters the requests to pay and lists them compactly, on desktop and phone', async () => {
      const partly = await submit(6_100, { category: 'childcare' });
      const unpaid = await submit(6_200, { category: 'childcare' });
      for (const id of [partly, unpaid]) await api('POST', `/fund-requests/${id}/votes`, 'council-1', { vote: 'approve', amountCents: id === partly ? 6_100 : 6_200 });
      await api('POST', `/fund-requests/${partly}/disbursements`, 'coord-1', { source: 'money', amountCents: 1_000, paymentMethod: 'vendor_payment' });
      for (const [width, height] of [[1100, 860], PHONE] as const) {
        const page = await newPage(width, height);
        await signIn(page, 'coord-1', /Payments/, '/app/payments');
        if (width !== 1100) await page.locator('details.queue-controls > summary').click();
        const controls = page.getByRole('form', { name: 'Sort and filter the queue' });
        await controls.getByLabel('Category').selectOption('childcare');
        await controls.getByLabel('Show as').selectOption('list');
        const rows = page.getByRole('region', { name: 'Requests to pay' }).locator('tbody tr');
        await rows.nth(1).waitFor();
        await controls.getByLabel('Status').selectOption('disbursed');
        await rows.nth(1).waitFor({ state: 'detached' });
        expect(await rows.count()).toBe(1);
        expect(await rows.first().innerText()).toMatch(new RegExp(`${partly.slice(0, 8)}[\\s\\S]*\\$61\\.00\\s+\\$10\\.00\\s+\\$51\\.00[\\s\\S]*Partially paid`));
        await checkAccessibility(page, `payments, compact and filtered (${width}px)`);
        await shot(page, `queue-payments-compact-${width}`);
        await page.context().close();
      }
    }, 240_000);
  });
});
