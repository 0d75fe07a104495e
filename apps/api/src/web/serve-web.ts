import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

export interface ServeWebOptions {
  /** The built web app (node apps/web/build.mjs): index.html and assets/. Default: ./dist/web. */
  readonly root?: string;
}

/** The root each app serves, so a second call cannot silently leave an older build in front. */
const served = new WeakMap<NestExpressApplication, string>();

/** Client-side paths of the web app; nothing else falls back to index.html. */
const CLIENT_PATH = /^\/(?:app(?:\/[A-Za-z0-9._~%-]*)*)?$/;

/**
 * Serves the web app next to the api without shadowing any api route:
 * - `/assets/*`: the compiled modules and the stylesheet (express.static, files only, no
 *   directory listing or redirects; a missing file falls through to the api's 404);
 * - `GET /` and `GET /app/...` asking for HTML: index.html (the app routes on the client).
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
    res.sendFile(index, (error?: Error) => {
      if (error && !res.headersSent) next(error);
    });
  });
}
