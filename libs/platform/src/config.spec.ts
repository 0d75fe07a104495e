import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to the embedded store on port 3000 with data under ./data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ EVENT_STORE: 'pglite', PORT: 3000, DATA_DIR: './data' });
    expect(config.workerInProcess).toBe(true);
  });

  it('names the bad variable and the rule, without echoing its value', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', EVENT_STORE: 'postgres', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT must be an integer between 1 and 65535');
      expect(message).toContain('DATABASE_URL must be a postgres:// connection URL (required when EVENT_STORE=postgres');
      expect(message).toContain('LOG_LEVEL must be one of');
      expect(message).not.toContain('eighty');
    }
  });

  it('never prints a connection string that may hold a password', () => {
    expect(() => loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: 'mysql://u:s3cret@h/db' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: 'mysql://u:s3cret@h/db' })).not.toThrow(/s3cret/);
  });

  it('accepts PostgreSQL settings and runs projections separately unless asked', () => {
    const config = loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', PORT: '8080' });
    expect(config.PORT).toBe(8080);
    expect(config.workerInProcess).toBe(false);
    expect(loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://h/db', WORKER_IN_PROCESS: 'true' }).workerInProcess).toBe(true);
  });
});

describe('loadConfig for production and other stores', () => {
  it('refuses the embedded signing key in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://h/db' })).toThrow(/AUTH_MODE=local .* refused when NODE_ENV=production/);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        EVENT_STORE: 'postgres',
        DATABASE_URL: 'postgres://h/db',
        AUTH_MODE: 'oidc',
        OIDC_ISSUER: 'https://id.example.org',
        OIDC_AUDIENCE: 'survivor-fund',
        NARRATIVE_KEK_FILE: '/run/secrets/narrative-kek',
      }),
    ).not.toThrow();
  });

  it('needs the issuer and audience for OIDC, and a KurrentDB URL plus a read-model database for KurrentDB', () => {
    expect(() => loadConfig({ AUTH_MODE: 'oidc' })).toThrow(/OIDC_ISSUER[\s\S]*|OIDC_AUDIENCE/);
    expect(() => loadConfig({ EVENT_STORE: 'kurrentdb' })).toThrow(/KURRENTDB_URL/);
    expect(loadConfig({ EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://localhost:2113?tls=false', DATABASE_URL: 'postgres://h/db' }).workerInProcess).toBe(false);
  });
});

describe('loadConfig: the narrative key-encryption key', () => {
  const PROD = { NODE_ENV: 'production', EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://h/db', AUTH_MODE: 'oidc', OIDC_ISSUER: 'https://id.example.org', OIDC_AUDIENCE: 'survivor-fund' };
  const KEY = 'q4mX0Yb1Vt8kVh0bO2sS7yL9lq3cZp5aXw1fR6uJt0E=';

  it('is required in production, by name, like the local signing key is refused there', () => {
    expect(() => loadConfig(PROD)).toThrow(/NARRATIVE_KEK \(or NARRATIVE_KEK_FILE\) is required when NODE_ENV=production/);
    expect(loadConfig({ ...PROD, NARRATIVE_KEK: `kek-1:${KEY}` }).NARRATIVE_KEK).toBe(`kek-1:${KEY}`);
    expect(loadConfig({ ...PROD, NARRATIVE_KEK_FILE: '/run/secrets/narrative-kek' }).NARRATIVE_KEK_FILE).toBe('/run/secrets/narrative-kek');
    // Elsewhere the vault generates one into DATA_DIR/keys.
    expect(loadConfig({}).NARRATIVE_KEK).toBeUndefined();
  });

  it('checks the keyring without ever printing it', () => {
    for (const bad of [KEY, `kek-1:${KEY.slice(0, 40)}`, `kek 1:${KEY}`, `kek-1:${KEY}x`]) {
      const attempt = () => loadConfig({ NARRATIVE_KEK: bad });
      expect(attempt).toThrow(/NARRATIVE_KEK must list one or more <id>:<base64 of 32 random bytes> entries/);
      expect(attempt).not.toThrow(KEY.slice(0, 40));
    }
    expect(() => loadConfig({ NARRATIVE_KEK: `k1:${KEY}`, NARRATIVE_KEK_FILE: '/x' })).toThrow(/NARRATIVE_KEK or NARRATIVE_KEK_FILE, not both/);
  });

  it('needs NARRATIVE_KEK_ID to pick the current key when several are listed (rotation)', () => {
    const two = `k1:${KEY},k2:${KEY.replace('q', 'r')}`;
    expect(() => loadConfig({ NARRATIVE_KEK: two })).toThrow(/NARRATIVE_KEK_ID must name the key that wraps new data keys when NARRATIVE_KEK lists more than one \(ids: k1, k2\)/);
    expect(() => loadConfig({ NARRATIVE_KEK: two, NARRATIVE_KEK_ID: 'k3' })).toThrow(/NARRATIVE_KEK_ID names a key that NARRATIVE_KEK does not list/);
    expect(() => loadConfig({ NARRATIVE_KEK: `k1:${KEY},k1:${KEY}`, NARRATIVE_KEK_ID: 'k1' })).toThrow(/lists the same key id twice/);
    expect(() => loadConfig({ NARRATIVE_KEK_ID: 'bad id!' })).toThrow(/NARRATIVE_KEK_ID must be a key id/);
    expect(loadConfig({ NARRATIVE_KEK: `${two.replace(',', '\n')}\n`, NARRATIVE_KEK_ID: 'k2' }).NARRATIVE_KEK_ID).toBe('k2');
  });
});
