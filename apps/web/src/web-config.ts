/**
 * How this installation signs people in, from the api's public GET /web-config.json: a pasted
 * local token (the embedded default), or OIDC (authorization code + PKCE) against the issuer
 * the api trusts. Read once, before the first screen is drawn.
 */
export interface OidcAuth {
  readonly mode: 'oidc';
  readonly issuer: string;
  readonly clientId: string;
  readonly scope: string;
  /** The claims the api reads the role and organization from (OIDC_ROLE_CLAIM, OIDC_ORGANIZATION_CLAIM). */
  readonly roleClaim: string;
  readonly organizationClaim: string;
}

export type WebAuth = { readonly mode: 'local' } | OidcAuth;

let auth: WebAuth = { mode: 'local' };

export function webAuth(): WebAuth {
  return auth;
}

function isOidc(value: Record<string, unknown>): value is Record<string, unknown> & OidcAuth {
  return (
    value.mode === 'oidc' &&
    ['issuer', 'clientId', 'scope', 'roleClaim', 'organizationClaim'].every((k) => typeof value[k] === 'string' && value[k] !== '')
  );
}

export async function loadWebConfig(): Promise<void> {
  try {
    const response = await fetch('/web-config.json', { cache: 'no-store', credentials: 'omit', headers: { Accept: 'application/json' } });
    if (!response.ok) return;
    const body = (await response.json()) as { auth?: unknown };
    const a = typeof body.auth === 'object' && body.auth !== null ? (body.auth as Record<string, unknown>) : {};
    if (isOidc(a)) auth = { mode: 'oidc', issuer: a.issuer, clientId: a.clientId, scope: a.scope, roleClaim: a.roleClaim, organizationClaim: a.organizationClaim };
  } catch {
    // Unreachable: the sign-in screen falls back to a pasted token, which the api still checks.
  }
}
