import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from '@fund/platform';
import { createApp } from './create-app';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  app
    .get(Logger)
    .log(`survivor-fund api listening on http://${config.HOST}:${config.PORT} (store: ${config.EVENT_STORE}, projections: ${config.workerInProcess ? 'in-process' : 'separate worker'})`);
}

void bootstrap();
