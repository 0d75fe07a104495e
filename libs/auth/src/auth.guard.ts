import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@fund/event-sourcing';
import { ACCESS_RULE, type AccessRule, type AuthenticatedRequest } from './access';
import { AuthError, type TokenVerifier } from './tokens';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) throw new DomainError('AUTH.NO_ACCESS_RULE', 'This route declares no access rule and is closed', {}, 'forbidden');
    if (rule.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header) : null;
    if (!match?.[1]) throw new AuthError('AUTH.MISSING_TOKEN', 'A bearer token is required (Authorization: Bearer <token>)');
    const actor = await this.verifier.verify(match[1]);
    if (!rule.roles.includes(actor.role)) {
      throw new DomainError('AUTH.ROLE_NOT_ALLOWED', `The ${actor.role} role may not do this`, { role: actor.role, allowed: rule.roles }, 'forbidden');
    }
    request.actor = actor;
    return true;
  }
}
