import { Module, type DynamicModule } from '@nestjs/common';
import type { EventHandler } from '@fund/event-sourcing';
import { SubscriptionsModule } from '@fund/platform';

/**
 * Every read model and relay the worker keeps up to date, each on its own checkpoint.
 * The read-side libs add theirs here.
 */
export const EVENT_HANDLER_CLASSES: readonly (new (...args: never[]) => EventHandler)[] = [];

@Module({})
export class WorkerModule {
  static forRoot(): DynamicModule {
    const subscriptions = SubscriptionsModule.forRoot(EVENT_HANDLER_CLASSES);
    return { module: WorkerModule, imports: [subscriptions], exports: [subscriptions] };
  }
}
