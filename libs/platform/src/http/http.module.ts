import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '../config';
import { AccessLogController, AccessLogInterceptor } from './access-log';
import { ErrorFilter } from './exception.filter';
import { IdempotencyInterceptor } from './idempotency';
import { throttlerOptions, WriteRateLimitGuard } from './rate-limit';
import { createValidationPipe } from './validation';
import { HandlerTimingInterceptor } from './request-timing';
import { Metrics } from '../observability';
import { ConsistencyInterceptor } from '../consistency/consistency.interceptor';
import { ReadModelProgress } from '../consistency/read-model-progress';

/** The HTTP edge's shared behaviour: one error shape, strict DTO validation, idempotent and rate-limited POSTs. */
@Module({})
export class HttpEdgeModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: HttpEdgeModule,
      imports: [ThrottlerModule.forRoot(throttlerOptions(config))],
      controllers: [AccessLogController],
      exports: [ReadModelProgress],
      providers: [
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_PIPE, useFactory: (metrics?: Metrics) => createValidationPipe(metrics), inject: [{ token: Metrics, optional: true }] },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        // Inside the idempotency interceptor, so a replayed response carries the first one's token.
        { provide: APP_INTERCEPTOR, useClass: ConsistencyInterceptor },
        { provide: APP_INTERCEPTOR, useClass: AccessLogInterceptor },
        // Last, so innermost: it times the handler alone (see request-timing.ts).
        { provide: APP_INTERCEPTOR, useClass: HandlerTimingInterceptor },
        ReadModelProgress,
        { provide: APP_GUARD, useClass: WriteRateLimitGuard },
      ],
    };
  }
}
