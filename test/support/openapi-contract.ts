import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import OpenAPIResponseValidator, { type OpenAPIResponseValidatorArgs, type OpenAPIResponseValidatorError } from 'openapi-response-validator';
import { buildOpenApiDocument } from '../../apps/api/src/openapi';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type JsonSchema = OpenAPIResponseValidatorArgs['responses'][string]['schema'];
type Components = NonNullable<OpenAPIResponseValidatorArgs['components']>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Route {
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  /** Literal segments win over parameters: /protocols/current before /protocols/{version}. */
  readonly params: number;
  readonly operation: Operation;
  validator?: OpenAPIResponseValidator;
}

/**
 * Checks responses against the api's OpenAPI document with a library that reads the document
 * (openapi-response-validator, on ajv), so the document and the code cannot drift apart: a
 * status the operation does not document, a media type it does not list, or a JSON body its
 * schema refuses is a violation. Object schemas are read as closed (no undocumented fields)
 * here, in the tests, while the published document stays open to additive changes.
 */
export class OpenApiContract {
  private readonly routes: Route[] = [];
  private readonly components: Components;

  constructor(readonly document: OpenAPIObject) {
    this.components = closedSchemas(document) as Components;
    for (const [template, item] of Object.entries(document.paths)) {
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) continue;
        const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}|\{[^}]+\}/g, '[^/]+')}$`);
        this.routes.push({ method: method.toUpperCase(), template, pattern, params: (template.match(/\{/g) ?? []).length, operation });
      }
    }
    this.routes.sort((a, b) => a.params - b.params);
  }

  static of(app: INestApplication): OpenApiContract {
    return new OpenApiContract(buildOpenApiDocument(app));
  }

  /** The problems with one response, empty when it is what the document says. */
  check(method: string, url: string, status: number, contentType: string | undefined, body: string): string[] {
    const path = url.split('?')[0] ?? url;
    const route = this.routes.find((r) => r.method === method.toUpperCase() && r.pattern.test(path));
    const where = `${method.toUpperCase()} ${path} -> ${status}`;
    if (!route) return [`${where}: the operation is not in the OpenAPI document`];
    const documented = route.operation.responses[String(status)] as { content?: Record<string, { schema?: JsonSchema }> } | undefined;
    if (!documented) return [`${where}: status ${status} is not documented for ${route.method} ${route.template}`];
    const mediaTypes = Object.keys(documented.content ?? {});
    if (mediaTypes.length === 0) return body.length === 0 ? [] : [`${where}: the document says no body, got ${contentType ?? 'no content type'}`];
    const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!mediaTypes.includes(mediaType)) return [`${where}: media type ${mediaType || '(none)'} is not one of ${mediaTypes.join(', ')}`];
    if (mediaType !== 'application/json') return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return [`${where}: the body is not JSON`];
    }
    const schema = documented.content?.['application/json']?.schema;
    if (!schema) return [`${where}: no schema for application/json`];
    const validator = new OpenAPIResponseValidator({
      responses: { [String(status)]: { schema } },
      components: this.components,
      // Name the field an undocumented property is, so the failure says what drifted.
      errorTransformer: (error, ajvError) => {
        const extra: unknown = ajvError.params['additionalProperty'];
        return { ...error, message: typeof extra === 'string' ? `${error.message}: ${extra}` : error.message };
      },
    });
    const result = validator.validateResponse(status, parsed);
    const errors: OpenAPIResponseValidatorError[] = result?.errors ?? [];
    return errors.map((e) => `${where}: ${e.path ?? ''} ${e.message}`.replace(/\s+/g, ' '));
  }

  /**
   * Every response the server sends from now on is checked; the problems collect until taken
   * (an afterEach that expects none fails the test that caused them). Works for supertest and
   * fetch alike, since it listens on the server itself.
   */
  watch(server: Server): { take(): string[] } {
    const violations: string[] = [];
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      const keep = (chunk: unknown, encoding?: unknown) => {
        if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
        if (Buffer.isBuffer(chunk)) chunks.push(chunk);
        else if (typeof chunk === 'string') chunks.push(Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
        else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
      };
      const write = res.write.bind(res) as (...args: unknown[]) => boolean;
      const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      res.write = ((...args: unknown[]) => {
        keep(args[0], args[1]);
        return write(...args);
      }) as ServerResponse['write'];
      res.end = ((...args: unknown[]) => {
        keep(args[0], args[1]);
        return end(...args);
      }) as ServerResponse['end'];
      res.on('finish', () => {
        const contentType = res.getHeader('content-type');
        violations.push(...this.check(req.method ?? 'GET', req.url ?? '/', res.statusCode, typeof contentType === 'string' ? contentType : undefined, Buffer.concat(chunks).toString('utf8')));
      });
    });
    return { take: () => violations.splice(0) };
  }
}

type Schema = Record<string, unknown>;

/** A copy of the components where every object schema with properties refuses other fields, unless it says otherwise. */
function closedSchemas(document: OpenAPIObject): NonNullable<OpenAPIObject['components']> {
  const copy = structuredClone(document.components ?? {});
  // A schema used as `allOf: [{ $ref }]` under `additionalProperties: true` is the open part of a larger one.
  const open = new Set<string>();
  const visit = (node: unknown, parentOpen: boolean): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, parentOpen));
    if (typeof node !== 'object' || node === null) return;
    const schema = node as Schema;
    if (parentOpen && typeof schema.$ref === 'string') open.add(schema.$ref);
    const isOpen = schema.additionalProperties === true;
    for (const [key, value] of Object.entries(schema)) visit(value, key === 'allOf' && isOpen);
  };
  visit(document, false);
  const close = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(close);
    if (typeof node !== 'object' || node === null) return;
    const schema = node as Schema;
    if (schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
    Object.values(schema).forEach(close);
  };
  for (const [name, schema] of Object.entries(copy.schemas ?? {})) {
    if (!open.has(`#/components/schemas/${name}`)) close(schema);
  }
  return copy;
}
