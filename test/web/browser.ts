import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadOrCreateLocalSigningKey, mintLocalToken } from '@fund/auth';
import type { Role } from '@fund/event-sourcing';
import { loadConfig } from '@fund/platform';
import { createApp } from '../../apps/api/src/create-app';
import { WrittenPositions } from '../support/consistency';

/** What the browser suites share: Debian's Chromium, axe-core, and the web app built once per suite. */

export const ROOT = resolve(__dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const TAKE_SHOTS = Boolean(process.env.UPDATE_SCREENSHOTS || process.env.SCREENSHOTS_DIR || process.env.DOCUMENT_SHOTS);

/**
 * A screenshot to `path`, taken only when someone keeps them (UPDATE_SCREENSHOTS,
 * SCREENSHOTS_DIR, DOCUMENT_SHOTS): otherwise each PNG cost CPU in every run for a folder
 * deleted at the end.
 */
export async function screenshot(page: Page, path: string, fullPage = false): Promise<void> {
  if (TAKE_SHOTS) await page.screenshot({ path, fullPage });
}
export const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A suite that needs Chromium; without it, one skipped test says why, loudly. */
export function describeWithChromium(title: string, body: () => void): void {
  if (existsSync(CHROMIUM)) {
    describe(title, body);
    return;
  }
  const reason = `no Chromium at ${CHROMIUM} (install it with "apt-get install -y chromium", or set CHROMIUM_PATH)`;
  describe(title, () => {
    process.stderr.write(`\n*** SKIPPED "${title}": ${reason}\n\n`);
    it.skip(`SKIPPED: ${reason}`, () => undefined);
  });
}

/**
 * The web app built by its own build script, in a fresh temporary folder the suite may delete.
 * The build (a type-checking tsc run, several seconds of CPU) is kept in the temp directory under
 * a digest of the web app's sources, so the browser suites of a run, and later runs of the same
 * sources, build it once; each suite gets its own copy.
 */
export function buildWebApp(): string {
  const webSources = join(ROOT, 'apps', 'web');
  const digest = createHash('sha256');
  for (const file of filesUnder(webSources, ['src', 'public', 'tsconfig.json', 'build.mjs']).sort()) {
    digest.update(file).update('\0').update(readFileSync(file)).update('\0');
  }
  const cached = join(tmpdir(), `sf-web-build-${digest.digest('hex').slice(0, 16)}`);
  if (!existsSync(join(cached, 'index.html'))) {
    const fresh = mkdtempSync(join(tmpdir(), 'sf-web-building-'));
    execFileSync(process.execPath, [join(webSources, 'build.mjs'), '--out', fresh], { cwd: ROOT, stdio: 'pipe' });
    try {
      renameSync(fresh, cached);
    } catch {
      // Another worker finished the same build first: theirs is identical.
      rmSync(fresh, { recursive: true, force: true });
    }
  }
  const webDir = mkdtempSync(join(tmpdir(), 'sf-web-'));
  cpSync(cached, webDir, { recursive: true });
  return webDir;
}

function filesUnder(dir: string, names: readonly string[]): string[] {
  return names.flatMap((name) => {
    const path = join(dir, name);
    if (!existsSync(path)) return [];
    if (!statSync(path).isDirectory()) return [path];
    return filesUnder(path, readdirSync(path));
  });
}

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}
interface AxeRule {
  readonly id: string;
  readonly impact?: string | null;
  readonly any: readonly (string | { id: string })[];
  readonly all: readonly (string | { id: string })[];
  readonly none: readonly (string | { id: string })[];
}
interface AxeApi {
  run(context?: unknown, options?: unknown): Promise<{ violations: AxeViolation[] }>;
  /** axe's loaded rules and the checks' metadata (impact included), as axe-core 4 keeps them. */
  readonly _audit: { readonly rules: readonly AxeRule[]; readonly data: { readonly checks: Readonly<Record<string, { readonly impact?: string } | undefined>> } };
}

/**
 * No serious or critical axe-core violation on the page as it is now.
 *
 * axe-core is injected once per document (the app changes screens without reloading, so a
 * page checked three times parsed 550 KB three times), and the rules that can only ever report a
 * minor or moderate violation are switched off: a violation's impact is its rule's own impact
 * or else the highest impact of its failing checks, both fixed in axe's metadata, so those rules
 * could never fail this assertion; some ("region") are among the slowest to run.
 */
