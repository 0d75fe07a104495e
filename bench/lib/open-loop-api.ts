/**
 * The api as bench/load.bench.ts starts it: main()'s createApp in its own process, configured
 * from the environment, that tells its parent when it listens and closes on the parent's word
 * (an IPC message rather than a signal, so `--cpu-prof` can write its profile at exit).
 */
import 'reflect-metadata';
import { loadConfig } from '@fund/platform';
import { createApp } from '../../apps/api/src/create-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config, { web: false });
  await app.listen(config.PORT, config.HOST);
  process.on('message', (message) => {
    if (message !== 'stop') return;
    void app.close().then(() => process.exit(0));
  });
  process.send?.('ready');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
