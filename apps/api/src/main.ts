import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { loadMessagingConfigOrExit } from '@fund/messaging';
import { loadConfigOrExit } from '@fund/platform';
import { createApp } from './create-app';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  // Kafka settings are checked at start too, so a bad KAFKA_* value stops the process here.
  loadMessagingConfigOrExit();
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  app
    .get(Logger)
    .log(`survivor-fund api listening on http://${config.HOST}:${config.PORT} (store: ${config.EVENT_STORE}, projections: ${config.workerInProcess ? 'in-process' : 'separate worker'})`);
}

void bootstrap();
