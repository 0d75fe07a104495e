import { forgetWritten } from './consistency.js';
import { ROLES, type Role } from './types.js';
import { webAuth } from './web-config.js';

/**
 * The signed-in user: the bearer token and what its claims say. The token lives in
 * sessionStorage only (this tab, gone when it closes), never in localStorage or a cookie.
 * The claims are read for display and navigation; the api checks the signature on every call.
 */
export interface Session {
  readonly token: string;
  readonly role: Role;
  readonly organizationId: string;
  readonly userId: string;
  readonly expiresAt: Date | null;
}

const KEY = 'survivor-fund.token';

function base64UrlDecode(part: string): string {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The claims of a JWT, unverified (for display; the api verifies), or null when it is not one. */
export function jwtClaims(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return null;
  try {
    const claims: unknown = JSON.parse(base64UrlDecode(parts[1]!));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Local tokens carry `role` and `org`; an identity provider's, the claims the api is told to read. */
function claimNames(): { role: string; organization: string } {
  const auth = webAuth();
  return auth.mode === 'oidc' ? { role: auth.roleClaim, organization: auth.organizationClaim } : { role: 'role', organization: 'org' };
}

/** As the api reads them: a string, or a list of exactly one (some providers emit role lists). */
function claim(claims: Record<string, unknown>, name: string): unknown {
  const value = claims[name];
  return Array.isArray(value) && value.length === 1 ? value[0] : value;
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** A session from a pasted token, or a sentence saying what is wrong with it. */
export function sessionFromToken(raw: string): Session | string {
  const token = raw.trim().replace(/^Bearer\s+/i, '');
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) {
    return 'This does not look like a token: a token is three parts separated by dots, like eyJ...abc.eyJ...def.xyz';
  }
  const c = jwtClaims(token);
  if (!c) return 'This token cannot be read; copy it again in full';
  const names = claimNames();
  const role = claim(c, names.role);
  const organization = claim(c, names.organization);
  if (!isRole(role)) return `This token has no role this app knows (${ROLES.join(', ')})`;
  const expiresAt = typeof c.exp === 'number' ? new Date(c.exp * 1000) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) return 'This token has expired; sign in again';
  return {
    token,
    role,
    organizationId: typeof organization === 'string' ? organization : '',
    userId: typeof c.sub === 'string' ? c.sub : '',
    expiresAt,
  };
}

export function currentSession(): Session | null {
  const token = sessionStorage.getItem(KEY);
  if (!token) return null;
  const session = sessionFromToken(token);
  if (typeof session === 'string') {
    sessionStorage.removeItem(KEY);
    return null;
  }
  return session;
}

export function saveSession(session: Session): void {
  forgetWritten();
  sessionStorage.setItem(KEY, session.token);
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
  forgetWritten();
}
