import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
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
