import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '@fund/platform';

/**
 * How people sign in to the web app: a pasted local token (embedded default), or the OIDC
 * authorization code flow with PKCE against the issuer the api trusts (a public client: no
 * secret). Public by nature: the browser needs it before anyone is signed in.
 */
export type WebAuth =
  | { readonly mode: 'local' }
  | { readonly mode: 'oidc'; readonly issuer: string; readonly clientId: string; readonly scope: string; readonly roleClaim: string; readonly organizationClaim: string };

export function webAuthOf(config: AppConfig): WebAuth {
  if (config.AUTH_MODE !== 'oidc' || !config.OIDC_ISSUER) return { mode: 'local' };
  return {
    mode: 'oidc',
    issuer: config.OIDC_ISSUER,
    clientId: config.OIDC_CLIENT_ID ?? config.OIDC_AUDIENCE ?? '',
    scope: 'openid',
    roleClaim: config.OIDC_ROLE_CLAIM,
    organizationClaim: config.OIDC_ORGANIZATION_CLAIM,
  };
}

export interface ServeWebOptions {
  /** The built web app (node apps/web/build.mjs): index.html and assets/. Default: ./dist/web. */
  readonly root?: string;
  /** Sign-in settings the app reads from GET /web-config.json. Default: local tokens. */
  readonly auth?: WebAuth;
}

/** The app's own config: fixed for the life of the process. */
export const WEB_CONFIG_PATH = '/web-config.json';

/**
 * The api's policy lets pages fetch from their own origin only; with OIDC, the app also talks
 * to the issuer (discovery and the token endpoint), so its page allows that origin too.
 */
function pagePolicy(current: string, auth: WebAuth): string {
  if (auth.mode !== 'oidc') return current;
  const issuer = new URL(auth.issuer).origin;
  const directives = current.split(';').map((d) => d.trim()).filter((d) => d && !d.startsWith('connect-src'));
  return [...directives, `connect-src 'self' ${issuer}`].join(';');
}

/** The root each app serves, so a second call cannot silently leave an older build in front. */
const served = new WeakMap<NestExpressApplication, string>();

/** Client-side paths of the web app; nothing else falls back to index.html. */
const CLIENT_PATH = /^\/(?:app(?:\/[A-Za-z0-9._~%-]*)*)?$/;

/**
 * Serves the web app next to the api without shadowing any api route:
 * - `/assets/*`: the compiled modules and the stylesheet (express.static, files only, no
 *   directory listing or redirects; a missing file falls through to the api's 404);
 * - `GET /` and `GET /app/...` asking for HTML: index.html (the app routes on the client);
 * - `GET /web-config.json`: how to sign in (local token or OIDC issuer and client id).
 * Every other path (the whole api) never reaches these handlers' files. Helmet's strict
 * Content-Security-Policy applies: the app has no inline script or style and loads nothing
 * from elsewhere. Call after configureHttp and before listen().
 */
export function serveWeb(app: NestExpressApplication, options: ServeWebOptions = {}): void {
  const root = resolve(options.root ?? join(process.cwd(), 'dist', 'web'));
  const already = served.get(app);
  if (already !== undefined) {
    if (already === root) return;
    throw new Error(`serveWeb: this app already serves the web app from ${already}; it cannot also serve ${root}`);
  }
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    new Logger('Web').warn(`web app not built (no ${index}); run "npm run build:web" to serve it at /`);
    return;
  }
  served.set(app, root);
  const auth = options.auth ?? { mode: 'local' };
  const webConfig = JSON.stringify({ auth });
  app.use(WEB_CONFIG_PATH, (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path !== '/') {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.type('application/json').send(webConfig);
  });
  app.useStaticAssets(join(root, 'assets'), {
    prefix: '/assets/',
    index: false,
    redirect: false,
    dotfiles: 'ignore',
    fallthrough: true,
    // Not fingerprinted: let the browser revalidate with the ETag every time.
    setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !CLIENT_PATH.test(req.path) || !req.accepts('html')) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    const policy = res.getHeader('Content-Security-Policy');
    if (typeof policy === 'string') res.setHeader('Content-Security-Policy', pagePolicy(policy, auth));
    res.sendFile(index, (error?: Error) => {
      if (error && !res.headersSent) next(error);
    });
  });
}
