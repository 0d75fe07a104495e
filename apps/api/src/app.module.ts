import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthModule } from '@fund/auth';
import { authOptions, EventStoreModule, HealthController, HttpEdgeModule, LoggingModule, ObservabilityModule, type AppConfig } from '@fund/platform';
import { WorkerModule } from '../../worker/src/worker.module';
import { FEATURE_MODULES } from './features';
import { FUND_REQUEST_UPCASTERS } from '@fund/fund-requests';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggingModule.forRoot(config),
        ObservabilityModule.forRoot(),
        EventStoreModule.forRoot(config, FUND_REQUEST_UPCASTERS),
        AuthModule.forRoot(authOptions(config)),
        HttpEdgeModule.forRoot(config),
        CqrsModule.forRoot(),
        ...FEATURE_MODULES,
        // The embedded store is a single in-process database: projections must run here.
        ...(config.workerInProcess ? [WorkerModule.forRoot()] : []),
      ],
      controllers: [HealthController],
    };
  }
}
