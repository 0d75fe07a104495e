import { jwtClaims } from './session.js';
import { webAuth, type OidcAuth } from './web-config.js';

/**
 * Single sign-on: the OIDC authorization code flow with PKCE (RFC 7636, S256), as a public
 * client (no secret in a browser). The verifier, state and nonce live in this tab's
 * sessionStorage for the round trip only and are removed when it comes back, whatever happens;
 * the access token then lives there like a pasted one, never in localStorage or a cookie.
 */

interface Discovery {
  readonly issuer: string;
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
  readonly end_session_endpoint?: string;
  readonly code_challenge_methods_supported?: readonly string[];
}

interface Pending {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly next: string | null;
  readonly startedAt: number;
}

/** Something that stopped a sign-in, said so a person knows what to do next. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
}

const PENDING = 'survivor-fund.oidc-pending';
/** A round trip through the identity provider longer than this is started again. */
const MAX_ROUND_TRIP_MS = 10 * 60_000;
export const CALLBACK_PATH = '/app/callback';

function settings(): OidcAuth {
  const auth = webAuth();
  if (auth.mode !== 'oidc') throw new SignInError('Single sign-on is not set up on this installation.');
  return auth;
}

function base64Url(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `bytes` random bytes, base64url: 32 make a 43-character PKCE verifier (RFC 7636 4.1). */
function randomText(bytes: number): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The S256 code challenge of a verifier: base64url(SHA-256(verifier)). */
export async function codeChallenge(verifier: string): Promise<string> {
  return base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

const redirectUri = (): string => `${location.origin}${CALLBACK_PATH}`;

let discovery: Promise<Discovery> | null = null;

async function fetchDiscovery(issuer: string): Promise<Discovery> {
  let response: Response;
  try {
    response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { credentials: 'omit', cache: 'no-store', headers: { Accept: 'application/json' } });
  } catch {
    throw new SignInError(`The identity provider (${issuer}) could not be reached. Check the connection and try again.`);
  }
  if (!response.ok) throw new SignInError(`The identity provider answered ${response.status} when asked how to sign in. Try again later.`);
  const doc = (await response.json().catch(() => ({}))) as Partial<Discovery>;
  // OIDC Discovery 4.3: the document must name exactly the issuer it was fetched for.
  if (doc.issuer !== issuer) throw new SignInError('The identity provider describes itself as another issuer; sign-in was stopped.');
  if (typeof doc.authorization_endpoint !== 'string' || typeof doc.token_endpoint !== 'string') {
    throw new SignInError('The identity provider does not say where to sign in; sign-in was stopped.');
  }
  if (Array.isArray(doc.code_challenge_methods_supported) && !doc.code_challenge_methods_supported.includes('S256')) {
    throw new SignInError('The identity provider does not support PKCE with S256; sign-in was stopped.');
  }
  return doc as Discovery;
}

function discover(): Promise<Discovery> {
  if (!discovery) {
    discovery = fetchDiscovery(settings().issuer);
    // A failure is not remembered: the next attempt asks again.
    discovery.catch(() => (discovery = null));
  }
  return discovery;
}

/** Only a page of this app, never the sign-in round trip itself. */
export function safeNext(next: string | null | undefined): string | null {
  return next && next.startsWith('/app/') && !next.startsWith('/app/sign-in') && !next.startsWith(CALLBACK_PATH) ? next : null;
}

/** Leaves for the identity provider's sign-in page; comes back to /app/callback. */
export async function startSignIn(next: string | null): Promise<void> {
  const auth = settings();
  const { authorization_endpoint } = await discover();
  const pending: Pending = { state: randomText(16), nonce: randomText(16), verifier: randomText(32), next: safeNext(next), startedAt: Date.now() };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(authorization_endpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: redirectUri(),
    scope: auth.scope,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await codeChallenge(pending.verifier),
    code_challenge_method: 'S256',
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  location.assign(url.toString());
}

/** The round trip's secrets, once: removed before anything else so a replayed answer finds nothing. */
function takePending(): Pending | null {
  const raw = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  if (!raw) return null;
  try {
    const p = JSON.parse(raw) as Partial<Pending>;
    return typeof p.state === 'string' && typeof p.nonce === 'string' && typeof p.verifier === 'string' && typeof p.startedAt === 'number'
      ? { state: p.state, nonce: p.nonce, verifier: p.verifier, next: typeof p.next === 'string' ? p.next : null, startedAt: p.startedAt }
      : null;
  } catch {
    return null;
  }
}

/**
 * The ID token came straight from the token endpoint (OIDC Core 3.1.3.7, point 6: the client
 * may rely on that connection instead of checking the signature; the api checks the access
 * token's signature on every call). What only this tab can check is checked here: the issuer,
 * that it was issued to this app, that it is current, and that it answers this sign-in (nonce).
 */
function checkIdToken(idToken: unknown, auth: OidcAuth, nonce: string): void {
  const claims = typeof idToken === 'string' ? jwtClaims(idToken) : null;
  if (!claims) throw new SignInError('The identity provider sent no readable ID token; sign-in was stopped.');
  if (claims.iss !== auth.issuer) throw new SignInError('The ID token comes from another issuer; sign-in was stopped.');
  const audience = claims.aud;
  if (!(audience === auth.clientId || (Array.isArray(audience) && audience.includes(auth.clientId)))) {
    throw new SignInError('The ID token was issued to another application; sign-in was stopped.');
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) throw new SignInError('The ID token has expired; start again.');
  if (claims.nonce !== nonce) throw new SignInError('The ID token does not answer the sign-in started here (nonce); it was refused. Start again.');
}

/** Back from the identity provider: checks the answer, swaps the code for tokens, returns the access token. */
export async function completeSignIn(params: URLSearchParams): Promise<{ readonly accessToken: string; readonly next: string | null }> {
  const auth = settings();
  const pending = takePending();
  const error = params.get('error');
  if (error) {
    const description = params.get('error_description');
    throw new SignInError(`The identity provider did not sign you in (${error}${description ? `: ${description}` : ''}).`);
  }
  if (!pending) throw new SignInError('This sign-in was not started in this browser tab, or its answer was already used. Start again.');
  if (params.get('state') !== pending.state) throw new SignInError('The answer does not match the sign-in started in this tab (state); it was refused. Start again.');
  if (Date.now() - pending.startedAt > MAX_ROUND_TRIP_MS) throw new SignInError('The sign-in took too long; start again.');
  // RFC 9207: an issuer that names itself must be ours (a mix-up with another provider otherwise).
  const iss = params.get('iss');
  if (iss !== null && iss !== auth.issuer) throw new SignInError('The answer comes from another identity provider; it was refused. Start again.');
  const code = params.get('code');
  if (!code) throw new SignInError('The identity provider sent no sign-in code; start again.');

  const { token_endpoint } = await discover();
  let response: Response;
  try {
    response = await fetch(token_endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri(), client_id: auth.clientId, code_verifier: pending.verifier }),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new SignInError('The identity provider could not be reached to finish signing in. Start again.');
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const reason = typeof body.error === 'string' ? body.error : String(response.status);
    throw new SignInError(`The identity provider refused the sign-in code (${reason}). Start again.`);
  }
  if (typeof body.access_token !== 'string' || (typeof body.token_type === 'string' && body.token_type.toLowerCase() !== 'bearer')) {
    throw new SignInError('The identity provider sent no usable access token; sign-in was stopped.');
  }
  checkIdToken(body.id_token, auth, pending.nonce);
  return { accessToken: body.access_token, next: pending.next };
}

/**
 * Ends the session at the identity provider too (RP-initiated logout) when it offers that;
 * false when there is nothing to leave for (local tokens, or no end_session_endpoint).
 */
export async function endSessionAtIssuer(): Promise<boolean> {
  const auth = webAuth();
  if (auth.mode !== 'oidc') return false;
  try {
    const { end_session_endpoint } = await discover();
    if (!end_session_endpoint) return false;
    const url = new URL(end_session_endpoint);
    url.searchParams.set('client_id', auth.clientId);
    url.searchParams.set('post_logout_redirect_uri', `${location.origin}/app/sign-in`);
    location.assign(url.toString());
    return true;
  } catch {
    return false;
  }
}
