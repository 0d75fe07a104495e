import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadOrCreateLocalSigningKey, mintLocalToken } from '@fund/auth';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '@fund/event-sourcing/testing';
import { loadConfig, SubscriptionsHost } from '@fund/platform';
import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { createApp } from '../../apps/api/src/create-app';
import { servicePort, waitForHealth } from '../support/service';
import { buildWebApp, checkAccessibility, CHROMIUM, CHROMIUM_ARGS, describeWithChromium, ROOT, screenshot } from './browser';

/**
 * Read your own writes, in the browser: a provider who submits a request sees it in the very
 * next list, every time, with no wait of any kind between the two. The app sends the position
 * its last command wrote (`X-Min-Position`) with every read, and the api answers once the
 * projections have passed it. On the embedded store the projections run in the api process; on
 * PostgreSQL they run in a separate worker process, the way production runs them, and a worker
 * that stops makes the list say it is catching up instead of showing it without the request.
 *
 * Idle projections on this machine usually catch up before the browser has drawn the next
 * screen, which would let a client that ignores the token pass by luck. So each round holds the
 * projections back from just before the submit until LAG_MS after the list was asked for, as a
 * busy worker would; without `X-Min-Position` the list is drawn without the request.
 */

const ROUNDS = 10;
const LAG_MS = 400;

/** Holds the projections back, and lets them go on. */
interface Projections {
  hold(): Promise<void>;
  release(): void;
}

interface Fund {
  readonly base: string;
  readonly providerToken: string;
  readonly reference: string;
}

