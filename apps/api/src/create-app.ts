import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { configureHttp, type AppConfig } from '@fund/platform';
import { AppModule } from './app.module';
import { buildOpenApiDocument } from './openapi';
import { serveWeb, webAuthOf, type ServeWebOptions } from './web/serve-web';

/** The api as main() runs it; end-to-end tests call this too, so they test the real wiring. */
export async function createApp(config: AppConfig, options: { readonly web?: ServeWebOptions | false } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  configureHttp(app, config);
  // The web app (dist/web), when built; never in the way of an api route.
  if (options.web !== false) serveWeb(app, { auth: webAuthOf(config), ...options.web });
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
