/**
 * Rebuilds read models from position 0, with a progress bar.
 *   npm run projections:rebuild -- [name]     (all projections when no name is given)
 * With the embedded store, stop the service first (one process owns its files); with
 * PostgreSQL it can run beside a live service, or use POST /admin/projections/rebuild. On
 * PostgreSQL the projections are spread over REBUILD_THREADS worker threads when it is above 1.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { RebuildProgress } from '@fund/event-sourcing';
import { loadConfigOrExit, SubscriptionsHost } from '@fund/platform';
import { WorkerAppModule } from '../worker-app.module';

function bar(name: string, p: RebuildProgress): string {
  const width = 30;
  const share = p.total > 0 ? Math.min(1, p.handled / p.total) : 1;
  const filled = Math.round(share * width);
  return `\r${name.padEnd(16)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${p.handled.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')} events ${Math.round(p.eventsPerSecond).toLocaleString('en-US')} ev/s`;
}

async function main(): Promise<void> {
  const name = process.argv[2];
  process.env.SF_SUBSCRIPTIONS_PAUSED = 'true';
  const config = loadConfigOrExit({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const app = await NestFactory.createApplicationContext(WorkerAppModule.forRoot(config), { logger: ['error', 'warn'] });
  await app.init();
  const host = app.get(SubscriptionsHost);
  // Without a name every read model is rebuilt in one pass over the log (its handlers perhaps
  // spread over REBUILD_THREADS worker threads), so one bar follows the one furthest behind.
  const label = name ?? 'all read models';
  const latest = new Map<string, RebuildProgress>();
  let shown = -1;
  const results = await host.rebuild(name, (projection, progress) => {
    latest.set(projection, progress);
    const behind = [...latest.values()].reduce((a, b) => (b.handled < a.handled ? b : a));
    if (behind.handled === shown) return;
    shown = behind.handled;
    process.stderr.write(bar(label, behind));
  });
  process.stderr.write('\n');
  for (const r of results) console.log(`${r.name}: ${r.events} events in ${r.seconds.toFixed(1)} s (${Math.round(r.events / Math.max(r.seconds, 0.001))} events/s)`);
  await app.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
