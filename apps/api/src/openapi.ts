import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { PUBLIC_EXTENSION, ROLES_EXTENSION } from '@fund/auth';
import { APP_CONFIG, BODY_LIMITS, COMMON_ERRORS, type AppConfig, ErrorBody, FieldErrorView, mergeErrorResponse, type ErrorExample, type ErrorResponseObject, type ErrorStatus } from '@fund/platform';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;
type ParameterOrRef = NonNullable<OperationObject['parameters']>[number];
type ParameterObject = Exclude<ParameterOrRef, { $ref: string }>;
type ResponsesObject = OperationObject['responses'];

/** The api's contract, built from the controllers' decorators: served at /docs, linted and used to type the web app. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('survivor-fund')
      .setDescription(
        'Commands and queries of the survivor support fund. Amounts are integer cents. No survivor identifying information is accepted anywhere.\n\n' +
          'Every error has one shape (`ErrorBody`: `statusCode`, `code`, `message`, optional `details`); branch on `code`. ' +
          'Every route names the roles that may call it (`x-roles`, and the first line of its description).',
      )
      .setVersion('1')
      .addServer('/', 'this service')
      .addBearerAuth()
      .build(),
    { extraModels: [ErrorBody, FieldErrorView] },
  );
  return completeOperations(nullableReferences(document), limitsOf(app.get<AppConfig>(APP_CONFIG)));
}

interface Limits {
  readonly writesPerMinute: number;
  readonly writesPerMinutePerAddress: number;
}

function limitsOf(config: AppConfig): Limits {
  return { writesPerMinute: config.RATE_LIMIT_WRITES_PER_MINUTE, writesPerMinutePerAddress: config.RATE_LIMIT_WRITES_PER_MINUTE_PER_IP };
}

/** What every JSON body must keep to; refused at the edge with a 400 naming the field and rule (BODY_LIMITS). */
const BODY_LIMITS_TEXT =
  `**Body limits:** at most ${BODY_LIMITS.bytes / 1024} KiB after decompression, valid UTF-8, nesting at most ${BODY_LIMITS.depth} levels, ` +
  `${BODY_LIMITS.keysPerObject} keys per object, ${BODY_LIMITS.arrayItems} items per list, ${BODY_LIMITS.stringLength} characters per string, ` +
  'no `__proto__`, `constructor` or `prototype` keys, no unpaired surrogates; a `Content-Encoding` (gzip, deflate, br) must match the bytes.';

/**
 * `@ApiProperty({ type: View, nullable: true })` comes out as `type: object` beside
 * `allOf: [$ref]`, which in OpenAPI 3.0 still refuses null (nullable does not reach through
 * allOf). Without the `type`, it reads as "this schema, or null" to validators and generators.
 */
function nullableReferences(document: OpenAPIObject): OpenAPIObject {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const schema = node as Record<string, unknown>;
    if (schema.nullable === true && Array.isArray(schema.allOf) && schema.type === 'object') delete schema.type;
    Object.values(schema).forEach(visit);
  };
  visit(document.components);
  visit(document.paths);
  return document;
}

/**
 * What the controllers' decorators cannot see, because it is done once for every route by the
 * global guard, pipe, interceptors and body parser: who may call (from `@Allow`/`@Public`), the
 * 400 of validation, and the idempotency, rate limit and body limits of authenticated POSTs.
 */
function completeOperations(document: OpenAPIObject, limits: Limits): OpenAPIObject {
  const tags = new Set<string>();
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      for (const tag of operation.tags ?? []) tags.add(tag);
      const roles = rolesOf(operation);
      const isPublic = extension(operation, PUBLIC_EXTENSION) === true;
      const errors: Partial<Record<ErrorStatus, ErrorExample[]>> = {};
      const add = (status: ErrorStatus, ...examples: ErrorExample[]) => (errors[status] = [...(errors[status] ?? []), ...examples]);

      const validated = operation.requestBody !== undefined || (operation.parameters ?? []).some((p) => !isRef(p) && p.in !== 'header');
      if (validated) add(400, COMMON_ERRORS.validationFailed);
      if (roles) {
        operation.security = [{ bearer: [] }];
        add(401, COMMON_ERRORS.missingToken, COMMON_ERRORS.invalidToken, COMMON_ERRORS.tokenExpired);
        add(403, COMMON_ERRORS.roleNotAllowed);
        operation.description = joinLines(`**Roles:** ${roles.join(', ')}.`, operation.description);
      } else if (isPublic) {
        operation.security = [];
        operation.description = joinLines('**Public:** no token needed.', operation.description);
      }
      if (method === 'post') {
        if (operation.requestBody !== undefined) add(400, COMMON_ERRORS.malformedJson);
        add(413, COMMON_ERRORS.bodyTooLarge);
        add(415, COMMON_ERRORS.unsupportedEncoding);
        add(429, COMMON_ERRORS.rateLimited);
        Object.assign(operation, {
          'x-rate-limit': { writesPerMinutePerUser: limits.writesPerMinute, writesPerMinutePerAddress: limits.writesPerMinutePerAddress },
          'x-body-limits': BODY_LIMITS,
        });
        operation.description = [
          operation.description,
          `**Rate limit:** ${limits.writesPerMinute} writes a minute per user and ${limits.writesPerMinutePerAddress} per client address (429 beyond). ${BODY_LIMITS_TEXT}`,
        ]
          .filter(Boolean)
          .join('\n\n');
        if (roles) {
          operation.parameters = [...(operation.parameters ?? []), IDEMPOTENCY_KEY];
          add(400, COMMON_ERRORS.idempotencyKey);
          add(409, COMMON_ERRORS.idempotencyInProgress);
          add(422, COMMON_ERRORS.idempotencyKeyReused);
        }
      }
      operation.responses = withErrors(operation.responses, errors);
    }
  }
  const known = new Set((document.tags ?? []).map((t) => t.name));
  document.tags = [...(document.tags ?? []), ...[...tags].filter((t) => !known.has(t)).sort().map((name) => ({ name }))];
  return document;
}

const IDEMPOTENCY_KEY: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'Runs the command once per user and key: a retry with the same body gets the first answer back (with `Idempotent-Replayed: true`); the same key with another body is refused (422).',
  schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,128}$', example: 'pay-2026-11-22-0042' },
};

function rolesOf(operation: OperationObject): readonly string[] | undefined {
  const roles = extension(operation, ROLES_EXTENSION);
  return Array.isArray(roles) && roles.every((r) => typeof r === 'string') ? roles : undefined;
}

/** `x-` keys are added by decorators but are not in the OperationObject type. */
function extension(operation: OperationObject, key: string): unknown {
  return Object.getOwnPropertyDescriptor(operation, key)?.value as unknown;
}

function isRef(value: ParameterOrRef): value is Extract<ParameterOrRef, { $ref: string }> {
  return '$ref' in value;
}

function joinLines(first: string, rest: string | undefined): string {
  return rest ? `${first}\n\n${rest}` : first;
}

function withErrors(responses: ResponsesObject, errors: Partial<Record<ErrorStatus, ErrorExample[]>>): ResponsesObject {
  const out: ResponsesObject = { ...responses };
  for (const [key, examples] of Object.entries(errors)) {
    out[key] = mergeErrorResponse(out[key] as ErrorResponseObject | undefined, Number(key) as ErrorStatus, examples);
  }
  // Statuses in numeric order, so the document reads 2xx first.
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}
