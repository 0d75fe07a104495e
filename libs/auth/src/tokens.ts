import { createSecretKey, type KeyObject } from 'node:crypto';
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

/**
 * What a valid token says beyond the actor. Kept apart from the actor on purpose: the actor
 * goes into every event's metadata, and an email address must never reach the event log.
 */
export interface VerifiedIdentity {
  readonly actor: Actor;
  /** The token's `email` claim when it holds a plausible address. */
  readonly email?: string;
  /** The token's `iat`: the sign-in it stands for. */
  readonly issuedAt?: Date;
}

export interface TokenVerifier {
  verify(token: string): Promise<Actor>;
  verifyIdentity?(token: string): Promise<VerifiedIdentity>;
}

const EMAIL = /^[^\s@<>()[\],;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$/;

/** A plausible address for notifications, or undefined (a missing or odd claim never refuses a sign-in). */
export function emailClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 254 && EMAIL.test(value) ? value : undefined;
}

export async function mintLocalToken(key: Uint8Array, actor: Actor, ttlSeconds = 8 * 3600, claims: { readonly email?: string } = {}): Promise<string> {
  if (!HUMAN_ROLES.includes(actor.role as (typeof HUMAN_ROLES)[number])) throw new Error(`Unknown role ${actor.role}`);
  if (!ID.test(actor.userId) || !ID.test(actor.organizationId)) throw new Error('userId and organizationId must be short identifiers');
  if (claims.email !== undefined && !emailClaim(claims.email)) throw new Error('email must be an email address');
  return new SignJWT({ role: actor.role, org: actor.organizationId, ...(claims.email ? { email: claims.email } : {}) })
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
  // One key object for the process: given the bytes, jose would import them again at every verification.
  private readonly key: KeyObject;

  constructor(key: Uint8Array) {
    this.key = createSecretKey(key);
  }

  async verify(token: string): Promise<Actor> {
    return (await this.verifyIdentity(token)).actor;
  }

  async verifyIdentity(token: string): Promise<VerifiedIdentity> {
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
      const email = emailClaim(payload.email);
      return {
        actor: { userId: payload.sub, role: role as Role, organizationId: org },
        ...(email ? { email } : {}),
        ...(typeof payload.iat === 'number' ? { issuedAt: new Date(payload.iat * 1000) } : {}),
      };
    } catch (error) {
      if (error instanceof AuthError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new AuthError('AUTH.TOKEN_EXPIRED', 'The token has expired');
      throw new AuthError('AUTH.INVALID_TOKEN', 'The token is not valid for this service');
    }
  }
}
