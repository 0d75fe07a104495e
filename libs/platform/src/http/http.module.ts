import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '../config';
import { AccessLogController, AccessLogInterceptor } from './access-log';
import { ErrorFilter } from './exception.filter';
import { IdempotencyInterceptor } from './idempotency';
import { throttlerOptions, WriteRateLimitGuard } from './rate-limit';
import { createValidationPipe } from './validation';

/** The HTTP edge's shared behaviour: one error shape, strict DTO validation, idempotent and rate-limited POSTs. */
@Module({})
export class HttpEdgeModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: HttpEdgeModule,
      imports: [ThrottlerModule.forRoot(throttlerOptions(config))],
      controllers: [AccessLogController],
      providers: [
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_INTERCEPTOR, useClass: AccessLogInterceptor },
        { provide: APP_GUARD, useClass: WriteRateLimitGuard },
      ],
    };
  }
}
