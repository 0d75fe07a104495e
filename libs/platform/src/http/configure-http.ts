import type { Server } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import type { AppConfig } from '../config';
import { BODY_LIMITS, guardParsedBody, verifyJsonBody } from './body-guard';
import { drainOnClose } from './drain-on-close';
import { MIN_POSITION_HEADER, POSITION_HEADER } from '../consistency/position-token';

/**
 * Express-level protection shared by the api and the worker: small JSON bodies only,
 * security headers, no CORS unless origins are configured, no framework banner.
 */
export function configureHttp(app: NestExpressApplication, config: AppConfig): void {
  app.disable('x-powered-by');
  // An idle keep-alive connection outlives the client's and a proxy's idle timeout (60 s is
  // common), so the other side always closes it first. With Node's 5 s, a connection the server
  // closes just as a request is sent on it reaches the client as ECONNRESET (seen in a browser
  // suite under load; behind a proxy it is a 502).
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // ...but a shutdown must not wait for those idle connections to time out.
  drainOnClose(server);
  // Limits at the edge (BODY_LIMITS): bytes and UTF-8 and depth on the raw body, then shape.
  app.useBodyParser('json', { limit: BODY_LIMITS.bytes, verify: verifyJsonBody });
  app.use(guardParsedBody);
  app.use(
    helmet({
      // The api serves JSON and the docs page; nothing is framed or loaded cross-origin.
      contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'", "'unsafe-inline'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] } },
      crossOriginResourcePolicy: { policy: 'same-origin' },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  if (config.CORS_ORIGINS) {
    app.enableCors({ origin: config.CORS_ORIGINS.split(','), methods: ['GET', 'POST'], allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Correlation-Id', MIN_POSITION_HEADER], exposedHeaders: ['ETag', 'Location', POSITION_HEADER, 'Retry-After'] });
  }
}
