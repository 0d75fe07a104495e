import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '@fund/platform';
import { createApp } from '../../apps/api/src/create-app';
import { buildWebApp, checkAccessibility, CHROMIUM, CHROMIUM_ARGS, describeWithChromium, ROOT, screenshot, storage } from './browser';
import { startTestIssuer, type TestIssuer } from './oidc-issuer';

/**
 * Production sign-in, for real: the api runs with AUTH_MODE=oidc against a tiny issuer started
 * here, and the web app signs in with the authorization code flow and PKCE (S256), checks state
 * and nonce, exchanges the code at the token endpoint, keeps the access token in sessionStorage
 * only, calls the api with it (which verifies it against the issuer's JWKS), and logs out at
 * the issuer.
 */
describe('web app with single sign-on (OIDC authorization code + PKCE)', () => {
  const CLIENT_ID = 'survivor-fund-web';
  let issuer: TestIssuer;
  let app: NestExpressApplication;
  let dataDir: string;
  let webDir: string;
  let base: string;

  beforeAll(async () => {
    issuer = await startTestIssuer({ clientId: CLIENT_ID, audience: 'survivor-fund', roleClaim: 'survivor_fund_role', organizationClaim: 'survivor_fund_org' });
    webDir = buildWebApp();
    dataDir = mkdtempSync(join(tmpdir(), 'sf-web-oidc-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', AUTH_MODE: 'oidc', OIDC_ISSUER: issuer.url, OIDC_AUDIENCE: 'survivor-fund', OIDC_CLIENT_ID: CLIENT_ID });
    app = await createApp(config, { web: { root: webDir } });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    issuer.redirectUri = `${base}/app/callback`;
    issuer.postLogoutRedirectUri = `${base}/app/sign-in`;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await issuer?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(webDir, { recursive: true, force: true });
  });

  it('tells the web app how to sign in, and lets its page talk to the issuer (and nothing else)', async () => {
    const config = await (await fetch(`${base}/web-config.json`)).json();
    expect(config).toEqual({ auth: { mode: 'oidc', issuer: issuer.url, clientId: CLIENT_ID, scope: 'openid', roleClaim: 'survivor_fund_role', organizationClaim: 'survivor_fund_org' } });
    const page = await fetch(`${base}/app/sign-in`, { headers: { Accept: 'text/html' } });
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain(`connect-src 'self' ${issuer.url}`);
    expect(policy).toContain("default-src 'self'");
    // The api's own answers keep the api's policy.
    expect((await fetch(`${base}/health`)).headers.get('content-security-policy')).not.toContain('connect-src');
  });

  describeWithChromium('in Chromium', () => {
    let browser: Browser;
    const shots = process.env.UPDATE_SCREENSHOTS ? join(ROOT, 'docs', 'screenshots') : mkdtempSync(join(tmpdir(), 'sf-web-shots-'));
    const pageErrors: string[] = [];

    beforeAll(async () => {
      mkdirSync(shots, { recursive: true });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      if (!process.env.UPDATE_SCREENSHOTS) rmSync(shots, { recursive: true, force: true });
    });
    afterEach(() => {
      expect(pageErrors.splice(0)).toEqual([]);
    });

    const newPage = async (): Promise<Page> => {
      const context = await browser.newContext({ viewport: { width: 1100, height: 860 }, reducedMotion: 'reduce' });
      const page = await context.newPage();
      // Generous: on a loaded two-core machine a page can take long to load; a missing element still fails.
      page.setDefaultTimeout(60_000);
      page.on('pageerror', (error) => pageErrors.push(error.message));
      return page;
    };
    const startSignIn = async (page: Page, path: string): Promise<void> => {
      await page.goto(`${base}${path}`);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await page.getByRole('button', { name: 'Sign in with your organization’s account' }).click();
    };

    it('signs in at the issuer and comes back where it was going: S256 challenge, verifier checked, token in sessionStorage only', async () => {
      issuer.nextUser = { sub: 'council-7', role: 'council', organization: 'dv-bangor' };
      const page = await newPage();
      await page.goto(`${base}/app/council`);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      expect(page.url()).toBe(`${base}/app/sign-in?next=%2Fapp%2Fcouncil`);
      // Single sign-on only: no token box.
      expect(await page.getByLabel('Your token').count()).toBe(0);
      await checkAccessibility(page, 'OIDC sign-in');
      await screenshot(page, join(shots, 'oidc-sign-in.png'));

      const before = { authorizations: issuer.authorizations.length, exchanges: issuer.exchanges.length };
      await page.getByRole('button', { name: 'Sign in with your organization’s account' }).click();
      await page.getByRole('heading', { level: 1, name: 'Council queue' }).waitFor();
      // The code and state are gone from the address bar.
      expect(page.url()).toBe(`${base}/app/council`);
      await page.getByText('Nothing awaits your vote.').waitFor();
      // Who and where come from the identity provider's claims.
      expect(await page.locator('#who').innerText()).toMatch(/Signed in as council-7 · Provider Council · dv-bangor/);

      const asked = issuer.authorizations.slice(before.authorizations);
      expect(asked).toHaveLength(1);
      const q = Object.fromEntries(asked[0]!);
      expect(q).toMatchObject({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: `${base}/app/callback`, scope: 'openid', code_challenge_method: 'S256' });
      expect(q.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(q.state).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(q.nonce).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      // The issuer checked the verifier against that challenge.
      expect(issuer.exchanges.slice(before.exchanges)).toEqual([{ status: 200 }]);
      // The access token, and nothing else: no verifier left behind, nothing in localStorage or cookies.
      expect(await storage(page)).toEqual({ session: 1, local: 0 });
      expect(await page.context().cookies()).toEqual([]);

      // Signing out ends the session at the issuer too, which sends the browser back.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      expect(issuer.logouts.at(-1)?.get('client_id')).toBe(CLIENT_ID);
      expect(page.url()).toBe(`${base}/app/sign-in`);
      expect(await storage(page)).toEqual({ session: 0, local: 0 });
      await page.context().close();
    }, 120_000);

    it('refuses an answer it did not ask for (state), an ID token for another sign-in (nonce), and a cancelled sign-in', async () => {
      issuer.nextUser = { sub: 'coord-7', role: 'coordinator', organization: 'coalition' };
      const page = await newPage();

      // A forged redirect, no sign-in started in this tab.
      await page.goto(`${base}/app/callback?code=forged&state=forged`);
      await page.getByRole('heading', { level: 1, name: 'Sign-in failed' }).waitFor();
      await page.getByRole('alert').getByText(/not started in this browser tab/).waitFor();

      // The answer carries another state.
      issuer.tamper = { state: 'someone-elses-state' };
      await startSignIn(page, '/app/sign-in');
      await page.getByRole('alert').getByText(/does not match the sign-in started in this tab \(state\)/).waitFor();
      await checkAccessibility(page, 'OIDC sign-in failed');
      expect(await storage(page)).toEqual({ session: 0, local: 0 });

      // The ID token answers another sign-in.
      issuer.tamper = { nonce: 'someone-elses-nonce' };
      await startSignIn(page, '/app/sign-in');
      await page.getByRole('alert').getByText(/\(nonce\); it was refused/).waitFor();
      expect(await storage(page)).toEqual({ session: 0, local: 0 });

      // The user cancels at the issuer.
      issuer.tamper = {};
      issuer.nextUser = null;
      await startSignIn(page, '/app/sign-in');
      await page.getByRole('alert').getByText(/did not sign you in \(access_denied\)/).waitFor();

      // And then it works, straight to the coordinator's home.
      issuer.nextUser = { sub: 'coord-7', role: 'coordinator', organization: 'coalition' };
      await page.getByRole('link', { name: 'Start again' }).click();
      await page.getByRole('button', { name: 'Sign in with your organization’s account' }).click();
      await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
      expect(await storage(page)).toEqual({ session: 1, local: 0 });

      // A command with the identity provider's token: on this empty fund, the first protocol.
      await page.getByRole('link', { name: 'Protocols' }).click();
      await page.getByRole('heading', { level: 2, name: 'Bootstrap the first protocol' }).waitFor();
      const first = page.getByRole('form', { name: 'Bootstrap the first protocol' });
      await first.getByLabel('Version', { exact: true }).fill('2026-1');
      await first.getByLabel('Title', { exact: true }).fill('Emergency fund protocol');
      await first.getByRole('button', { name: 'Put the first protocol in force' }).click();
      await page.locator('.page-status').getByText('Protocol 2026-1 is in force.').waitFor();
      // The page now starts the next version from the rules in force.
      await page.getByRole('heading', { level: 2, name: 'Draft a new version' }).waitFor();
      await page.getByRole('row', { name: /2026-1 .*Adopted, in force/ }).waitFor();
      await page.locator('.page-status').getByText('Protocol 2026-1 is in force.').waitFor();
      await page.context().close();
    }, 120_000);
  });
});
