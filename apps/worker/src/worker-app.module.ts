import { Module, type DynamicModule } from '@nestjs/common';
import { EventStoreModule, HealthController, LoggingModule, type AppConfig } from '@fund/platform';
import { WorkerModule } from './worker.module';

/** The worker process: subscriptions only, with /health on WORKER_PORT. */
@Module({})
export class WorkerAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerAppModule,
      imports: [LoggingModule.forRoot(config), EventStoreModule.forRoot(config), WorkerModule.forRoot()],
      controllers: [HealthController],
    };
  }
}
