import { ROLES, type Role } from './types.js';

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
  let claims: unknown;
  try {
    claims = JSON.parse(base64UrlDecode(parts[1]!));
  } catch {
    return 'This token cannot be read; copy it again in full';
  }
  if (typeof claims !== 'object' || claims === null) return 'This token cannot be read; copy it again in full';
  const c = claims as Record<string, unknown>;
  if (!isRole(c.role)) return `This token has no role this app knows (${ROLES.join(', ')})`;
  const expiresAt = typeof c.exp === 'number' ? new Date(c.exp * 1000) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) return 'This token has expired; mint a new one';
  return {
    token,
    role: c.role,
    organizationId: typeof c.org === 'string' ? c.org : '',
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
  sessionStorage.setItem(KEY, session.token);
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}
