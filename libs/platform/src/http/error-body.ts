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

/** The one error shape every route returns: a stable code, a sentence, and safe details. */
export interface ErrorBody {
  readonly statusCode: number;
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export function errorBody(error: CodedError): ErrorBody {
  const body: ErrorBody = { statusCode: STATUS_BY_KIND[error.kind], code: error.code, message: error.message };
  return Object.keys(error.details).length > 0 ? { ...body, details: error.details } : body;
}
