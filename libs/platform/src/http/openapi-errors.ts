import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ErrorBody, FieldErrorView } from './error-body';

/** The statuses a route documents with the one error shape (500 is never part of a contract). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

/** A code a route can answer with, and a sentence like the one it sends (and optional details). */
export type ErrorExample = readonly [code: string, message: string, details?: Readonly<Record<string, unknown>>];

/** By status, the codes a route can answer with: what the OpenAPI document shows as examples. */
export type ErrorExamples = Partial<Record<ErrorStatus, readonly ErrorExample[]>>;

export const ERROR_MEANING: Readonly<Record<ErrorStatus, string>> = {
  400: 'The request is malformed: `details.errors` names every refused field (body, query, parameter or header).',
  401: 'No valid bearer token.',
  403: "The caller's role may not use this route.",
  404: 'The resource does not exist, or is not visible to the caller.',
  409: 'A concurrent change won: the `If-Match` version is stale, the resource already exists, or the same Idempotency-Key is still running. Re-read and retry.',
  413: 'The request body is larger than 64 kB.',
  415: 'The request body encoding is not supported.',
  422: 'A business rule refused the request; `code` says which, `details` what would have been allowed.',
  429: 'Too many writes in a minute, per user or per client address.',
  503: 'A dependency or the read side is not available yet; retry later.',
};

/** Examples every route shares; domain codes stay with the routes that give them. */
export const COMMON_ERRORS = {
  validationFailed: [
    'VALIDATION.FAILED',
    'amountCents must not be less than 1',
    { errors: [{ field: 'amountCents', rule: 'min', message: 'amountCents must not be less than 1' }] },
  ],
  malformedJson: ['HTTP.MALFORMED_JSON', 'The request body is not valid JSON'],
  ifMatch: ['VALIDATION.IF_MATCH', 'If-Match must be the ETag of the resource, like "3"', { field: 'If-Match' }],
  idempotencyKey: ['VALIDATION.IDEMPOTENCY_KEY', 'Idempotency-Key must be 8-128 characters of letters, digits and . _ : -', { field: 'Idempotency-Key' }],
  missingToken: ['AUTH.MISSING_TOKEN', 'A bearer token is required (Authorization: Bearer <token>)'],
  invalidToken: ['AUTH.INVALID_TOKEN', 'The token is not valid for this service'],
  tokenExpired: ['AUTH.TOKEN_EXPIRED', 'The token has expired'],
  roleNotAllowed: ['AUTH.ROLE_NOT_ALLOWED', 'The funder role may not do this', { role: 'funder', allowed: ['coordinator'] }],
  concurrency: [
    'EVENT_STORE.CONCURRENCY_CONFLICT',
    'Stream fund-request-3f1c... is at version 5, expected 4',
    { streamId: 'fund-request-3f1c2d4e-8a5b-4c6d-9e7f-0a1b2c3d4e5f', expected: '4', actual: 5 },
  ],
  idempotencyInProgress: ['IDEMPOTENCY.IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry shortly'],
  idempotencyKeyReused: ['IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was already used for a different request', { header: 'Idempotency-Key' }],
  bodyTooLarge: ['HTTP.BODY_TOO_LARGE', 'The request body is too large'],
  unsupportedEncoding: ['HTTP.UNSUPPORTED_ENCODING', 'The request body encoding is not supported'],
  rateLimited: ['HTTP.RATE_LIMITED', 'Too many changes in a short time; wait a minute and retry'],
} as const satisfies Record<string, ErrorExample>;

export interface MediaTypeObjectLike {
  schema: { $ref: string };
  examples: Record<string, { summary: string; value: ErrorBody }>;
}

export interface ErrorResponseObject {
  description: string;
  content: { 'application/json': MediaTypeObjectLike };
}

/** The response object of one error status: the ErrorBody schema with one example per code. */
export function errorResponse(status: ErrorStatus, examples: readonly ErrorExample[]): ErrorResponseObject {
  return {
    description: ERROR_MEANING[status],
    content: {
      'application/json': {
        schema: { $ref: getSchemaPath(ErrorBody) },
        examples: Object.fromEntries(
          examples.map(([code, message, details]) => [
            code,
            { summary: code, value: { statusCode: status, code, message, ...(details ? { details } : {}) } },
          ]),
        ),
      },
    },
  };
}

/** Adds examples to an error response already in a document, keeping the route's own first. */
export function mergeErrorResponse(existing: ErrorResponseObject | undefined, status: ErrorStatus, examples: readonly ErrorExample[]): ErrorResponseObject {
  const added = errorResponse(status, examples);
  if (!existing?.content?.['application/json']) return added;
  const own = existing.content['application/json'];
  return { ...existing, content: { 'application/json': { ...own, examples: { ...added.content['application/json'].examples, ...own.examples } } } };
}

function merge(specs: readonly ErrorExamples[]): Map<ErrorStatus, ErrorExample[]> {
  const byStatus = new Map<ErrorStatus, ErrorExample[]>();
  for (const spec of specs) {
    for (const [key, examples] of Object.entries(spec) as [string, readonly ErrorExample[]][]) {
      const status = Number(key) as ErrorStatus;
      const list = byStatus.get(status) ?? [];
      for (const example of examples) if (!list.some(([code]) => code === example[0])) list.push(example);
      byStatus.set(status, list);
    }
  }
  return byStatus;
}

/**
 * The errors a route can give besides those every route of its kind gives (401/403 from its
 * access rule, 400 from validation, 409/422/429 from idempotent rate-limited POSTs: the document
 * builder adds those). Specs are merged, so shared sets can be combined:
 * `@ApiErrors(REQUEST_COMMAND_ERRORS, { 422: [['FUND.INSUFFICIENT_FUNDS', '...']] })`.
 */
export function ApiErrors(...specs: ErrorExamples[]): MethodDecorator & ClassDecorator {
  const responses = [...merge(specs)].map(([status, examples]) => ApiResponse({ status, ...errorResponse(status, examples) }));
  return applyDecorators(ApiExtraModels(ErrorBody, FieldErrorView), ...responses);
}

/**
 * The route takes `If-Match: "<version>"` (the ETag it handed out): a stale one is a 409, so a
 * client never overwrites a decision it hasn't seen.
 */
export function ApiIfMatch(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiHeader({ name: 'If-Match', required: false, description: 'the ETag of the version this change is based on, like "3"; a stale one is refused with 409', schema: { type: 'string', example: '"3"' } }),
    ApiErrors({ 400: [COMMON_ERRORS.ifMatch], 409: [COMMON_ERRORS.concurrency] }),
  );
}
