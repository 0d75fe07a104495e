import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/**
 * A tiny OpenID Connect issuer for the browser test: discovery, a JWKS, an authorization
 * endpoint that signs in whoever the test says (no login page) and redirects back with a code,
 * a token endpoint that checks the PKCE verifier against the S256 challenge, and RP-initiated
 * logout. Tokens are ES256 JWTs the api verifies against the JWKS, as it would a real one.
 */

export interface IssuedUser {
  readonly sub: string;
  readonly role: string;
  readonly organization: string;
}

export interface IssuerOptions {
  readonly clientId: string;
  readonly audience: string;
  readonly roleClaim: string;
  readonly organizationClaim: string;
}

interface Grant {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly nonce: string;
  readonly user: IssuedUser;
  readonly expiresAt: number;
  used: boolean;
}

export interface TestIssuer {
  readonly url: string;
  /** The one redirect URI registered for the client (set once the app listens). */
  redirectUri: string;
  postLogoutRedirectUri: string;
  /** Who signs in at the next authorization request; null: the user cancels (access_denied). */
  nextUser: IssuedUser | null;
  /** Misbehaviour on purpose, to see the app refuse it. */
  tamper: { state?: string; nonce?: string };
  /** What the endpoints received, for the test's assertions. */
  readonly authorizations: URLSearchParams[];
  readonly exchanges: { readonly status: number; readonly error?: string }[];
  readonly logouts: URLSearchParams[];
  close(): Promise<void>;
}

const base64Url = (bytes: Buffer): string => bytes.toString('base64url');

export async function startTestIssuer(options: IssuerOptions): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = base64Url(randomBytes(8));
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] };
  const grants = new Map<string, Grant>();

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store', ...headers });
    res.end(JSON.stringify(body));
  };
  const redirect = (res: ServerResponse, location: string): void => {
    res.writeHead(302, { Location: location, 'Cache-Control': 'no-store' });
    res.end();
  };
  const readForm = (req: IncomingMessage): Promise<URLSearchParams> =>
    new Promise((resolve, reject) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (text += chunk));
      req.on('end', () => resolve(new URLSearchParams(text)));
      req.on('error', reject);
    });

  const sign = (claims: Record<string, unknown>, subject: string, audience: string): Promise<string> =>
    new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid }).setIssuer(issuer.url).setAudience(audience).setSubject(subject).setIssuedAt().setExpirationTime('10m').sign(privateKey);

  const authorize = (res: ServerResponse, q: URLSearchParams): void => {
    issuer.authorizations.push(q);
    // Never redirect to an unregistered URI: that is how codes leak.
    if (q.get('client_id') !== options.clientId || q.get('redirect_uri') !== issuer.redirectUri) {
      send(res, 400, { error: 'invalid_request', error_description: 'unknown client or redirect_uri' });
      return;
    }
    const back = new URL(issuer.redirectUri);
    const state = q.get('state') ?? '';
    const challenge = q.get('code_challenge') ?? '';
    if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge) || !q.get('nonce') || !state) {
      back.searchParams.set('error', 'invalid_request');
      back.searchParams.set('state', state);
      redirect(res, back.toString());
      return;
    }
    if (!issuer.nextUser) {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('state', state);
      redirect(res, back.toString());
      return;
    }
    const code = base64Url(randomBytes(24));
    grants.set(code, { clientId: options.clientId, redirectUri: issuer.redirectUri, challenge, nonce: q.get('nonce') ?? '', user: issuer.nextUser, expiresAt: Date.now() + 60_000, used: false });
    back.searchParams.set('code', code);
    back.searchParams.set('state', issuer.tamper.state ?? state);
    back.searchParams.set('iss', issuer.url);
    redirect(res, back.toString());
  };

  const token = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const form = await readForm(req);
    const refuse = (error: string): void => {
      issuer.exchanges.push({ status: 400, error });
      send(res, 400, { error });
    };
    const grant = grants.get(form.get('code') ?? '');
    if (form.get('grant_type') !== 'authorization_code') return refuse('unsupported_grant_type');
    if (!grant || grant.used || grant.expiresAt < Date.now()) return refuse('invalid_grant');
    // A code is spent by its first use, right or wrong.
    grant.used = true;
    if (form.get('client_id') !== grant.clientId || form.get('redirect_uri') !== grant.redirectUri) return refuse('invalid_grant');
    const verifier = form.get('code_verifier') ?? '';
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || base64Url(createHash('sha256').update(verifier).digest()) !== grant.challenge) return refuse('invalid_grant');
    const { user } = grant;
    const accessToken = await sign({ [options.roleClaim]: user.role, [options.organizationClaim]: user.organization }, user.sub, options.audience);
    const idToken = await sign({ nonce: issuer.tamper.nonce ?? grant.nonce }, user.sub, grant.clientId);
    issuer.exchanges.push({ status: 200 });
    send(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: 600, id_token: idToken, scope: 'openid' });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer.url);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Allow-Headers': 'Content-Type' });
      res.end();
    } else if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      send(res, 200, {
        issuer: issuer.url,
        authorization_endpoint: `${issuer.url}/authorize`,
        token_endpoint: `${issuer.url}/token`,
        jwks_uri: `${issuer.url}/.well-known/jwks.json`,
        end_session_endpoint: `${issuer.url}/logout`,
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code'],
        code_challenge_methods_supported: ['S256'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['ES256'],
        token_endpoint_auth_methods_supported: ['none'],
        authorization_response_iss_parameter_supported: true,
      });
    } else if (req.method === 'GET' && url.pathname === '/.well-known/jwks.json') {
      send(res, 200, jwks);
    } else if (req.method === 'GET' && url.pathname === '/authorize') {
      authorize(res, url.searchParams);
    } else if (req.method === 'POST' && url.pathname === '/token') {
      token(req, res).catch(() => send(res, 500, { error: 'server_error' }));
    } else if (req.method === 'GET' && url.pathname === '/logout') {
      issuer.logouts.push(url.searchParams);
      const back = url.searchParams.get('post_logout_redirect_uri');
      if (url.searchParams.get('client_id') === options.clientId && back === issuer.postLogoutRedirectUri) redirect(res, back);
      else send(res, 400, { error: 'invalid_request' });
    } else {
      send(res, 404, { error: 'not_found' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  const issuer: TestIssuer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    redirectUri: '',
    postLogoutRedirectUri: '',
    nextUser: null,
    tamper: {},
    authorizations: [],
    exchanges: [],
    logouts: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The browser keeps connections open; they would hold close() forever.
        server.closeAllConnections();
      }),
  };
  return issuer;
}
