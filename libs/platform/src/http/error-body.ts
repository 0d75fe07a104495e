import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CodedError, type ErrorKind } from '@fund/event-sourcing';

export const STATUS_BY_KIND: Readonly<Record<ErrorKind, number>> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition: 409,
  rule: 422,
  unavailable: 503,
  internal: 500,
};

/** One refused field of a 400 `VALIDATION.FAILED`. */
export class FieldErrorView {
  @ApiProperty({ description: 'the field, as a path into the body, query or parameters', example: 'items.0.quantity' })
  readonly field!: string;

  @ApiProperty({ description: 'the rule it broke (a class-validator constraint name, or unknownField)', example: 'min' })
  readonly rule!: string;

  @ApiProperty({ description: 'a sentence naming the field; never the value sent', example: 'quantity must not be less than 1' })
  readonly message!: string;
}

/**
 * The one error shape every route returns: a stable code, a sentence, and safe details. A class
 * rather than an interface so the OpenAPI document and the error filter share one definition.
 */
export class ErrorBody {
  @ApiProperty({ description: 'the HTTP status, repeated', example: 422 })
  readonly statusCode!: number;

  @ApiProperty({ description: 'stable code to branch on (`AREA.REASON`); never reworded once published', example: 'FUND.INSUFFICIENT_FUNDS' })
  readonly code!: string;

  @ApiProperty({ description: 'a sentence for people; never echoes request content', example: 'The fund does not have enough available money' })
  readonly message!: string;

  @ApiPropertyOptional({
    description: 'safe details: for VALIDATION.FAILED `errors` lists every refused field; rule refusals say what would have been allowed',
    type: 'object',
    additionalProperties: true,
    properties: { errors: { type: 'array', items: { $ref: '#/components/schemas/FieldErrorView' } } },
  })
  readonly details?: Readonly<Record<string, unknown>>;
}

export function errorBody(error: CodedError): ErrorBody {
  const body: ErrorBody = { statusCode: STATUS_BY_KIND[error.kind], code: error.code, message: error.message };
  return Object.keys(error.details).length > 0 ? { ...body, details: error.details } : body;
}
