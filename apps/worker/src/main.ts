import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadMessagingConfigOrExit } from '@fund/messaging';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttp, loadConfigOrExit, serveRebuildThread } from '@fund/platform';
import { EVENT_HANDLER_CLASSES } from './event-handlers';
import { WorkerAppModule } from './worker-app.module';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  // Kafka settings are checked at start too, so a bad KAFKA_* value stops the process here.
  loadMessagingConfigOrExit();
  if (config.EVENT_STORE === 'pglite') {
    process.stderr.write('The embedded store is owned by the api process (it runs the worker in-process); start the worker only with EVENT_STORE=postgres.\n');
    process.exit(1);
  }
  const app = await NestFactory.create<NestExpressApplication>(WorkerAppModule.forRoot(config), { bufferLogs: true });
  configureHttp(app, config);
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.listen(config.WORKER_PORT, config.HOST);
  app.get(Logger).log(`survivor-fund worker running, health on port ${config.WORKER_PORT} (store: ${config.EVENT_STORE})`);
}

// A rebuild started with REBUILD_THREADS > 1 runs this same file (the bundle) in worker threads.
if (!serveRebuildThread(EVENT_HANDLER_CLASSES)) void bootstrap();
