import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { DomainError, ROLES, type Actor, type Role } from '@fund/event-sourcing';

export const LOCAL_ISSUER = 'survivor-fund-local';
export const AUDIENCE = 'survivor-fund';
export const HUMAN_ROLES = ROLES.filter((r): r is Exclude<Role, 'system'> => r !== 'system');
const ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

export class AuthError extends DomainError {
  constructor(code: string, message: string) {
    super(code, message, {}, 'unauthenticated');
  }
}

export interface TokenVerifier {
  verify(token: string): Promise<Actor>;
}

export async function mintLocalToken(key: Uint8Array, actor: Actor, ttlSeconds = 8 * 3600): Promise<string> {
  if (!HUMAN_ROLES.includes(actor.role as (typeof HUMAN_ROLES)[number])) throw new Error(`Unknown role ${actor.role}`);
  if (!ID.test(actor.userId) || !ID.test(actor.organizationId)) throw new Error('userId and organizationId must be short identifiers');
  return new SignJWT({ role: actor.role, org: actor.organizationId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(actor.userId)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key);
}

/** Verifies tokens signed with the local key: HS256 only, issuer, audience, expiry (30 s skew). */
export class LocalTokenVerifier implements TokenVerifier {
  constructor(private readonly key: Uint8Array) {}

  async verify(token: string): Promise<Actor> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: LOCAL_ISSUER,
        audience: AUDIENCE,
        clockTolerance: 30,
        requiredClaims: ['sub', 'exp', 'role', 'org'],
      });
      const role = payload.role;
      const org = payload.org;
      if (typeof role !== 'string' || !HUMAN_ROLES.includes(role as (typeof HUMAN_ROLES)[number])) {
        throw new AuthError('AUTH.INVALID_TOKEN', 'The token carries no known role');
      }
      if (typeof org !== 'string' || !ID.test(org) || !payload.sub || !ID.test(payload.sub)) {
        throw new AuthError('AUTH.INVALID_TOKEN', 'The token carries no valid user or organization');
      }
      return { userId: payload.sub, role: role as Role, organizationId: org };
    } catch (error) {
      if (error instanceof AuthError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new AuthError('AUTH.TOKEN_EXPIRED', 'The token has expired');
      throw new AuthError('AUTH.INVALID_TOKEN', 'The token is not valid for this service');
    }
  }
}
