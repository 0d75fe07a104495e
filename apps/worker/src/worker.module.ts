import { join } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { FundRequestsWorkerModule } from '@fund/fund-requests';
import { NotificationsWorkerModule } from '@fund/notifications';
import { loadMessagingConfig, MESSAGING_SETTINGS, MessagingModule, messagingHandlers, relayStatus, type MessagingSettings } from '@fund/messaging';
import { HEALTH_EXTRAS, SubscriptionsModule, type HealthExtra } from '@fund/platform';
import { EVENT_HANDLER_CLASSES } from './event-handlers';
import { ProjectionsAdminController } from './projections-admin.controller';

export { EVENT_HANDLER_CLASSES };

/**
 * The file a rebuild thread runs. From the sources (swc) the small thread entry beside this file;
 * in the bundle every module's __filename is the bundle itself (main.js), whose entry serves a
 * rebuild thread when it finds itself in one.
 */
const REBUILD_THREAD_ENTRY = __filename.endsWith('.ts') ? join(__dirname, 'rebuild-thread.ts') : __filename;

/**
 * CPU per event of each projection's rebuild, relative (measured alone over 100,000 events, less
 * the read: docs/benchmarks.md), so the threads get about the same work.
 */
const REBUILD_WEIGHTS: Readonly<Record<string, number>> = { 'request-views': 4.3, reporting: 2.4, 'audit-ledger': 2.2, balances: 1.1, 'protocol-versions': 0.1 };

@Module({})
export class WorkerModule {
  /**
   * `rebuildThreads`: spread a rebuild of every read model over this many worker threads (only
   * where this app's entry serves rebuild threads: the worker's main.ts and its CLIs).
   */
  static forRoot(messaging: MessagingSettings = loadMessagingConfig(), options: { readonly rebuildThreads?: number } = {}): DynamicModule {
    const rebuildThreads = options.rebuildThreads && options.rebuildThreads > 1 ? { entry: REBUILD_THREAD_ENTRY, threads: options.rebuildThreads, weights: REBUILD_WEIGHTS } : undefined;
    const subscriptions = SubscriptionsModule.forRoot([...EVENT_HANDLER_CLASSES, ...messagingHandlers(messaging)], { rebuildThreads });
    return {
      module: WorkerModule,
      imports: [MessagingModule.forSettings(messaging), NotificationsWorkerModule.forRoot(), subscriptions, FundRequestsWorkerModule],
      controllers: [ProjectionsAdminController],
      providers: [
        {
          provide: HEALTH_EXTRAS,
          useFactory: (settings: MessagingSettings): HealthExtra[] => [{ name: 'kafka', report: (projections) => relayStatus(settings, projections) }],
          inject: [MESSAGING_SETTINGS],
        },
      ],
      exports: [subscriptions, HEALTH_EXTRAS],
    };
  }
}
