import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { loadOrCreateLocalSigningKey, mintLocalToken } from '@fund/auth';
import type { Role } from '@fund/event-sourcing';
import { EVENT_STORE, loadConfig } from '@fund/platform';
import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { createApp } from '../../apps/api/src/create-app';
import { appendAll, ev, type StreamEvent } from '@fund/reporting/testing';
import { jpegWithGps, metadataFound } from '@fund/documents/testing';
import { WrittenPositions } from '../support/consistency';
import { buildWebApp, checkAccessibility, CHROMIUM, CHROMIUM_ARGS, describeWithChromium, ROOT, screenshot, storage } from './browser';

/**
 * The web app, black box: built with its own build script, served by the real api (embedded
 * store) through serveWeb, and driven in Debian's Chromium through one request's whole life,
 * every role doing its part. axe-core checks each screen; no serious or critical violation.
 * Screenshots go to a temporary folder, or to docs/screenshots with UPDATE_SCREENSHOTS=1.
 */

/** The latest federal fiscal quarter over at `now` (UTC days, FY starting 1 October). */
function lastClosedQuarter(now: number): { fiscalYear: number; quarter: number; start: Date } {
  const d = new Date(now);
  const startOfCurrent = new Date(Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1));
  const start = new Date(Date.UTC(startOfCurrent.getUTCFullYear(), startOfCurrent.getUTCMonth() - 3, 1));
  const month = start.getUTCMonth();
  return month >= 9 ? { fiscalYear: start.getUTCFullYear() + 1, quarter: 1, start } : { fiscalYear: start.getUTCFullYear(), quarter: Math.floor(month / 3) + 2, start };
}

/**
 * A partner's paid requests in the last closed quarter: three categories with seven payments
 * each and one with a single payment, so that quarter's report publishes some categories and
 * must suppress others (the single one, and what it could be worked out from); and another
 * county's four requests denied or withdrawn, so the statewide picture has unmet need to hide.
 */
function lastQuarterHistory(now: number): StreamEvent[] {
  const { start } = lastClosedQuarter(now);
  const at = (days: number, hours: number) => new Date(start.getTime() + days * 86_400_000 + hours * 3_600_000).toISOString();
  const out: StreamEvent[] = [ev.organizationRegistered('dv-history', 'domestic_violence_center', 'penobscot', at(0, 8))];
  const plan: [string, number, number][] = [
    ['groceries', 7, 5_000],
    ['lodging', 7, 20_000],
    ['transportation', 7, 4_000],
    ['medical', 1, 12_000],
  ];
  let n = 0;
  for (const [category, count, amountCents] of plan)
    for (let i = 0; i < count; i += 1, n += 1) {
      const id = `history-${n}`;
      const reference = `SR-HIST-${String(n).padStart(4, '0')}-ZZZZ`;
      out.push(
        ev.submitted(id, { reference, organizationId: 'dv-history', category, amountCents }, at(1 + n, 10)),
        ev.approved(id, amountCents, at(2 + n, 10)),
        ev.disbursed(id, `history-pay-${n}`, { amountCents }, at(3 + n, 10)),
        ev.closed(id, at(3 + n, 11)),
      );
    }
  // Another county's few requests, denied or withdrawn: unmet need too small to show on its own.
  out.push(ev.organizationRegistered('im-history', 'immigrant_services', 'york', at(0, 9)));
  for (const [i, ended] of (['denied', 'denied', 'denied', 'withdrawn'] as const).entries()) {
    const id = `history-unmet-${i}`;
    out.push(ev.submitted(id, { reference: `SR-HIST-U${String(i).padStart(3, '0')}-ZZZZ`, organizationId: 'im-history', category: 'groceries', amountCents: 6_000 }, at(30 + i, 10)));
    out.push(ended === 'denied' ? ev.denied(id, at(31 + i, 10)) : ev.withdrawn(id, at(31 + i, 10)));
  }
  return out;
}

