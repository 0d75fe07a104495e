import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@fund/auth';
import { authOptions, EventStoreModule, HealthController, HttpEdgeModule, LoggingModule, ObservabilityModule, type AppConfig } from '@fund/platform';
import { WorkerModule } from './worker.module';
import { FUND_REQUEST_UPCASTERS } from '@fund/fund-requests';

/** The worker process: subscriptions, with /health and the projection admin on WORKER_PORT. */
@Module({})
export class WorkerAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerAppModule,
      imports: [LoggingModule.forRoot(config), ObservabilityModule.forRoot(), EventStoreModule.forRoot(config, FUND_REQUEST_UPCASTERS), AuthModule.forRoot(authOptions(config)), HttpEdgeModule.forRoot(config), WorkerModule.forRoot(undefined, { rebuildThreads: config.REBUILD_THREADS })],
      controllers: [HealthController],
    };
  }
}
