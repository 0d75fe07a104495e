import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, type Role } from '@fund/event-sourcing';
import { ACCESS_RULE, type AccessRule, type AuthenticatedRequest } from './access';
import { AuthError, type TokenVerifier, type VerifiedIdentity } from './tokens';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/**
 * Told of every verified token (a people directory keeps who signed in). Awaited, so once a
 * token's first request has answered its person is known; it must never throw, and it owns
 * its write rate (one write per token, not per request).
 */
export interface SignInObserver {
  signedIn(identity: VerifiedIdentity): Promise<void> | void;
}
export const SIGN_IN_OBSERVER = Symbol('SIGN_IN_OBSERVER');

/** The edge's per-request timing (libs/platform), if any: told how long authentication took. */
interface TimedRequest {
  timing?: { add?(phase: 'auth', ms: number): void };
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    @Optional() @Inject(SIGN_IN_OBSERVER) private readonly observer?: SignInObserver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) throw new DomainError('AUTH.NO_ACCESS_RULE', 'This route declares no access rule and is closed', {}, 'forbidden');
    if (rule.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest & TimedRequest>();
    const started = performance.now();
    try {
      return await this.authenticate(request, rule.roles);
    } finally {
      request.timing?.add?.('auth', performance.now() - started);
    }
  }

  private async authenticate(request: AuthenticatedRequest, roles: readonly Role[]): Promise<boolean> {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header) : null;
    if (!match?.[1]) throw new AuthError('AUTH.MISSING_TOKEN', 'A bearer token is required (Authorization: Bearer <token>)');
    const identity: VerifiedIdentity = this.verifier.verifyIdentity ? await this.verifier.verifyIdentity(match[1]) : { actor: await this.verifier.verify(match[1]) };
    // Only the three actor fields go on: whatever else the token says stays out of event metadata.
    const actor = { userId: identity.actor.userId, role: identity.actor.role, organizationId: identity.actor.organizationId };
    await this.observer?.signedIn(identity);
    if (!roles.includes(actor.role)) {
      throw new DomainError('AUTH.ROLE_NOT_ALLOWED', `The ${actor.role} role may not do this`, { role: actor.role, allowed: roles }, 'forbidden');
    }
    request.actor = actor;
    return true;
  }
}
