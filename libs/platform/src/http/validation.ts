import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { DomainError } from '@fund/event-sourcing';
import { MIN_POSITION_QUERY } from '../consistency/position-token';

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
class EdgeValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'query' && typeof value === 'object' && value !== null && MIN_POSITION_QUERY in value) {
      const { [MIN_POSITION_QUERY]: _token, ...rest } = value as Record<string, unknown>;
      return super.transform(rest, metadata);
    }
    return super.transform(value, metadata);
  }
}

/** Whitelist on, unknown fields refused, payloads transformed to their DTO classes. */
export function createValidationPipe(): ValidationPipe {
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
  });
}
