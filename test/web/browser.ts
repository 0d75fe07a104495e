import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

/** What the browser suites share: Debian's Chromium, axe-core, and the web app built once per suite. */

export const ROOT = resolve(__dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
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

/** Builds the web app with its own build script into a temporary folder. */
export function buildWebApp(): string {
  const webDir = mkdtempSync(join(tmpdir(), 'sf-web-build-'));
  execFileSync(process.execPath, [join(ROOT, 'apps', 'web', 'build.mjs'), '--out', webDir], { cwd: ROOT, stdio: 'pipe' });
  return webDir;
}

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}
interface AxeApi {
  run(context?: unknown, options?: unknown): Promise<{ violations: AxeViolation[] }>;
}

/** No serious or critical axe-core violation on the page as it is now. */
export async function checkAccessibility(page: Page, screen: string): Promise<void> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const g = globalThis as unknown as { axe: AxeApi; document: unknown };
    const result = await g.axe.run(g.document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  if (process.env.AXE_VERBOSE) for (const v of violations) process.stderr.write(`axe ${screen}: ${v.impact} ${v.id} ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}\n`);
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${screen}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** How many items this tab keeps in sessionStorage and localStorage (signed in: the token, in the first). */
export function storage(page: Page): Promise<{ session: number; local: number }> {
  return page.evaluate(() => {
    const g = globalThis as unknown as { sessionStorage: { length: number }; localStorage: { length: number } };
    return { session: g.sessionStorage.length, local: g.localStorage.length };
  });
}
