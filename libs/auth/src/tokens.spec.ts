import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import { OidcTokenVerifier } from './oidc';
import { AUDIENCE, LOCAL_ISSUER, LocalTokenVerifier, mintLocalToken } from './tokens';

const actor = { userId: 'adv-1', role: 'provider', organizationId: 'org-a' } as const;
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

async function expectRefused(verify: Promise<unknown>, code = 'AUTH.INVALID_TOKEN'): Promise<void> {
  await expect(verify).rejects.toMatchObject({ code, kind: 'unauthenticated' });
}

describe('local tokens (embedded default)', () => {
  const key = new Uint8Array(32).fill(7);
  const verifier = new LocalTokenVerifier(key);

  it('accepts a token it minted and reads the actor from it', async () => {
    await expect(verifier.verify(await mintLocalToken(key, actor))).resolves.toEqual(actor);
  });

  it('reads the email claim beside the actor, never into it (the actor goes into event metadata)', async () => {
    const identity = await verifier.verifyIdentity(await mintLocalToken(key, actor, 3600, { email: 'adv.one@agency.example' }));
    expect(identity.actor).toEqual(actor);
    expect(identity.email).toBe('adv.one@agency.example');
    expect(identity.issuedAt).toBeInstanceOf(Date);
    await expect(verifier.verify(await mintLocalToken(key, actor, 3600, { email: 'adv.one@agency.example' }))).resolves.toEqual(actor);
    await expect(mintLocalToken(key, actor, 3600, { email: 'not an address' })).rejects.toThrow('email');
  });

  it('refuses a token signed with another key (forged)', async () => {
    await expectRefused(verifier.verify(await mintLocalToken(new Uint8Array(32).fill(8), actor)));
  });

  it('refuses an expired token', async () => {
    const expired = await new SignJWT({ role: 'provider', org: 'org-a' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('adv-1')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now() - 7200)
      .setExpirationTime(now() - 3600)
      .sign(key);
    await expectRefused(verifier.verify(expired), 'AUTH.TOKEN_EXPIRED');
  });

  it('refuses the wrong audience or issuer', async () => {
    const base = () => new SignJWT({ role: 'provider', org: 'org-a' }).setProtectedHeader({ alg: 'HS256' }).setSubject('adv-1').setIssuedAt().setExpirationTime('1h');
    await expectRefused(verifier.verify(await base().setIssuer(LOCAL_ISSUER).setAudience('another-service').sign(key)));
    await expectRefused(verifier.verify(await base().setIssuer('someone-else').setAudience(AUDIENCE).sign(key)));
  });

  it('refuses alg none, however well formed', async () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'adv-1', role: 'coordinator', org: 'coalition', iss: LOCAL_ISSUER, aud: AUDIENCE, exp: now() + 3600 })}.`;
    await expectRefused(verifier.verify(unsigned));
  });

  it('refuses unknown roles and malformed identifiers', async () => {
    const sign = (claims: Record<string, unknown>, sub = 'adv-1') =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuer(LOCAL_ISSUER).setAudience(AUDIENCE).setIssuedAt().setExpirationTime('1h').sign(key);
    await expectRefused(verifier.verify(await sign({ role: 'system', org: 'coalition' })));
    await expectRefused(verifier.verify(await sign({ role: 'admin', org: 'coalition' })));
    await expectRefused(verifier.verify(await sign({ role: 'provider', org: 'org a; drop table' })));
  });
});

describe('OIDC tokens (production)', () => {
  let server: Server;
  let issuer: string;
  let privateKey: KeyLike;
  let verifier: OidcTokenVerifier;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    verifier = new OidcTokenVerifier({
      issuer,
      audience: 'survivor-fund',
      algorithms: ['RS256', 'ES256'],
      clockToleranceSeconds: 30,
      roleClaim: 'survivor_fund_role',
      organizationClaim: 'survivor_fund_org',
    });
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const token = (claims: Record<string, unknown> = {}, setup: (jwt: SignJWT) => SignJWT = (j) => j) =>
    setup(
      new SignJWT({ survivor_fund_role: 'council', survivor_fund_org: 'org-b', ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setSubject('member-7')
        .setIssuer(issuer)
        .setAudience('survivor-fund')
        .setIssuedAt()
        .setExpirationTime('10m'),
    ).sign(privateKey);

  it("accepts the issuer's token and maps role and organization claims", async () => {
    await expect(verifier.verify(await token())).resolves.toEqual({ userId: 'member-7', role: 'council', organizationId: 'org-b' });
    await expect(verifier.verify(await token({ survivor_fund_role: ['auditor'] }))).resolves.toMatchObject({ role: 'auditor' });
  });

  it('refuses the wrong audience, the wrong issuer, expired tokens and unknown roles', async () => {
    await expectRefused(verifier.verify(await token({}, (j) => j.setAudience('other'))));
    await expectRefused(verifier.verify(await token({}, (j) => j.setIssuer('http://evil.invalid'))));
    await expectRefused(verifier.verify(await token({}, (j) => j.setIssuedAt(now() - 7200).setExpirationTime(now() - 3600))), 'AUTH.TOKEN_EXPIRED');
    await expectRefused(verifier.verify(await token({ survivor_fund_role: 'superuser' })));
  });

  it('refuses alg none and a symmetric token (algorithm confusion)', async () => {
    const claims = { sub: 'member-7', survivor_fund_role: 'coordinator', survivor_fund_org: 'coalition', iss: issuer, aud: 'survivor-fund', iat: now(), exp: now() + 600 };
    await expectRefused(verifier.verify(`${b64({ alg: 'none' })}.${b64(claims)}.`));
    const hs = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(new TextEncoder().encode('a-guessable-shared-secret-value-32b'));
    await expectRefused(verifier.verify(hs));
  });

  it('refuses a token signed by a key the issuer does not publish', async () => {
    const other = await generateKeyPair('ES256');
    const forged = await new SignJWT({ survivor_fund_role: 'coordinator', survivor_fund_org: 'coalition' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setSubject('x')
      .setIssuer(issuer)
      .setAudience('survivor-fund')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(other.privateKey);
    await expectRefused(verifier.verify(forged));
  });
});