/** The coalition sets the fund up over the api: a protocol in force, a fund, the provider's organization, one survivor reference. */
async function setUpFund(base: string, dataDir: string): Promise<Fund> {
  const key = loadOrCreateLocalSigningKey(dataDir);
  const coordinator = await mintLocalToken(key, { userId: 'coord-1', role: 'coordinator', organizationId: 'coalition' });
  const providerToken = await mintLocalToken(key, { userId: 'adv-portland', role: 'provider', organizationId: 'ssac-portland' });
  const post = async (path: string, token: string, body: object = {}): Promise<Record<string, unknown>> => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`POST ${path} -> ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  await post('/protocols/bootstrap', coordinator, { version: '2026-1', title: 'Emergency fund protocol', rules: DEMO_PROTOCOL_RULES });
  await post('/funds', coordinator, { fundId: 'general', name: 'General donations', restricted: false });
  await post('/organizations', coordinator, { organizationId: 'ssac-portland', providerType: 'sexual_assault_center', county: 'cumberland' });
  const { reference } = (await post('/survivor-references', providerToken)) as { reference: string };
  return { base, providerToken, reference };
}

async function signIn(page: Page, fund: Fund): Promise<void> {
  await page.goto(`${fund.base}/`);
  await page.getByLabel('Your token').fill(fund.providerToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Requests of ssac-portland' }).waitFor();
}

/** Fills in and submits a request on the new request screen; its id, from the success message. */
async function submitRequest(page: Page, fund: Fund, dollars: number): Promise<string> {
  await page.getByRole('link', { name: 'New request', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'New fund request' }).waitFor();
  await page.getByRole('textbox', { name: 'Survivor reference' }).fill(fund.reference);
  await page.getByLabel('Expense category').selectOption('hygiene');
  await page.getByLabel('Amount (US$)').fill(String(dollars));
  await page.getByLabel('Payment method wanted').selectOption('vendor_payment');
  await page.getByLabel('Needed by').fill('2099-01-31');
  await page.getByRole('button', { name: 'Submit request' }).click();
  const success = page.locator('.form-result.success');
  const href = await success.getByRole('link', { name: 'See the request' }).getAttribute('href');
  return (href ?? '').replace('/app/requests/', '');
}

/** The "All requests" list once it has been drawn (a table, an empty state or an error): read once, never waited on until it changes. */
async function allRequestsAsFirstDrawn(page: Page): Promise<{ rows: string[]; notice: string | null }> {
  const section = page.getByRole('region', { name: 'All requests' });
  await section.locator('.paged-items').locator('table, .empty, .notice').first().waitFor();
  const rows = await section.locator('tbody tr th').allInnerTexts();
  const notice = (await section.locator('.notice').count()) > 0 ? await section.locator('.notice').innerText() : null;
  return { rows, notice };
}

/** Submit, then straight to the list: the request is there the first time the list is drawn. */
async function submitThenList(page: Page, fund: Fund, round: number, projections: Projections): Promise<void> {
  await projections.hold();
  let released: NodeJS.Timeout | undefined;
  try {
    const requestId = await submitRequest(page, fund, 10 + round);
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await page.locator('.form-result.success').getByRole('link', { name: 'All my requests' }).click();
    released = setTimeout(() => projections.release(), LAG_MS);
    const list = await allRequestsAsFirstDrawn(page);
    expect({ round, notice: list.notice, shown: list.rows.includes(requestId.slice(0, 8)) }).toEqual({ round, notice: null, shown: true });
  } finally {
    clearTimeout(released);
    projections.release();
  }
}

describeWithChromium('read your own writes in the browser', () => {
  let browser: Browser;
  let webDir: string;
  const pageErrors: string[] = [];
  const shots = process.env.UPDATE_SCREENSHOTS ? join(ROOT, 'docs', 'screenshots') : mkdtempSync(join(tmpdir(), 'sf-ryw-shots-'));

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    webDir = buildWebApp();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(webDir, { recursive: true, force: true });
    if (!process.env.UPDATE_SCREENSHOTS) rmSync(shots, { recursive: true, force: true });
  });

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

  describe('on the embedded store (projections in the api process)', () => {
    let app: NestExpressApplication;
    let dataDir: string;
    let fund: Fund;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'sf-ryw-'));
      app = await createApp(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { web: { root: webDir } });
      await app.listen(0, '127.0.0.1');
      fund = await setUpFund(`http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`, dataDir);
    }, 180_000);

    afterAll(async () => {
      await app?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it(`a provider sees each request in the very next list, ${ROUNDS} times in a row`, async () => {
      const page = await newPage();
      await signIn(page, fund);
      const runners = app.get(SubscriptionsHost).runners;
      const projections: Projections = {
        hold: async () => {
          await Promise.all(runners.map((r) => r.stop()));
        },
        release: () => runners.forEach((r) => r.start()),
      };
      for (let round = 1; round <= ROUNDS; round++) await submitThenList(page, fund, round, projections);
      await page.context().close();
    }, 180_000);
  });

  describeWithPostgres('on PostgreSQL, with the projections in a separate worker process', () => {
    let db: TestDatabase;
    let app: NestExpressApplication;
    let dataDir: string;
    let worker: ChildProcess | undefined;
    let workerOutput = '';
    let fund: Fund;
    const workerPort = servicePort();

    beforeAll(async () => {
      db = await createTestDatabase('web_ryw');
      dataDir = mkdtempSync(join(tmpdir(), 'sf-ryw-pg-'));
      const settings = { EVENT_STORE: 'postgres', DATABASE_URL: db.url, WORKER_IN_PROCESS: 'false', DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
      app = await createApp(loadConfig(settings), { web: { root: webDir } });
      await app.listen(0, '127.0.0.1');
      worker = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps/worker/src/main.ts')], {
        cwd: ROOT,
        env: { ...process.env, ...settings, LOG_LEVEL: 'warn', WORKER_PORT: String(workerPort), HOST: '127.0.0.1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      worker.stdout?.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
      worker.stderr?.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
      await waitForHealth(`http://127.0.0.1:${workerPort}`, worker, () => workerOutput);
      fund = await setUpFund(`http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`, dataDir);
    }, 300_000);

    afterAll(async () => {
      worker?.kill('SIGCONT');
      worker?.kill('SIGTERM');
      await app?.close();
      await db?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it(`a provider sees each request in the very next list, ${ROUNDS} times in a row`, async () => {
      const page = await newPage();
      await signIn(page, fund);
      const projections: Projections = {
        hold: async () => {
          worker!.kill('SIGSTOP');
        },
        release: () => {
          worker!.kill('SIGCONT');
        },
      };
      for (let round = 1; round <= ROUNDS; round++) await submitThenList(page, fund, round, projections);
      await page.context().close();
    }, 240_000);

    it('while the worker is stopped the list says it is catching up, never a list without the request; then shows it', async () => {
      for (const [name, width, height] of [
        ['catching-up', 1100, 860],
        ['phone-catching-up', 390, 844],
      ] as const) {
        const page = await newPage(width, height);
        await signIn(page, fund);
        worker!.kill('SIGSTOP');
        let requestId: string;
        try {
          requestId = await submitRequest(page, fund, 42);
          await page.locator('.form-result.success').getByRole('link', { name: 'All my requests' }).click();
          const list = await allRequestsAsFirstDrawn(page);
          expect(list.rows).toEqual([]);
          expect(list.notice).toMatch(/^Not up to date yet\. Your last change was saved, but this page has not caught up with it yet/);
          await checkAccessibility(page, `list still catching up (${name})`);
          await screenshot(page, join(shots, `${name}.png`), width < 600);
        } finally {
          worker!.kill('SIGCONT');
        }
        await page.getByRole('region', { name: 'All requests' }).getByRole('button', { name: 'Try again' }).click();
        await page.getByRole('region', { name: 'All requests' }).getByRole('link', { name: requestId.slice(0, 8) }).waitFor();
        await page.context().close();
      }
    }, 240_000);
  });
});
