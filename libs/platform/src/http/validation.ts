import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { DomainError } from '@fund/event-sourcing';
import { MIN_POSITION_QUERY } from '../consistency/position-token';
import type { Metrics } from '../observability';

export interface FieldError {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/** Flattens nested class-validator errors to `items.0.quantity`-style field paths. */
export function fieldErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule: rule === 'whitelistValidation' ? 'unknownField' : rule,
      // class-validator's messages name the property; they never include the value we got.
      message: rule === 'whitelistValidation' ? `${field} is not a known field` : message,
    }));
    return [...own, ...fieldErrors(e.children ?? [], field)];
  });
}

/**
 * The consistency token may ride on any query string (`?minPosition=`): the consistency
 * interceptor reads it, so a query DTO neither declares it nor refuses it as unknown.
 */
const PLAIN_TYPES = new Set<unknown>([String, Number, Boolean, Object, Array, Date, Buffer]);

class EdgeValidationPipe extends ValidationPipe {
  private metrics: Metrics | undefined;

  /** Times each validated DTO (by class name: a pipe never sees the request). */
  timedBy(metrics: Metrics | undefined): this {
    this.metrics = metrics;
    return this;
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const dto = metadata.metatype && !PLAIN_TYPES.has(metadata.metatype) ? metadata.metatype.name : undefined;
    if (!this.metrics || !dto || metadata.type === 'custom') return this.withoutToken(value, metadata);
    const started = performance.now();
    try {
      return await this.withoutToken(value, metadata);
    } finally {
      this.metrics.validationDuration.observe({ dto }, (performance.now() - started) / 1000);
    }
  }

  private withoutToken(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'query' && typeof value === 'object' && value !== null && MIN_POSITION_QUERY in value) {
      const { [MIN_POSITION_QUERY]: _token, ...rest } = value as Record<string, unknown>;
      return super.transform(rest, metadata);
    }
    return super.transform(value, metadata);
  }
}

/** Whitelist on, unknown fields refused, payloads transformed to their DTO classes. */
export function createValidationPipe(metrics?: Metrics): ValidationPipe {
  return new EdgeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const list = fieldErrors(errors);
      const first = list[0];
      return new DomainError(
        'VALIDATION.FAILED',
        first ? `${first.message}${list.length > 1 ? ` (and ${list.length - 1} more)` : ''}` : 'The request is not valid',
        { errors: list },
        'validation',
      );
    },
  }).timedBy(metrics);
}