export async function checkAccessibility(page: Page, screen: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const g = globalThis as unknown as { axe: AxeApi; document: unknown };
    const severe = new Set(['serious', 'critical']);
    const checkImpact = (c: string | { id: string }) => g.axe._audit.data.checks[typeof c === 'string' ? c : c.id]?.impact;
    const mild = g.axe._audit.rules.filter((r) => (r.impact ? !severe.has(r.impact) : ![...r.any, ...r.all, ...r.none].some((c) => severe.has(checkImpact(c) ?? 'unknown'))));
    const rules = Object.fromEntries(mild.map((r) => [r.id, { enabled: false }]));
    const result = await g.axe.run(g.document, { resultTypes: ['violations'], rules });
    return { kept: g.axe._audit.rules.length - mild.length, found: result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })) };
  });
  // axe-core 4.14 has 105 rules, 73 of which can report a serious or critical violation: if a
  // later axe keeps its metadata elsewhere, this fails instead of checking nothing.
  expect(violations.kept).toBeGreaterThan(50);
  if (process.env.AXE_VERBOSE) for (const v of violations.found) process.stderr.write(`axe ${screen}: ${v.impact} ${v.id} ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}\n`);
  const bad = violations.found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${screen}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** How many items this tab keeps in sessionStorage and localStorage (signed in: the token, in the first). */
export function storage(page: Page): Promise<{ session: number; local: number }> {
  return page.evaluate(() => {
    const g = globalThis as unknown as { sessionStorage: { length: number }; localStorage: { length: number } };
    return { session: g.sessionStorage.length, local: g.localStorage.length };
  });
}

/** How far the page scrolls sideways (0 when it fits the viewport's width). */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document;
    return d.documentElement.scrollWidth - d.documentElement.clientWidth;
  });
}

export interface WebUser {
  readonly userId: string;
  readonly role: Role;
  readonly organizationId: string;
  readonly email?: string;
}

export const DESKTOP = { width: 1100, height: 860 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/**
 * One api on the embedded store serving the built web app, one Chromium, and local tokens for
 * the suite's users: what a browser suite starts once in beforeAll and closes in afterAll.
 * `api` calls the api as a user and remembers the positions written, so `signIn` first waits
 * until the read models hold what the suite wrote (the browser has no token of those writes).
 * Screenshots go to docs/screenshots with UPDATE_SCREENSHOTS=1, else to a temporary folder.
 */
export class WebSuite {
  readonly token: Record<string, string> = {};
  /** Script errors of every page opened through `newPage`; a suite asserts it stays empty. */
  readonly pageErrors: string[] = [];
  readonly shots = process.env.UPDATE_SCREENSHOTS ? join(ROOT, 'docs', 'screenshots') : mkdtempSync(join(tmpdir(), 'sf-web-shots-'));
  private readonly written = new WrittenPositions();

  private constructor(
    readonly app: NestExpressApplication,
    readonly base: string,
    readonly browser: Browser,
    private readonly dataDir: string,
    private readonly webDir: string,
  ) {}

  static async start(users: readonly WebUser[], env: Readonly<Record<string, string>> = {}): Promise<WebSuite> {
    const webDir = buildWebApp();
    const dataDir = mkdtempSync(join(tmpdir(), 'sf-web-suite-'));
    const app = await createApp(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env }), { web: { root: webDir } });
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const suite = new WebSuite(app, base, browser, dataDir, webDir);
    const key = loadOrCreateLocalSigningKey(dataDir);
    for (const u of users) {
      suite.token[u.userId] = await mintLocalToken(key, { userId: u.userId, role: u.role, organizationId: u.organizationId }, 8 * 3600, u.email ? { email: u.email } : {});
    }
    return suite;
  }

  /** Calls the api as `who`; throws on a status of 300 or more. */
  async api<T = Record<string, unknown>>(method: 'GET' | 'POST', path: string, who: string, body?: object): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.token[who]}`, 'Content-Type': 'application/json', ...(method === 'GET' ? this.written.header() : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    this.written.note(res.headers);
    const json = (await res.json()) as T;
    if (res.status >= 300) throw new Error(`${method} ${path} -> ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  /** A page in its own browser context (its own sessionStorage), at the given viewport. */
  async newPage(viewport: { readonly width: number; readonly height: number } = DESKTOP): Promise<Page> {
    const context = await this.browser.newContext({ viewport: { ...viewport }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    page.on('pageerror', (error) => this.pageErrors.push(error.message));
    return page;
  }

  /**
   * Opens `path` (the role's start page by default), which asks for sign-in first, signs `who` in
   * with their token, and waits for the page's heading.
   */
  async signIn(page: Page, who: string, heading: string | RegExp, path = '/'): Promise<void> {
    await page.goto(`${this.base}${path}`);
    await page.getByLabel('Your token').fill(this.token[who]!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  /** A screenshot of what the viewport shows (the whole page with `fullPage`). */
  async shot(page: Page, name: string, fullPage = false): Promise<void> {
    await screenshot(page, join(this.shots, `${name}.png`), fullPage);
  }

  async close(): Promise<void> {
    await this.browser?.close();
    await this.app?.close();
    rmSync(this.dataDir, { recursive: true, force: true });
    rmSync(this.webDir, { recursive: true, force: true });
    if (!process.env.UPDATE_SCREENSHOTS) rmSync(this.shots, { recursive: true, force: true });
  }
}
