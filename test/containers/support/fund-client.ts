import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { WrittenPositions } from '../../support/consistency';
import { images, type PodmanResources } from './podman';

/**
 * The identity provider of the production shape, as small as it can be: a container (on the
 * suite's network, alias `issuer`) that serves a JWKS; the suite signs tokens with the private
 * key. The images run as in production: NODE_ENV=production, AUTH_MODE=oidc.
 */
export interface Issuer {
  /** Environment for the api and worker containers. */
  readonly env: Record<string, string>;
  token(userId: string, role: string, organization: string): Promise<string>;
}

const AUDIENCE = 'survivor-fund-api';

export async function startIssuer(resources: PodmanResources, network: string, name: string): Promise<Issuer> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const kid = randomBytes(4).toString('hex');
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] });
  const node = images().node ?? images().api;
  const serve = `require('http').createServer((q,s)=>{s.setHeader('content-type','application/json');s.end(process.env.JWKS)}).listen(8080,()=>console.log('issuer listening'))`;
  await resources.run(name, ['--network', network, '--network-alias', 'issuer', '--read-only', '-e', `JWKS=${jwks}`, '--entrypoint', 'node', node, '-e', serve]);
  const issuer = 'http://issuer:8080';
  const sign = (key: KeyLike, userId: string, role: string, organization: string) =>
    new SignJWT({ survivor_fund_role: role, survivor_fund_org: organization })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuer(issuer)
      .setAudience(AUDIENCE)
      .setSubject(userId)
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(key);
  return {
    env: { AUTH_MODE: 'oidc', OIDC_ISSUER: issuer, OIDC_AUDIENCE: AUDIENCE, OIDC_JWKS_URL: `${issuer}/jwks.json`, OIDC_ALGORITHMS: 'ES256' },
    token: (userId, role, organization) => sign(privateKey, userId, role, organization),
  };
}

/** A narrative keyring of one key, as NARRATIVE_KEK expects it. */
export function narrativeKeyring(): string {
  return `kek-1:${randomBytes(32).toString('base64')}`;
}

export interface Reply {
  readonly status: number;
  readonly json: Record<string, unknown>;
}

/** HTTP against a published port, with read-your-writes (X-Min-Position) after every write. */
export class FundClient {
  readonly positions = new WrittenPositions();
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly base: string,
    private readonly issuer: Issuer,
  ) {}

  async as(who: string, role: string, organization: string): Promise<void> {
    this.tokens.set(who, await this.issuer.token(who, role, organization));
  }

  async post(path: string, who: string, body?: object): Promise<Reply> {
    return this.send('POST', path, who, body);
  }

  async get(path: string, who: string): Promise<Reply> {
    return this.send('GET', path, who);
  }

  private async send(method: string, path: string, who: string, body?: object): Promise<Reply> {
    try {
      const res = await fetch(`${this.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.tokens.get(who) ?? ''}`, 'content-type': 'application/json', ...this.positions.header() },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
      this.positions.note(res.headers);
      return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, unknown> };
    } catch {
      return { status: 0, json: {} }; // the container is down or restarting: callers retry or count it
    }
  }
}

/** The users of these suites and a fund with money, a protocol in force and one agency. */
export async function seedFund(client: FundClient): Promise<void> {
  await client.as('coord', 'coordinator', 'coalition');
  await client.as('adv', 'provider', 'org-a');
  await client.as('member', 'council', 'org-b');
  const steps: [string, object][] = [
    ['/protocols/bootstrap', { version: '2026-1', title: 'P', rules: { ...DEMO_PROTOCOL_RULES, capPerSurvivorPer12MonthsCents: 10_000_000 } }],
    ['/funds', { fundId: 'general', name: 'G', restricted: false }],
    ['/donations/monetary', { fundId: 'general', amountCents: 50_000_000, restricted: false, donorKind: 'grant', receivedOn: '2026-10-01' }],
    ['/organizations', { organizationId: 'org-a', providerType: 'other', county: 'york' }],
  ];
  for (const [path, body] of steps) {
    const reply = await client.post(path, 'coord', body);
    if (reply.status !== 201) throw new Error(`POST ${path}: ${reply.status} ${JSON.stringify(reply.json)}`);
  }
}

/** One request submitted by the agency's advocate; its id, or null when the service refused or was down. */
export async function submitRequest(client: FundClient, amountCents = 2_000): Promise<string | null> {
  const ref = await client.post('/survivor-references', 'adv');
  if (ref.status !== 201) return null;
  const sub = await client.post('/fund-requests', 'adv', {
    survivorReference: ref.json.reference,
    category: 'groceries',
    amountCents,
    paymentMethod: 'vendor_payment',
    urgency: 'standard',
    neededBy: '2099-01-01',
  });
  return sub.status === 201 ? String(sub.json.requestId) : null;
}
