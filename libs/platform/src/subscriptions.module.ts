import {
  Inject,
  Injectable,
  Optional,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import { DomainError, SubscriptionRunner, type EventHandler, type EventStore, type RebuildProgress, type SqlDatabase, type SubscriptionStatus } from '@fund/event-sourcing';
import { EVENT_HANDLERS, EVENT_STORE, READ_DATABASE } from './tokens';
import { canRebuildInThreads, groupForThreads, rebuildInThreads, type RebuildThreadsOptions } from './rebuild/rebuild-threads';

/** Optional RebuildThreadsOptions: where given (and the read models are in PostgreSQL), rebuilds spread the handlers over worker threads. */
export const REBUILD_THREADS = Symbol('REBUILD_THREADS');

export interface ProjectionHealth extends SubscriptionStatus {
  readonly lag: number | null;
  /** Progress of a rebuild under way, or null. */
  readonly rebuild: RebuildProgress | null;
}

/** Runs every registered handler on its own checkpointed subscription to the store. */
@Injectable()
export class SubscriptionsHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Subscriptions');
  readonly runners: SubscriptionRunner[];
  private readonly rebuilding = new Map<string, RebuildProgress>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_HANDLERS) handlers: EventHandler[],
    @Optional() @Inject(REBUILD_THREADS) private readonly threads?: RebuildThreadsOptions,
  ) {
    this.runners = handlers.map(
      (handler) =>
        new SubscriptionRunner(store, db, handler, {
          onError: (name, error) =>
            this.logger.error({ subscription: name, error: error instanceof Error ? error.message : String(error) }, 'subscription batch failed; retrying'),
        }),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const runner of this.runners) await runner.prepare();
    if (process.env.SF_SUBSCRIPTIONS_PAUSED === 'true') return;
    this.runners.forEach((r) => r.start());
    this.logger.log({ subscriptions: this.runners.map((r) => r.name) }, 'subscriptions started');
  }

  /** Lets each runner finish its batch and save its checkpoint before the store closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
  }

  /**
   * Rebuilds one read model (or all, together) from position 0 while the service keeps running:
   * the runners are paused, their models emptied and replayed, then they resume live.
   */
  async rebuild(name?: string, onProgress?: (name: string, progress: RebuildProgress) => void): Promise<{ name: string; events: number; seconds: number }[]> {
    const selected = this.runners.filter((r) => (name === undefined ? !r.rebuildOnlyByName : r.name === name));
    if (name !== undefined && selected.length === 0) {
      throw new DomainError('PROJECTION.UNKNOWN', 'No projection with this name', { known: this.runners.map((r) => r.name) }, 'not_found');
    }
    const wasRunning = selected.map((r) => r.running);
    await Promise.all(selected.map((r) => r.stop()));
    const started = Date.now();
    selected.forEach((r) => this.rebuilding.set(r.name, { handled: 0, total: 0, eventsPerSecond: 0 }));
    const report = (name: string, p: RebuildProgress): void => {
      this.rebuilding.set(name, p);
      onProgress?.(name, p);
    };
    try {
      // One pass over the log for all of them: reading it once per read model costs as much as
      // the cheaper projections themselves.
      const events = await this.replay(selected, report);
      const seconds = (Date.now() - started) / 1000;
      return selected.map((r) => ({ name: r.name, events, seconds }));
    } finally {
      selected.forEach((r, i) => {
        this.rebuilding.delete(r.name);
        if (wasRunning[i]) r.start();
      });
    }
  }

  /**
   * With threads configured and the read models in PostgreSQL, the handlers' work is spread over
   * worker threads (the log still read once, here); otherwise all of them run on this thread.
   */
  private async replay(selected: readonly SubscriptionRunner[], report: (name: string, p: RebuildProgress) => void): Promise<number> {
    const threads = this.threads;
    if (!threads || threads.threads < 2 || selected.length < 2 || !canRebuildInThreads(this.db)) {
      return SubscriptionRunner.rebuildTogether(selected, { onProgress: (p) => selected.forEach((r) => report(r.name, p)) });
    }
    await SubscriptionRunner.emptyForRebuild(selected);
    const groups = groupForThreads(
      selected.map((r) => r.name),
      threads.threads,
      threads.weights,
    );
    try {
      return await rebuildInThreads(this.store, this.db, groups, {
        ...threads,
        onProgress: (group, p) => group.forEach((name) => report(name, p)),
      });
    } finally {
      for (const runner of selected) await runner.reloadCheckpoint().catch(() => undefined);
    }
  }

  async health(): Promise<ProjectionHealth[]> {
    return Promise.all(
      this.runners.map(async (r) => ({ ...r.status(), lag: await r.lag().catch(() => null), rebuild: this.rebuilding.get(r.name) ?? null })),
    );
  }
}

@Module({})
export class SubscriptionsModule {
  /** `handlers`: providers (classes) implementing EventHandler, in the order they should start. */
  static forRoot(handlers: readonly (new (...args: never[]) => EventHandler)[], options: { readonly rebuildThreads?: RebuildThreadsOptions } = {}): DynamicModule {
    const providers: Provider[] = [
      ...handlers,
      ...(options.rebuildThreads ? [{ provide: REBUILD_THREADS, useValue: options.rebuildThreads }] : []),
      { provide: EVENT_HANDLERS, useFactory: (...instances: EventHandler[]) => instances, inject: [...handlers] },
      SubscriptionsHost,
    ];
    // Global, so /health, /ready and /metrics see the runners wherever they are declared.
    return { module: SubscriptionsModule, global: true, providers, exports: [SubscriptionsHost] };
  }
}
