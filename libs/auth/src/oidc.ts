import { createRemoteJWKSet, jwtVerify, errors as joseErrors, type JWTVerifyGetKey } from 'jose';
import type { Actor, Role } from '@fund/event-sourcing';
import { AuthError, emailClaim, HUMAN_ROLES, type TokenVerifier, type VerifiedIdentity } from './tokens';

export interface OidcOptions {
  readonly issuer: string;
  readonly audience: string;
  /** Defaults to `<issuer>/.well-known/jwks.json`. */
  readonly jwksUrl?: string;
  /** Asymmetric algorithms only: a symmetric or `none` token is refused before any key lookup. */
  readonly algorithms: readonly string[];
  readonly clockToleranceSeconds: number;
  readonly roleClaim: string;
  readonly organizationClaim: string;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:@|-]{0,127}$/;

/**
 * Production authentication: bearer JWTs from the coalition's identity provider, checked
 * against its JWKS (fetched and cached by jose, refreshed on unknown key ids, so rotating the
 * issuer's keys needs no restart). The role and organization come from configurable claims.
 */
export class OidcTokenVerifier implements TokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly options: OidcOptions) {
    const jwks = options.jwksUrl ?? `${options.issuer.replace(/\/$/, '')}/.well-known/jwks.json`;
    this.keys = createRemoteJWKSet(new URL(jwks), { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  }

  async verify(token: string): Promise<Actor> {
    return (await this.verifyIdentity(token)).actor;
  }

  async verifyIdentity(token: string): Promise<VerifiedIdentity> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: [...this.options.algorithms],
        clockTolerance: this.options.clockToleranceSeconds,
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new AuthError('AUTH.TOKEN_EXPIRED', 'The token has expired');
      throw new AuthError('AUTH.INVALID_TOKEN', 'The token is not valid for this service');
    }
    const role = claim(payload, this.options.roleClaim);
    const org = claim(payload, this.options.organizationClaim);
    const sub = payload.sub;
    if (!role || !HUMAN_ROLES.includes(role as (typeof HUMAN_ROLES)[number])) throw new AuthError('AUTH.INVALID_TOKEN', 'The token carries no known role');
    if (!org || !ID.test(org) || typeof sub !== 'string' || !ID.test(sub)) throw new AuthError('AUTH.INVALID_TOKEN', 'The token carries no valid user or organization');
    const email = emailClaim(payload.email);
    return {
      actor: { userId: sub, role: role as Role, organizationId: org },
      ...(email ? { email } : {}),
      ...(typeof payload.iat === 'number' ? { issuedAt: new Date(payload.iat * 1000) } : {}),
    };
  }
}

/** A claim may be a string or a one-element array (some providers emit role lists). */
function claim(payload: Record<string, unknown>, name: string): string | undefined {
  const value = payload[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
  return undefined;
}
