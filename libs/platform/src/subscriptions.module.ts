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
import { SubscriptionRunner, type EventHandler, type EventStore, type SqlDatabase, type SubscriptionStatus } from '@fund/event-sourcing';
import { EVENT_HANDLERS, EVENT_STORE, READ_DATABASE } from './tokens';

export interface ProjectionHealth extends SubscriptionStatus {
  readonly lag: number | null;
}

/** Runs every registered handler on its own checkpointed subscription to the store. */
@Injectable()
export class SubscriptionsHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Subscriptions');
  readonly runners: SubscriptionRunner[];

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

  onApplicationBootstrap(): void {
    this.runners.forEach((r) => r.start());
    this.logger.log({ subscriptions: this.runners.map((r) => r.name) }, 'subscriptions started');
  }

  /** Lets each runner finish its batch and save its checkpoint before the store closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
  }

  async health(): Promise<ProjectionHealth[]> {
    return Promise.all(
      this.runners.map(async (r) => ({ ...r.status(), lag: await r.lag().catch(() => null) })),
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
    return { module: SubscriptionsModule, providers, exports: [SubscriptionsHost] };
  }
}
