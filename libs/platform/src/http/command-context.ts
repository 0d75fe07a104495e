import { Param, ParseUUIDPipe, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError, type Actor, type CommandContext } from '@fund/event-sourcing';
import { timingOf } from './request-timing';
import { beforeWriteOf } from './idempotency';

const KEY = /^[A-Za-z0-9._:-]{8,128}$/;

interface RequestLike {
  id?: unknown;
  actor?: Actor;
  headers: Record<string, string | string[] | undefined>;
}

function header(req: RequestLike, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Who (the verified actor), when (read once, here), why (the correlation id, from
 * X-Correlation-Id or the request id) and the Idempotency-Key: everything a command handler
 * needs from HTTP, so nothing below the controller touches the request.
 */
export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext => {
  const req = ctx.switchToHttp().getRequest<RequestLike>();
  if (!req.actor) throw new Error('Ctx used on a route without an authenticated actor');
  const idempotencyKey = header(req, 'idempotency-key');
  if (idempotencyKey !== undefined && !KEY.test(idempotencyKey)) {
    throw new DomainError('VALIDATION.IDEMPOTENCY_KEY', 'Idempotency-Key must be 8-128 characters of letters, digits and . _ : -', { field: 'Idempotency-Key' }, 'validation');
  }
  const correlation = header(req, 'x-correlation-id');
  const timing = timingOf(req);
  const beforeWrite = beforeWriteOf(req);
  return {
    actor: req.actor,
    correlationId: correlation && KEY.test(correlation) ? correlation : typeof req.id === 'string' ? req.id : randomUUID(),
    now: new Date(),
    // Keys are the sender's own: two users who happen to send the same key send two commands
    // (event ids derive from the key, so an unscoped key would make the second a "retry").
    ...(idempotencyKey ? { idempotencyKey: scopedIdempotencyKey(req.actor, idempotencyKey) } : {}),
    ...(timing ? { timing } : {}),
    ...(beforeWrite ? { beforeWrite } : {}),
  };
});

/** The Idempotency-Key as commands see it: scoped to the organization and user who sent it. */
export function scopedIdempotencyKey(actor: Pick<Actor, 'organizationId' | 'userId'>, key: string): string {
  return `${actor.organizationId}\u0000${actor.userId}\u0000${key}`;
}

/** `If-Match: "7"` -> 7. Absent -> undefined. Anything else is a 400 naming the header. */
export const IfMatch = createParamDecorator((_: unknown, ctx: ExecutionContext): number | undefined => {
  const raw = header(ctx.switchToHttp().getRequest<RequestLike>(), 'if-match');
  if (raw === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(raw.trim());
  if (!match?.[1]) {
    throw new DomainError('VALIDATION.IF_MATCH', 'If-Match must be the ETag of the resource, like "3"', { field: 'If-Match' }, 'validation');
  }
  return Number(match[1]);
});

export function etag(version: number): string {
  return `"${version}"`;
}

/** A path parameter that must be a UUID; anything else is a 400 naming the parameter. */
export const UuidParam = (name: string) =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        new DomainError('VALIDATION.FAILED', `${name} must be a UUID`, { errors: [{ field: name, rule: 'isUuid', message: `${name} must be a UUID` }] }, 'validation'),
    }),
  );
