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
      loadConfig({ NODE_ENV: 'production', EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://h/db', AUTH_MODE: 'oidc', OIDC_ISSUER: 'https://id.example.org', OIDC_AUDIENCE: 'survivor-fund' }),
    ).not.toThrow();
  });

  it('needs the issuer and audience for OIDC, and a KurrentDB URL plus a read-model database for KurrentDB', () => {
    expect(() => loadConfig({ AUTH_MODE: 'oidc' })).toThrow(/OIDC_ISSUER[\s\S]*|OIDC_AUDIENCE/);
    expect(() => loadConfig({ EVENT_STORE: 'kurrentdb' })).toThrow(/KURRENTDB_URL/);
    expect(loadConfig({ EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://localhost:2113?tls=false', DATABASE_URL: 'postgres://h/db' }).workerInProcess).toBe(false);
  });
});
