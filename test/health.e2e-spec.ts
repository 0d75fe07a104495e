import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { loadOrCreateLocalSigningKey, mintLocalToken } from '@fund/auth';
import { loadConfig } from '@fund/platform';
import { createApp } from '../apps/api/src/create-app';

describe('api on the embedded store (black box)', () => {
  let app: INestApplication;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sf-e2e-'));
    app = await createApp(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('GET /health says the store is reachable and lists projection lag', async () => {
    const res = await request(app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', store: { kind: 'pglite', reachable: true } });
    expect(Array.isArray(res.body.projections)).toBe(true);
    expect(res.body.kafka).toMatchObject({ enabled: false, reason: expect.stringContaining('KAFKA_BROKERS') });
    expect(res.headers['x-request-id']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('sends security headers and no CORS headers unless configured', async () => {
    const res = await request(app.getHttpServer()).get('/health').set('Origin', 'https://elsewhere.example').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('keeps idle connections longer than clients and proxies do, so they close first (no ECONNRESET on reuse)', async () => {
    const server = app.getHttpServer() as import('node:http').Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as import('node:net').AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      expect(res.headers.get('keep-alive')).toBe('timeout=65');
      expect(server.keepAliveTimeout).toBeGreaterThan(60_000);
      expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
    } finally {
      server.closeAllConnections();
    }
  });

  it('GET /ready checks the store, its migrations and projection lag', async () => {
    const res = await request(app.getHttpServer()).get('/ready').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { store: { status: 'up' }, migrations: { status: 'up', pending: 0 }, projections: { status: 'up' } } });
  });

  it('GET /metrics exposes request latency, command outcomes, projection lag and append latency, by route template', async () => {
    await request(app.getHttpServer()).post('/organizations').send({}).expect(401);
    const res = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const text = res.text;
    expect(text).toContain('http_request_duration_seconds_bucket');
    expect(text).toMatch(/commands_total\{route="[^"]*",outcome="refused"\} 1/);
    expect(text).toContain('projection_lag_events{projection="audit-ledger"}');
    expect(text).toContain('event_store_append_duration_seconds');
  });

  it('GET /metrics splits a command\'s time into phases (auth, idempotency, loads, decide, append, rest, response) by route template', async () => {
    const token = await mintLocalToken(loadOrCreateLocalSigningKey(dataDir), { userId: 'coord-1', role: 'coordinator', organizationId: 'coalition' }, 600);
    await request(app.getHttpServer())
      .post('/funds')
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', 'metrics-phases-1')
      .send({ fundId: 'metrics-fund', name: 'Metrics fund', restricted: false })
      .expect(201);
    const text = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
    for (const phase of ['auth', 'idempotency', 'load', 'decide', 'append', 'handler_rest', 'response', 'total']) {
      expect(text).toMatch(new RegExp(`command_phase_duration_seconds_count\\{route="/funds",phase="${phase}"\\} 1\\b`));
    }
    expect(text).toMatch(/command_stream_loads_sum\{route="\/funds"\} [1-9]/);
    expect(text).toMatch(/validation_duration_seconds_count\{dto="\w+"\} [1-9]/);
  });
});

describe('start-up configuration', () => {
  it('stops with a message naming the bad variable', async () => {
    const main = join(__dirname, '..', 'apps', 'api', 'src', 'main.ts');
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['-r', '@swc-node/register', main],
        { env: { ...process.env, PORT: 'not-a-port', EVENT_STORE: 'postgres' }, timeout: 30_000 },
        (error, _stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PORT must be an integer between 1 and 65535');
    expect(result.stderr).toContain('DATABASE_URL must be a postgres:// connection URL');
  });
});
