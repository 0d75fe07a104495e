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
   * Rebuilds one read model (or all) from position 0 while the service keeps running: the
   * runner is paused, its model emptied and replayed, then it resumes live.
   */
  async rebuild(name?: string, onProgress?: (name: string, progress: RebuildProgress) => void): Promise<{ name: string; events: number; seconds: number }[]> {
    const selected = this.runners.filter((r) => name === undefined || r.name === name);
    if (name !== undefined && selected.length === 0) {
      throw new DomainError('PROJECTION.UNKNOWN', 'No projection with this name', { known: this.runners.map((r) => r.name) }, 'not_found');
    }
    const results: { name: string; events: number; seconds: number }[] = [];
    for (const runner of selected) {
      const wasRunning = runner.running;
      await runner.stop();
      const started = Date.now();
      this.rebuilding.set(runner.name, { handled: 0, total: 0, eventsPerSecond: 0 });
      try {
        const events = await runner.rebuild((p) => {
          this.rebuilding.set(runner.name, p);
          onProgress?.(runner.name, p);
        });
        results.push({ name: runner.name, events, seconds: (Date.now() - started) / 1000 });
      } finally {
        this.rebuilding.delete(runner.name);
        if (wasRunning) runner.start();
      }
    }
    return results;
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
