import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStoreModule, HealthController, LoggingModule, type AppConfig } from '@fund/platform';
import { WorkerModule } from '../../worker/src/worker.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggingModule.forRoot(config),
        EventStoreModule.forRoot(config),
        CqrsModule.forRoot(),
        // The embedded store is a single in-process database: projections must run here.
        ...(config.workerInProcess ? [WorkerModule.forRoot()] : []),
      ],
      controllers: [HealthController],
    };
  }
}
