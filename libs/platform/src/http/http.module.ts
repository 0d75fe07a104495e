import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ErrorFilter } from './exception.filter';
import { IdempotencyInterceptor } from './idempotency';
import { createValidationPipe } from './validation';

/** The HTTP edge's shared behaviour: one error shape, strict DTO validation, idempotent POSTs. */
@Module({
  providers: [
    { provide: APP_FILTER, useClass: ErrorFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
})
export class HttpEdgeModule {}
