import {
  Inject,
  Injectable,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import { DomainError, SubscriptionRunner, type EventHandler, type EventStore, type RebuildProgress, type SqlDatabase, type SubscriptionStatus } from '@fund/event-sourcing';
import { EVENT_HANDLERS, EVENT_STORE, READ_DATABASE } from './tokens';

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
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_DATABASE) db: SqlDatabase,
    @Inject(EVENT_HANDLERS) handlers: EventHandler[],
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
    const report = (p: RebuildProgress): void =>
      selected.forEach((r) => {
        this.rebuilding.set(r.name, p);
        onProgress?.(r.name, p);
      });
    try {
      // One pass over the log for all of them: reading it once per read model costs as much as
      // the cheaper projections themselves.
      const events = await SubscriptionRunner.rebuildTogether(selected, { onProgress: report });
      const seconds = (Date.now() - started) / 1000;
      return selected.map((r) => ({ name: r.name, events, seconds }));
    } finally {
      selected.forEach((r, i) => {
        this.rebuilding.delete(r.name);
        if (wasRunning[i]) r.start();
      });
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
  static forRoot(handlers: readonly (new (...args: never[]) => EventHandler)[]): DynamicModule {
    const providers: Provider[] = [
      ...handlers,
      { provide: EVENT_HANDLERS, useFactory: (...instances: EventHandler[]) => instances, inject: [...handlers] },
      SubscriptionsHost,
    ];
    // Global, so /health, /ready and /metrics see the runners wherever they are declared.
    return { module: SubscriptionsModule, global: true, providers, exports: [SubscriptionsHost] };
  }
}