describe('web app', () => {
  let app: NestExpressApplication;
  let dataDir: string;
  let webDir: string;
  let base: string;
  const token: Record<string, string> = {};

  // The test's own reads wait for its own writes, as the app's do (a count read straight after
  // 21 submissions must include them all).
  const written = new WrittenPositions();
  const api = async (method: 'GET' | 'POST', path: string, who: string, body?: object): Promise<Record<string, unknown>> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token[who]}`, 'Content-Type': 'application/json', ...(method === 'GET' ? written.header() : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${method} ${path} -> ${res.status} ${JSON.stringify(json)}`);
    written.note(res.headers);
    return json;
  };

  beforeAll(async () => {
    webDir = buildWebApp();
    dataDir = mkdtempSync(join(tmpdir(), 'sf-web-'));
    app = await createApp(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { web: { root: webDir } });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

    const key = loadOrCreateLocalSigningKey(dataDir);
    const users: [string, Role, string][] = [
      ['coord-1', 'coordinator', 'coalition'],
      ['adv-portland', 'provider', 'ssac-portland'],
      ['council-1', 'council', 'dv-bangor'],
      ['council-2', 'council', 'vw-augusta'],
      ['auditor-1', 'auditor', 'coalition'],
      ['funder-1', 'funder', 'board'],
    ];
    for (const [userId, role, organizationId] of users) token[userId] = await mintLocalToken(key, { userId, role, organizationId });

    // The coalition sets the fund up (as in the life-of-a-request suite).
    await api('POST', '/protocols/bootstrap', 'coord-1', { version: '2026-1', title: 'Emergency fund protocol', rules: DEMO_PROTOCOL_RULES });
    await api('POST', '/funds', 'coord-1', { fundId: 'general', name: 'General donations', restricted: false });
    await api('POST', '/donations/monetary', 'coord-1', { fundId: 'general', amountCents: 200_000, restricted: false, donorKind: 'individual', receivedOn: '2026-10-01' });
    await api('POST', '/donations/in-kind', 'coord-1', {
      donorKind: 'organization',
      receivedOn: '2026-10-02',
      items: [{ itemId: 'bus-pass-monthly', kind: 'bus_pass', category: 'transportation', quantity: 3, unitValueCents: 4_000, valuationMethod: 'face_value', serials: ['BP-1', 'BP-2', 'BP-3'] }],
    });
    // Funders read closed quarters only, and everything above happens today; so a partner's
    // requests of the last closed quarter are recorded as they were then, in the store, dated
    // then (the write side never backdates). The api write below is after them, so reads that
    // carry its position see them.
    await appendAll(app.get(EVENT_STORE), lastQuarterHistory(Date.now()));
    await api('POST', '/organizations', 'coord-1', { organizationId: 'ssac-portland', providerType: 'sexual_assault_center', county: 'cumberland' });
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(webDir, { recursive: true, force: true });
  });

  describe('serveWeb', () => {
    const fetchRaw = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, { redirect: 'manual', ...init });

    it('serves the app at / and /app/..., and its assets under /assets/', async () => {
      for (const path of ['/', '/app', '/app/requests/new', '/app/requests/0b7c3c1e-1111-4a4a-8888-123456789abc']) {
        const res = await fetchRaw(path, { headers: { Accept: 'text/html' } });
        expect([path, res.status, res.headers.get('content-type')]).toEqual([path, 200, 'text/html; charset=utf-8']);
        expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
        expect(await res.text()).toContain('<script type="module" src="/assets/main.js"></script>');
      }
      const js = await fetchRaw('/assets/main.js');
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toMatch(/javascript/);
      expect((await fetchRaw('/assets/styles.css')).headers.get('content-type')).toMatch(/text\/css/);
      // How to sign in: a pasted local token on the embedded default (OIDC: test/web/oidc.e2e-spec.ts).
      expect(await (await fetchRaw('/web-config.json')).json()).toEqual({ auth: { mode: 'local' } });
    });

    it('never shadows the api', async () => {
      // API routes answer as before, HTML or not.
      const ledger = await fetchRaw('/ledger', { headers: { Accept: 'text/html' } });
      expect(ledger.status).toBe(401);
      expect(await ledger.json()).toMatchObject({ code: 'AUTH.MISSING_TOKEN' });
      expect((await fetchRaw('/health')).status).toBe(200);
      expect((await fetchRaw('/docs/openapi.json')).status).toBe(200);
      // Non-HTML clients, other methods, missing assets and folders get the api's JSON 404.
      for (const [path, init] of [
        ['/', { headers: { Accept: 'application/json' } }],
        ['/app/requests', { method: 'POST' }],
        ['/assets/nope.js', {}],
        ['/assets/screens', {}],
        ['/assets/', {}],
        ['/index.html', {}],
        ['/application', { headers: { Accept: 'text/html' } }],
      ] as const) {
        const res = await fetchRaw(path, init);
        expect([path, res.status]).toEqual([path, 404]);
        expect(await res.json()).toMatchObject({ statusCode: 404 });
      }
    });
  });

  describeWithChromium('in Chromium, one request through every role', () => {
    let browser: Browser;
    let providerPage: Page;
    let requestId = '';
    const shots = process.env.UPDATE_SCREENSHOTS ? join(ROOT, 'docs', 'screenshots') : mkdtempSync(join(tmpdir(), 'sf-web-shots-'));

    beforeAll(async () => {
      mkdirSync(shots, { recursive: true });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      if (!process.env.UPDATE_SCREENSHOTS) rmSync(shots, { recursive: true, force: true });
    });

    const pageErrors: string[] = [];
    afterEach(() => {
      // An uncaught script error on any page fails the step it happened in.
      expect(pageErrors.splice(0)).toEqual([]);
    });

    const newPage = async (width = 1100, height = 860): Promise<Page> => {
      const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true, reducedMotion: 'reduce' });
      const page = await context.newPage();
      // Generous: on a loaded two-core machine a page can take long to load; a missing element still fails.
      page.setDefaultTimeout(60_000);
      page.on('pageerror', (error) => pageErrors.push(error.message));
      return page;
    };

    const shot = (page: Page, name: string): Promise<void> => screenshot(page, join(shots, `${name}.png`));

    const signIn = async (page: Page, who: string, expectedHeading: RegExp, path = '/'): Promise<void> => {
      await page.goto(`${base}${path}`);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await page.getByLabel('Your token').fill(token[who]!);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: expectedHeading }).waitFor();
    };

    const pageStatus = (page: Page): Locator => page.locator('.page-status');

    it('provider: signs in, gets a reference, is refused an identifying narrative without losing the form, then submits', async () => {
      const page = await newPage();
      providerPage = page;
      await page.goto(`${base}/`);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      expect(page.url()).toBe(`${base}/app/sign-in`);
      await checkAccessibility(page, 'sign-in');
      await shot(page, 'sign-in');

      // A token that is not one is refused next to the field.
      await page.getByLabel('Your token').fill('not-a-token');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByLabel('Your token').getAttribute('aria-invalid')).resolves.toBe('true');

      await page.getByLabel('Your token').fill(token['adv-portland']!);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Requests of ssac-portland' }).waitFor();
      expect(await storage(page)).toEqual({ session: 1, local: 0 });
      await checkAccessibility(page, 'provider requests (empty)');

      await page.getByRole('link', { name: 'New request', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'New fund request' }).waitFor();
      await page.getByRole('button', { name: 'Get a new survivor reference' }).click();
      await page.locator('.reference-result').getByText(/SR-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/).waitFor();
      const reference = await page.getByRole('textbox', { name: 'Survivor reference' }).inputValue();
      expect(reference).toMatch(/^SR-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

      // The caps come from the protocol in force.
      await page.getByText('Cap per request: $500.00').waitFor();
      await page.getByLabel('Expense category').selectOption({ label: 'Transportation' });
      await page.getByLabel('Amount (US$)').fill('300');
      await page.getByLabel('Payment method wanted').selectOption('bus_pass');
      await page.getByLabel('Urgent', { exact: true }).check();
      await page.getByLabel('Needed by').fill('2099-01-31');
      const identifying = 'Bus passes; call her at 207-555-0142 to hand them over';
      await page.getByLabel('Narrative').fill(identifying);
      await page.getByRole('button', { name: 'Submit request' }).click();

      // The api's refusal appears next to the narrative, and nothing typed is lost.
      const narrative = page.getByLabel('Narrative');
      await page.locator('.field.invalid textarea').waitFor();
      expect(await narrative.getAttribute('aria-invalid')).toBe('true');
      const errorId = ((await narrative.getAttribute('aria-describedby')) ?? '').split(' ').find((id) => id.endsWith('-error'));
      expect(await page.locator(`#${errorId}`).innerText()).toMatch(/identifying details \(phone number\)/);
      expect(await page.locator('.form-result.error').innerText()).toMatch(/Not saved/);
      await expect(narrative.evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).resolves.toBe(true);
      expect(await narrative.inputValue()).toBe(identifying);
      expect(await page.getByRole('textbox', { name: 'Survivor reference' }).inputValue()).toBe(reference);
      expect(await page.getByLabel('Expense category').inputValue()).toBe('transportation');
      expect(await page.getByLabel('Amount (US$)').inputValue()).toBe('300');
      expect(await page.getByLabel('Payment method wanted').inputValue()).toBe('bus_pass');
      expect(await page.getByLabel('Urgent', { exact: true }).isChecked()).toBe(true);
      expect(await page.getByLabel('Needed by').inputValue()).toBe('2099-01-31');
      await checkAccessibility(page, 'new request with an error');
      await shot(page, 'provider-new-request');

      await narrative.fill('Monthly bus passes to reach counseling, for two months');
      await page.getByRole('button', { name: 'Submit request' }).click();
      const success = page.locator('.form-result.success');
      await success.getByText(/Request submitted for Transportation, \$300\.00/).waitFor();
      const href = await success.getByRole('link', { name: 'See the request' }).getAttribute('href');
      requestId = (href ?? '').replace('/app/requests/', '');
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

      await page.getByRole('link', { name: 'My requests', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Requests of ssac-portland' }).waitFor();
      await page.getByRole('row', { name: new RegExp(reference) }).getByText('Awaiting decision').waitFor();
    }, 120_000);

    it('council: two members approve from their queues ($300 needs two)', async () => {
      for (const [who, outcome] of [
        ['council-1', /Your vote \(approve\) on Transportation, \$300\.00 is recorded\.$/],
        ['council-2', /is recorded\. The request is now approved\./],
      ] as const) {
        const page = await newPage();
        await signIn(page, who, /Council queue/);
        const card = page.getByRole('article', { name: /Transportation, \$300\.00/ });
        await card.waitFor();
        expect(await card.getByLabel('Amount to approve (US$)').inputValue()).toBe('300.00');
        if (who === 'council-1') {
          await checkAccessibility(page, 'council queue');
          await shot(page, 'council-queue');
        }
        await card.getByRole('radio', { name: 'Approve' }).check();
        await card.getByRole('button', { name: 'Cast vote' }).click();
        await pageStatus(page).getByText(outcome).waitFor();
        await page.getByText('Nothing awaits your vote.').waitFor();
        await page.context().close();
      }
    }, 120_000);

    it('coordinator: pays from stock and from money, records a donation, sees balances', async () => {
      const page = await newPage();
      // A coordinator starts on the overview, and goes to pay from its queue of requests to pay.
      await signIn(page, 'coord-1', /Overview/);
      await page.getByRole('link', { name: 'Open the payments queue' }).click();
      await page.getByRole('heading', { level: 1, name: 'Payments' }).waitFor();
      let card = page.getByRole('article', { name: /Transportation, \$300\.00 approved/ });
      await card.waitFor();
      await checkAccessibility(page, 'payments');

      // Two donated bus passes, by serial.
      await card.getByRole('radio', { name: 'Donated stock (cards, passes, goods)' }).check();
      await card.getByLabel('Item handed over').selectOption('bus-pass-monthly');
      await card.getByRole('checkbox', { name: 'BP-1' }).check();
      await card.getByRole('checkbox', { name: 'BP-3' }).check();
      expect(await card.getByLabel('How many units').inputValue()).toBe('2');
      await card.getByRole('button', { name: 'Record payment' }).click();
      await pageStatus(page).getByText(/Payment of \$80\.00 recorded/).waitFor();

      // The rest in money, to a vendor.
      card = page.getByRole('article', { name: /Transportation, \$300\.00 approved/ });
      await card.getByText('$80.00').first().waitFor();
      await card.getByText('Record a payment').click();
      expect(await card.getByLabel('Amount paid (US$)').inputValue()).toBe('220.00');
      await card.getByLabel('Payment method').selectOption('vendor_payment');
      await card.getByRole('button', { name: 'Record payment' }).click();
      await pageStatus(page).getByText(/Payment of \$220\.00 recorded .* A receipt is due by \d{4}-\d{2}-\d{2}\./).waitFor();
      // Paid in full: it leaves the payments queue, but is not ready to close while its receipt is due.
      await page.getByText('Nothing to pay.').waitFor();
      await page.getByText('Nothing to close.').waitFor();
      await checkAccessibility(page, 'payments after paying');
      await shot(page, 'coordinator-payments');

      await page.getByRole('link', { name: 'Donations' }).click();
      await page.getByRole('heading', { level: 1, name: 'Donations' }).waitFor();
      const money = page.getByRole('form', { name: 'Record a monetary donation' });
      await money.getByLabel('Amount (US$)').fill('50');
      await money.getByLabel('Donor kind').selectOption('anonymous');
      await money.getByRole('button', { name: 'Record donation' }).click();
      await pageStatus(page).getByText('Donation of $50.00 recorded in General donations.').waitFor();
      await checkAccessibility(page, 'donations');

      await page.getByRole('link', { name: 'Balances' }).click();
      await page.getByRole('heading', { level: 1, name: 'Balances' }).waitFor();
      await page.getByRole('row', { name: /bus-pass-monthly/ }).waitFor();
      await checkAccessibility(page, 'balances');

      // The last bus pass expired: written off by its serial.
      const adjust = page.getByRole('form', { name: 'Take stock out' });
      await adjust.getByLabel('Item').selectOption('bus-pass-monthly');
      await adjust.getByLabel('Reason').selectOption('expired');
      await adjust.getByRole('button', { name: 'Take out of stock' }).click();
      // No serial ticked: the api's refusal lands next to the serials, the choices stay.
      await adjust.locator('fieldset.invalid').getByText(/serial/i).first().waitFor();
      expect(await adjust.getByLabel('Reason').inputValue()).toBe('expired');
      await adjust.getByRole('checkbox', { name: 'BP-2' }).check();
      await adjust.getByRole('button', { name: 'Take out of stock' }).click();
      await pageStatus(page).getByText('1 unit of bus-pass-monthly taken out of stock (expired); 0 left on hand.').waitFor();
      await page.getByRole('row', { name: /bus-pass-monthly/ }).getByRole('cell', { name: '0', exact: true }).first().waitFor();
      await checkAccessibility(page, 'balances after a write-off');
      await shot(page, 'coordinator-stock-adjustment');
      await page.context().close();
    }, 120_000);

    it('provider: records the receipt', async () => {
      const page = providerPage;
      await page.getByRole('link', { name: 'My requests', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Requests of ssac-portland' }).waitFor();
      const due = page.getByRole('article', { name: /Receipt for \$220\.00: Transportation, \$300\.00/ });
      await due.waitFor();
      await checkAccessibility(page, 'provider requests with a receipt due');
      await shot(page, 'provider-requests');
      expect(await due.getByLabel('Receipt total (US$)').inputValue()).toBe('220.00');
      // A phone photo of the receipt, as the phone wrote it: GPS, camera, author.
      await due.getByLabel('Photo or PDF of the receipt').setInputFiles({ name: 'IMG_0042.jpg', mimeType: 'image/jpeg', buffer: jpegWithGps() });
      await checkAccessibility(page, 'provider receipt form with a document chosen');
      await shot(page, 'provider-receipt-with-document');
      await due.getByRole('button', { name: 'Record receipt' }).click();
      await pageStatus(page).getByText('Receipt of $220.00 recorded with its document.').waitFor();
      await page.getByText('No receipts are due.').waitFor();
      // Attached to the request and the receipt; what an auditor downloads has no location, camera or author.
      const { documents } = (await api('GET', `/fund-requests/${requestId}/documents`, 'auditor-1')) as { documents: { documentId: string; kind: string; mediaType: string }[] };
      expect(documents).toEqual([expect.objectContaining({ kind: 'receipt', mediaType: 'image/jpeg' })]);
      const file = await fetch(`${base}/fund-requests/${requestId}/documents/${documents[0]!.documentId}`, { headers: { Authorization: `Bearer ${token['auditor-1']}` } });
      expect(file.status).toBe(200);
      expect(metadataFound(Buffer.from(await file.arrayBuffer()))).toEqual([]);
    }, 120_000);

    it('coordinator: closes the request from the queue of requests ready to close and shreds its narrative', async () => {
      const page = await newPage();
      await signIn(page, 'coord-1', /Payments/, '/app/payments');
      // Paid in full and receipted: ready to close.
      const ready = page.getByRole('article', { name: /Transportation, \$300\.00 paid in full/ });
      await ready.waitFor();
      await checkAccessibility(page, 'payments with a request ready to close');
      await shot(page, 'coordinator-to-close');
      await ready.getByRole('button', { name: 'Close this request' }).click();
      await ready.getByRole('dialog', { name: 'Close this request?' }).getByRole('button', { name: 'Yes, close it' }).click();
      await pageStatus(page).getByText(/closed; any unspent reservation went back to the fund/).waitFor();
      await page.getByText('Nothing to close.').waitFor();

      await page.getByLabel('Request id').fill(requestId);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: /Transportation, \$300\.00/ }).waitFor();
      await page.getByText('Closed', { exact: true }).first().waitFor();
      await checkAccessibility(page, 'request details');
      await page.getByRole('button', { name: 'Shred the narrative' }).click();
      await page.getByRole('button', { name: 'Yes, shred it' }).click();
      await pageStatus(page).getByText('Narrative shredded: it can no longer be read.').waitFor();
      await page.getByText('Destroyed (shredded)').waitFor();
      expect(await page.getByRole('button', { name: 'Shred the narrative' }).count()).toBe(0);
      await page.context().close();
    }, 120_000);

    it('auditor: verifies the ledger (pass), browses it and exports it as CSV', async () => {
      const page = await newPage();
      await signIn(page, 'auditor-1', /Audit ledger/);
      await checkAccessibility(page, 'ledger');
      await page.getByRole('button', { name: 'Verify', exact: true }).click();
      const verdict = page.locator('.verify-result.pass');
      await verdict.getByText('✓ Pass').waitFor();
      expect(await verdict.innerText()).toMatch(/hash chain is intact and debits equal credits for the whole ledger/);

      await page.getByRole('button', { name: 'Show entries' }).click();
      await page.getByRole('table').getByText('MoneyDisbursed').first().waitFor();

      const exporter = page.getByRole('form', { name: 'Export the ledger' });
      await exporter.getByLabel('From (effective date, included)').fill('2000-01-01');
      await exporter.getByLabel('To (effective date, included)').fill('2099-12-31');
      await exporter.getByLabel('Format').selectOption('csv');
      const [download] = await Promise.all([page.waitForEvent('download'), exporter.getByRole('button', { name: 'Download', exact: true }).click()]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      const csv = readFileSync((await download.path())!, 'utf8');
      // One clean table: the header row first, nothing above it.
      expect(csv.split('\n')[0]).toMatch(/^seq,effective_date,effective_date_source,recorded_at,/);
      expect(csv).toContain('MoneyDisbursed');
      expect(csv).toContain('StockIssued');
      await checkAccessibility(page, 'ledger with results');
      await shot(page, 'auditor-ledger');
      await page.context().close();
    }, 120_000);

    /** How far the page is wider than the screen (the tables scroll inside their own areas). */
    const overflowOf = (page: Page): Promise<number> =>
      page.evaluate(() => {
        const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document;
        return d.documentElement.scrollWidth - d.documentElement.clientWidth;
      });

    /** The texts of a select's options. */
    const optionsOf = (select: Locator): Promise<string[]> => select.locator('option').allTextContents();

    it('funder: opens on the latest closed quarter with suppressed cells and a chart, chooses only closed periods, and downloads it', async () => {
      const last = lastClosedQuarter(Date.now());
      // Reads after the seeded history's position: the reporting projection has it.
      await api('GET', `/reports/quarterly?fiscalYear=${last.fiscalYear}&quarter=${last.quarter}`, 'coord-1');
      const page = await newPage();
      await signIn(page, 'funder-1', /Reports/);
      await page.getByRole('heading', { level: 2, name: `Quarterly funder report, FY${last.fiscalYear} Q${last.quarter}` }).waitFor();
      await page.getByRole('table', { name: /Requests by expense category/ }).waitFor();
      // Closed periods only: nothing in progress, the latest closed quarter first.
      const period = page.getByLabel('Period', { exact: true });
      const quarters = await optionsOf(period);
      expect(quarters[0]).toMatch(new RegExp(`^FY${last.fiscalYear} Q${last.quarter} `));
      expect(quarters.filter((o) => /in progress/.test(o))).toEqual([]);
      // No free range of days for a funder.
      expect(await page.getByLabel(/^From/).count()).toBe(0);
      // The threshold is the coalition's floor, read from the api's answer, and nothing lower is offered.
      const threshold = page.getByLabel(/^Suppress counts under/);
      expect(await threshold.inputValue()).toBe('6');
      expect(await threshold.getAttribute('min')).toBe('6');
      // Suppressed cells are marked and right-aligned like the numbers beside them.
      const hidden = page.locator('td .suppressed');
      expect(await hidden.count()).toBeGreaterThan(0);
      expect(await hidden.first().evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { textAlign: string } }).getComputedStyle(el.closest('td')).textAlign)).toBe('right');
      const chart = page.getByRole('img', { name: /Disbursements by category/ });
      await chart.waitFor();
      expect(await chart.getAttribute('aria-labelledby')).toBeTruthy();
      await checkAccessibility(page, 'reports');
      await page.setViewportSize({ width: 1100, height: 1400 });
      await shot(page, 'funder-reports');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);

      // Below the floor: refused next to the field, and the report shown stays.
      await threshold.fill('4');
      await page.getByRole('button', { name: 'Show report' }).click();
      await page.locator('.field-error').filter({ hasText: "The coalition's floor is 6" }).waitFor();
      expect(await threshold.getAttribute('aria-invalid')).toBe('true');
      await threshold.fill('6');

      // Semi-annual and annual: closed ones only too.
      await page.getByLabel('Report', { exact: true }).selectOption('semi-annual');
      expect((await optionsOf(period)).filter((o) => /in progress/.test(o))).toEqual([]);
      await page.getByRole('button', { name: 'Show report' }).click();
      await page.getByRole('heading', { level: 2, name: /^Semi-annual funder report/ }).waitFor();
      await page.getByLabel('Report', { exact: true }).selectOption('annual');
      const years = await optionsOf(period);
      expect(years.filter((o) => /in progress/.test(o))).toEqual([]);
      expect(years[0]).toMatch(/^FY\d{4} \(Oct \d{4} to Sep \d{4}\)$/);
      await page.getByRole('button', { name: 'Show report' }).click();
      await page.getByRole('heading', { level: 2, name: /^Annual funder report, FY\d{4}/ }).waitFor();
      await checkAccessibility(page, 'annual report');

      // The fund activity statement: the same closed periods, published figures, no balances.
      await page.getByRole('link', { name: 'Fund activity', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Fund activity' }).waitFor();
      await page.getByRole('heading', { level: 2, name: new RegExp(`^Fund activity statement, FY${last.fiscalYear} Q${last.quarter} `) }).waitFor();
      await page.getByRole('table', { name: /Disbursements/ }).waitFor();
      expect(await page.getByRole('table', { name: /Balances/ }).count()).toBe(0);
      expect(await page.getByLabel(/^From/).count()).toBe(0);
      expect((await optionsOf(page.getByLabel('Period', { exact: true }))).filter((o) => /in progress/.test(o))).toEqual([]);
      expect(await page.locator('td .suppressed').count()).toBeGreaterThan(0);
      await checkAccessibility(page, 'fund activity for a funder');
      await shot(page, 'funder-fund-activity');
      await page.context().close();
    }, 180_000);

    it('funder on a phone: the report and the statement fit the screen', async () => {
      const last = lastClosedQuarter(Date.now());
      const page = await newPage(390, 844);
      await signIn(page, 'funder-1', /Reports/);
      await page.getByRole('heading', { level: 2, name: `Quarterly funder report, FY${last.fiscalYear} Q${last.quarter}` }).waitFor();
      await page.getByRole('img', { name: /Disbursements by category/ }).waitFor();
      await shot(page, 'phone-funder-reports');
      expect(await overflowOf(page)).toBeLessThanOrEqual(0);
      await checkAccessibility(page, 'reports on a phone');
      await page.getByRole('heading', { level: 2, name: /^Quarterly funder report/ }).scrollIntoViewIfNeeded();
      await shot(page, 'phone-funder-report-chart');
      await page.getByRole('link', { name: 'Fund activity', exact: true }).click();
      const statement = page.getByRole('heading', { level: 2, name: /^Fund activity statement, / });
      await statement.waitFor();
      expect(await overflowOf(page)).toBeLessThanOrEqual(0);
      await checkAccessibility(page, 'fund activity on a phone');
      await shot(page, 'phone-funder-fund-activity');
      await statement.scrollIntoViewIfNeeded();
      await shot(page, 'phone-funder-statement');
      await page.context().close();
    }, 120_000);

    it('funder: chooses the OVC PMT and TIMS tables and downloads them; a council member reads the statewide picture, suppressed share charted', async () => {
      const last = lastClosedQuarter(Date.now());
      await api('GET', `/reports/pmt?fiscalYear=${last.fiscalYear}&quarter=${last.quarter}`, 'coord-1');
      const page = await newPage();
      await signIn(page, 'funder-1', /Reports/);
      await page.getByRole('heading', { level: 2, name: `Quarterly funder report, FY${last.fiscalYear} Q${last.quarter}` }).waitFor();
      const kind = page.getByLabel('Report', { exact: true });
      expect(await optionsOf(kind)).toEqual(expect.arrayContaining(['OVC PMT, federal fiscal quarter', 'OVC PMT, federal fiscal year', 'OVC TIMS, calendar half year']));
      await kind.selectOption('pmt-quarter');
      expect((await optionsOf(page.getByLabel('Period', { exact: true })))[0]).toMatch(new RegExp(`^FY${last.fiscalYear} Q${last.quarter} `));
      await page.getByRole('button', { name: 'Show report' }).click();
      await page.getByRole('heading', { level: 2, name: `OVC PMT performance measures, FY${last.fiscalYear} Q${last.quarter}` }).waitFor();
      await page.getByRole('table', { name: /Survivors served by PMT age group/ }).waitFor();
      expect(await page.locator('td .suppressed').count()).toBeGreaterThan(0);
      await checkAccessibility(page, 'PMT tables');
      const [zip] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Download ZIP/ }).click()]);
      expect(zip.suggestedFilename()).toBe(`pmt-FY${last.fiscalYear}-Q${last.quarter}.zip`);
      await kind.selectOption('tims');
      expect((await optionsOf(page.getByLabel('Period', { exact: true }))).every((o) => /^(Jan to Jun|Jul to Dec) \d{4}$/.test(o))).toBe(true);
      await page.getByRole('button', { name: 'Show report' }).click();
      await page.getByRole('heading', { level: 2, name: /^OVC TIMS performance measures, / }).waitFor();
      await page.getByRole('table', { name: /Survivors served by gender and citizenship/ }).waitFor();
      const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PDF' }).click()]);
      expect(pdf.suggestedFilename()).toMatch(/^tims-.*\.pdf$/);
      await page.context().close();

      // The Provider Council's statewide picture: closed quarters only, aggregates only, its suppressed share said.
      const council = await newPage();
      await signIn(council, 'council-1', /Council queue/, '/app/council');
      await council.getByRole('link', { name: 'Statewide picture', exact: true }).click();
      await council.getByRole('heading', { level: 2, name: `Statewide picture of need, FY${last.fiscalYear} Q${last.quarter}` }).waitFor();
      expect((await optionsOf(council.getByLabel('Period', { exact: true }))).filter((o) => /in progress/.test(o))).toEqual([]);
      await council.getByRole('table', { name: /Unmet need by county/ }).waitFor();
      const chart = council.getByRole('img', { name: /Unmet need by county/ });
      await chart.waitFor();
      // Suppressed counties are hatched bars that say so, not missing ones.
      expect(await chart.locator('rect.chart-suppressed').count()).toBeGreaterThan(0);
      expect(await council.locator('.chart-share .hint').textContent()).toMatch(/suppressed/);
      await checkAccessibility(council, 'statewide picture');
      await council.locator('#report-h').evaluate((el) => el.scrollIntoView());
      await shot(council, 'council-statewide');
      await council.getByLabel('Report', { exact: true }).selectOption('statewide-year');
      await council.getByRole('button', { name: 'Show report' }).click();
      await council.getByRole('heading', { level: 2, name: /^Statewide picture of need, FY\d{4}$/ }).waitFor();
      await council.getByRole('table', { name: /Requests by quarter/ }).waitFor();
      const [xlsx] = await Promise.all([council.waitForEvent('download'), council.getByRole('button', { name: 'Download XLSX' }).click()]);
      expect(xlsx.suggestedFilename()).toMatch(/^statewide-FY\d{4}\.xlsx$/);
      await council.context().close();
    }, 180_000);

    it('council member on a phone: the statewide picture fits the screen', async () => {
      const last = lastClosedQuarter(Date.now());
      const page = await newPage(390, 844);
      await signIn(page, 'council-1', /Council queue/, '/app/council');
      await page.goto(`${base}/app/statewide`);
      await page.getByRole('heading', { level: 1, name: 'Statewide picture' }).waitFor();
      await page.getByRole('heading', { level: 2, name: `Statewide picture of need, FY${last.fiscalYear} Q${last.quarter}` }).waitFor();
      await page.getByRole('img', { name: /Unmet need by county/ }).waitFor();
      expect(await overflowOf(page)).toBeLessThanOrEqual(0);
      await checkAccessibility(page, 'statewide picture on a phone');
      await page.locator('#report-h').evaluate((el) => el.scrollIntoView());
      await shot(page, 'phone-council-statewide');
      await page.context().close();
    }, 120_000);

    it('coordinator: reports open on the quarter in progress; the fund activity statement takes any range of days, with balances', async () => {
      const page = await newPage();
      await signIn(page, 'coord-1', /Payments/, '/app/payments');
      await page.getByRole('link', { name: 'Reports', exact: true }).click();
      await page.getByRole('heading', { level: 2, name: /^Quarterly funder report, FY\d{4} Q[1-4]$/ }).waitFor();
      expect(await page.getByLabel('Period', { exact: true }).locator('option').first().textContent()).toMatch(/, in progress$/);
      await page.getByRole('link', { name: 'Fund activity', exact: true }).click();
      await page.getByRole('heading', { level: 2, name: /^Fund activity statement, / }).waitFor();
      await page.getByLabel('Report', { exact: true }).selectOption('range');
      await page.getByLabel('From (included)').fill('2026-01-01');
      await page.getByLabel('To (included)').fill('2026-12-31');
      await page.getByRole('button', { name: 'Show statement' }).click();
      await page.getByRole('heading', { level: 2, name: 'Fund activity statement, 2026-01-01 to 2026-12-31' }).waitFor();
      await page.getByRole('table', { name: /Balances/ }).waitFor();
      await checkAccessibility(page, 'fund activity for a coordinator');
      await page.context().close();
    }, 120_000);

    it('council ratifies an expedited approval; the coordinator voids a payment that did not go through', async () => {
      const { reference } = (await api('POST', '/survivor-references', 'adv-portland')) as { reference: string };
      const { requestId: emergencyId } = (await api('POST', '/fund-requests', 'adv-portland', {
        survivorReference: reference,
        category: 'groceries',
        amountCents: 10_000,
        paymentMethod: 'vendor_payment',
        urgency: 'emergency',
        neededBy: '2099-01-31',
      })) as { requestId: string };
      // The on-call member approves at once (the expedited path).
      await api('POST', `/fund-requests/${emergencyId}/votes`, 'council-1', { vote: 'approve', amountCents: 10_000 });

      const council = await newPage();
      await signIn(council, 'council-2', /Council queue/);
      const card = council.getByRole('article', { name: /Groceries, \$100\.00 approved on the expedited path/ });
      await card.waitFor();
      await checkAccessibility(council, 'council queue with an approval to ratify');
      await shot(council, 'council-ratify');
      await card.getByRole('button', { name: 'Ratify the expedited approval' }).click();
      await pageStatus(council).getByText('Expedited approval of Groceries, $100.00 ratified.').waitFor();
      await council.getByText('No expedited approval awaits ratification.').waitFor();
      await council.context().close();

      await api('POST', `/fund-requests/${emergencyId}/disbursements`, 'coord-1', { source: 'money', amountCents: 10_000, paymentMethod: 'vendor_payment' });
      const page = await newPage();
      await signIn(page, 'coord-1', /Payments/, '/app/payments');
      await page.getByLabel('Request id').fill(emergencyId);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: /Groceries, \$100\.00/ }).waitFor();
      await page.getByRole('button', { name: /^Void the payment of \$100\.00/ }).click();
      await page.getByRole('button', { name: 'Yes, void it' }).click();
      await pageStatus(page).getByText('Payment of $100.00 voided; it can be paid again.').waitFor();
      await page.getByRole('row', { name: /\(voided\)/ }).waitFor();
      // The amount is owed again: the payment form is back, filled in with it.
      expect(await page.getByLabel('Amount paid (US$)').inputValue()).toBe('100.00');
      await checkAccessibility(page, 'request after a void');
      await shot(page, 'coordinator-void');
      await page.context().close();
    }, 120_000);

    it('coordinator drafts and proposes a protocol change; council members vote and recuse', async () => {
      const page = await newPage();
      await signIn(page, 'coord-1', /Payments/, '/app/payments');
      await page.getByRole('link', { name: 'Protocols' }).click();
      await page.getByRole('heading', { level: 1, name: 'Protocols' }).waitFor();
      await page.getByText('No draft. Start one below.').waitFor();
      const draft = page.getByRole('form', { name: 'Draft a new protocol version' });
      const perSurvivor = draft.getByLabel('Cap per survivor reference in any 12 months (US$)');
      await draft.getByLabel('Version', { exact: true }).fill('2026-2');
      await draft.getByLabel('Title', { exact: true }).fill('Higher cap per request');
      await draft.getByLabel('Cap per request (US$)').fill('600');
      await perSurvivor.fill('550');
      await draft.getByRole('button', { name: 'Save the draft' }).click();
      // Rules that do not fit together are refused next to the field; nothing typed is lost.
      await draft.locator('.field.invalid').getByText('This must be at least the cap per request.').waitFor();
      expect(await perSurvivor.getAttribute('aria-invalid')).toBe('true');
      expect(await draft.getByLabel('Cap per request (US$)').inputValue()).toBe('600');
      expect(await draft.getByLabel('Title', { exact: true }).inputValue()).toBe('Higher cap per request');
      await checkAccessibility(page, 'protocol draft with an error');
      await perSurvivor.fill('1500');
      await draft.getByRole('button', { name: 'Save the draft' }).click();
      await pageStatus(page).getByText(/Draft 2026-2 saved/).waitFor();
      const card = page.getByRole('article', { name: /Higher cap per request \(2026-2\)/ });
      await card.getByRole('row', { name: /Cap per request \$500\.00 \$600\.00/ }).waitFor();
      await checkAccessibility(page, 'protocols with a draft');
      await shot(page, 'coordinator-protocols');
      await card.getByRole('button', { name: 'Propose 2026-2' }).click();
      await card.getByRole('button', { name: 'Yes, propose it' }).click();
      await pageStatus(page).getByText('Protocol 2026-2 proposed to the council.').waitFor();
      await page.getByText('No draft. Start one below.').waitFor();
      await page.getByRole('row', { name: /2026-2 .*Proposed, in vote/ }).waitFor();
      await page.context().close();

      for (const [who, vote, said] of [
        ['council-1', 'Approve', 'approve'],
        ['council-2', 'Recuse myself', 'recuse myself'],
      ] as const) {
        const council = await newPage();
        await signIn(council, who, /Council queue/);
        await council.getByRole('link', { name: 'Protocols' }).click();
        const proposal = council.getByRole('article', { name: /Higher cap per request \(2026-2\)/ });
        await proposal.getByRole('row', { name: /Cap per request/ }).waitFor();
        if (who === 'council-1') {
          await checkAccessibility(council, 'council protocols');
          await shot(council, 'council-protocols');
        } else {
          // No choice made: said next to the choices, before anything is sent.
          await proposal.getByRole('button', { name: 'Cast vote' }).click();
          await proposal.locator('fieldset.invalid').getByText('Choose approve, reject or recuse').waitFor();
        }
        await proposal.getByRole('radio', { name: vote }).check();
        await proposal.getByRole('button', { name: 'Cast vote' }).click();
        await pageStatus(council).getByText(`Your vote (${said}) on protocol 2026-2 is recorded.`).waitFor();
        await council.getByText('No proposal awaits your vote.').waitFor();
        await council.getByText(/2026-2 Higher cap per request: you voted/).waitFor();
        await council.context().close();
      }
      const versions = (await api('GET', '/queues/protocol-versions?status=proposed', 'coord-1')) as { items: { version: string; tally: unknown }[] };
      expect(versions.items).toEqual([expect.objectContaining({ version: '2026-2', tally: { approvals: 1, rejections: 0, recusals: 1 } })]);
    }, 180_000);

    it('works on a phone-sized screen and signs out', async () => {
      const page = await newPage(390, 844);
      await signIn(page, 'adv-portland', /Requests of ssac-portland/);
      await page.getByRole('link', { name: 'New request', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'New fund request' }).waitFor();
      // Nothing wider than the screen but the tables' own scroll areas.
      const overflow = await page.evaluate(() => {
        const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document;
        return d.documentElement.scrollWidth - d.documentElement.clientWidth;
      });
      expect(overflow).toBeLessThanOrEqual(0);
      await checkAccessibility(page, 'new request on a phone');
      await shot(page, 'phone-new-request');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      expect(await storage(page)).toEqual({ session: 0, local: 0 });
      await page.context().close();
    }, 120_000);

    it('pages long lists: the organization’s requests (filtered by the api) and the council queue', async () => {
      const { reference } = (await api('POST', '/survivor-references', 'adv-portland')) as { reference: string };
      for (let i = 0; i < 21; i++) {
        await api('POST', '/fund-requests', 'adv-portland', { survivorReference: reference, category: 'hygiene', amountCents: 500, paymentMethod: 'vendor_payment', urgency: 'standard', neededBy: '2099-02-01' });
      }
      const mine = (await api('GET', '/queues/my-requests?limit=200', 'adv-portland')) as { items: unknown[] };
      const total = mine.items.length;
      expect(total).toBeGreaterThan(21);

      const page = await newPage();
      await signIn(page, 'adv-portland', /Requests of ssac-portland/);
      const rows = page.getByRole('region', { name: 'Requests of your organization' }).locator('tbody tr');
      const pager = page.getByRole('navigation', { name: 'Pages of requests' });
      await pager.getByText('1–20').waitFor();
      expect(await rows.count()).toBe(20);
      expect(await pager.getByRole('button', { name: 'Previous page of requests' }).isDisabled()).toBe(true);
      await checkAccessibility(page, 'requests, first page');
      await pager.getByRole('button', { name: 'Next page of requests' }).click();
      await pager.getByText(`21–${total}`).waitFor();
      expect(await rows.count()).toBe(total - 20);
      expect(await pager.getByRole('button', { name: 'Next page of requests' }).isDisabled()).toBe(true);
      await pager.getByRole('button', { name: 'Previous page of requests' }).click();
      await pager.getByText('1–20').waitFor();
      // The status filter is the api's: back to the first page of the submitted ones.
      await page.getByLabel('Show', { exact: true }).selectOption('submitted');
      await pager.getByText('1–20').waitFor();
      await rows.filter({ hasText: 'Awaiting decision' }).nth(19).waitFor();
      await page.context().close();

      const council = await newPage();
      await signIn(council, 'council-1', /Council queue/);
      const queue = council.getByRole('navigation', { name: 'Pages of requests awaiting your vote' });
      await queue.getByText('1–20').waitFor();
      expect(await council.getByRole('article', { name: /Hygiene items, \$5\.00/ }).count()).toBe(20);
      await queue.getByRole('button', { name: 'Next page of requests awaiting your vote' }).click();
      await queue.getByText('21–21').waitFor();
      expect(await council.getByRole('article', { name: /Hygiene items, \$5\.00/ }).count()).toBe(1);
      await checkAccessibility(council, 'council queue, second page');
      await council.context().close();
    }, 120_000);
  });
});
