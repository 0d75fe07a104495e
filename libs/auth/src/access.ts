import { SetMetadata, applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import type { Actor, Role } from '@fund/event-sourcing';

export const ACCESS_RULE = 'survivor-fund:access';

export type AccessRule = { readonly kind: 'public' } | { readonly kind: 'roles'; readonly roles: readonly Role[] };

/** The OpenAPI extension naming the roles a route allows; the document builder turns it into 401/403 and the description. */
export const ROLES_EXTENSION = 'x-roles';
/** The OpenAPI extension marking a route that needs no token. */
export const PUBLIC_EXTENSION = 'x-public';

/**
 * Every route declares who may call it, next to the route. A route without a rule is refused
 * (fail closed), so a forgotten declaration cannot open anything. The same declaration is what
 * the OpenAPI document says about the route, so the two cannot disagree.
 */
export const Allow = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ACCESS_RULE, { kind: 'roles', roles } satisfies AccessRule), ApiBearerAuth(), ApiExtension(ROLES_EXTENSION, roles));
export const Public = () => applyDecorators(SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule), ApiExtension(PUBLIC_EXTENSION, true));

export interface AuthenticatedRequest {
  actor?: Actor;
  headers: Record<string, string | string[] | undefined>;
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without an authenticated actor');
  return actor;
});
