import type { IncomingMessage } from 'node:http';

/**
 * Explicit limits on every JSON body, checked at the edge before anything else reads it: a body
 * outside them is refused with a 400 naming the field and the rule, and nothing is written.
 * They sit above what any route accepts (the DTOs are stricter), so only hostile or broken
 * bodies meet them; the OpenAPI document states them.
 */
export const BODY_LIMITS = Object.freeze({
  /** Bytes on the wire, after decompression. */
  bytes: 64 * 1024,
  /** Nesting of objects and arrays (the deepest route, a protocol's approval tiers, needs 4). */
  depth: 8,
  /** Keys of one object. */
  keysPerObject: 64,
  /** Items of one array (a donation's serial numbers are the longest list). */
  arrayItems: 5_000,
  /** Characters of one string (the longest free text, a narrative or a note, is 2,000). */
  stringLength: 4_000,
});

/** Keys that reach an object's prototype when a body is merged or copied naively. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** An error body-parser passes on with its status and type; the error filter maps it to the one error shape. */
export class BodyRefused extends Error {
  readonly status = 400;
  readonly expose = true;
  constructor(
    readonly type: 'body.limit' | 'body.encoding',
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'BodyRefused';
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * body-parser's `verify` hook: runs on the raw (decompressed) bytes before JSON.parse. Refuses
 * bytes that are not UTF-8 (a Latin-1 body would otherwise be read with replacement characters)
 * and nesting deeper than the limit (which would overflow the stack of recursive code later).
 */
export function verifyJsonBody(_req: IncomingMessage, _res: unknown, buf: Buffer): void {
  let text: string;
  try {
    text = utf8.decode(buf);
  } catch {
    throw new BodyRefused('body.encoding', 'body', 'utf8', 'The request body is not valid UTF-8');
  }
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > BODY_LIMITS.depth) throw new BodyRefused('body.limit', 'body', 'maxDepth', `The request body nests deeper than ${BODY_LIMITS.depth} levels`);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/**
 * Walks a parsed body (iteratively) and refuses prototype keys anywhere, and objects, arrays and
 * strings beyond the limits, naming the first offending field (`items.0.serials`).
 */
export function inspectBody(body: unknown): void {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    const field = path || 'body';
    if (typeof value === 'string') {
      if (value.length > BODY_LIMITS.stringLength) throw new BodyRefused('body.limit', field, 'maxLength', `${field} is longer than ${BODY_LIMITS.stringLength} characters`);
      // A lone surrogate cannot be stored (PostgreSQL refuses it in JSON) or shown: refuse it here.
      if (LONE_SURROGATE.test(value)) throw new BodyRefused('body.encoding', field, 'wellFormedUnicode', `${field} contains an unpaired surrogate (not valid Unicode text)`);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= BODY_LIMITS.depth) throw new BodyRefused('body.limit', field, 'maxDepth', `The request body nests deeper than ${BODY_LIMITS.depth} levels`);
    if (Array.isArray(value)) {
      if (value.length > BODY_LIMITS.arrayItems) throw new BodyRefused('body.limit', field, 'maxItems', `${field} has more than ${BODY_LIMITS.arrayItems} items`);
      value.forEach((item, index) => stack.push({ value: item, path: path ? `${path}.${index}` : String(index), depth: depth + 1 }));
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > BODY_LIMITS.keysPerObject) throw new BodyRefused('body.limit', field, 'maxKeys', `${field} has more than ${BODY_LIMITS.keysPerObject} keys`);
    for (const key of keys) {
      const child = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) throw new BodyRefused('body.limit', child, 'unknownField', `${child} is not a known field`);
      stack.push({ value: (value as Record<string, unknown>)[key], path: child, depth: depth + 1 });
    }
  }
}

/** Express middleware, right after the JSON parser: hands a refusal to the error filter. */
export function guardParsedBody(req: IncomingMessage & { body?: unknown }, _res: unknown, next: (error?: unknown) => void): void {
  try {
    if (req.body !== undefined) inspectBody(req.body);
    next();
  } catch (error) {
    next(error);
  }
}
