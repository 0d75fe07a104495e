import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { Actor, EventStore, RecordedEvent, SqlDatabase } from '@fund/event-sourcing';
import { waitUntilReadable } from '@fund/event-sourcing/testing';
import { AuthModule, loadOrCreateLocalSigningKey, mintLocalToken } from '@fund/auth';
import { loadConfig } from '../config';
import { EventStoreModule } from '../event-store.module';
import { LoggingModule } from '../logging.module';
import { HttpEdgeModule } from '../http/http.module';
import { configureHttp } from '../http/configure-http';
import { EVENT_STORE, READ_DATABASE } from '../tokens';

export interface TestApi {
  readonly app: INestApplication;
  readonly store: EventStore;
  /** supertest agent on the running app. */
  http(): ReturnType<typeof request>;
  /** A bearer token for this actor, signed with the test's local key. */
  token(actor: Partial<Actor> & Pick<Actor, 'role'>, claims?: { readonly email?: string }): Promise<string>;
  /** Every event in the store, in global order (to assert "nothing was written"). */
  allEvents(): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

/**
 * A real api (embedded store in a temp folder, real auth, real validation and error mapping)
 * with only the feature modules under test. No mocks of our own store.
 */
export async function createTestApi(
  features: readonly (Type<unknown> | DynamicModule)[],
  options: {
    /** Run on this PostgreSQL database instead of the embedded store. */
    readonly databaseUrl?: string;
    /** Extra configuration, as environment variables. */
    readonly env?: Readonly<Record<string, string>>;
  } = {},
): Promise<TestApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sf-test-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_WRITES_PER_MINUTE: '100000',
    RATE_LIMIT_WRITES_PER_MINUTE_PER_IP: '100000',
    ...(options.env ?? {}),
    ...(options.databaseUrl ? { EVENT_STORE: 'postgres', DATABASE_URL: options.databaseUrl, PG_POOL_SIZE: '20' } : {}),
  });

  @Module({
    imports: [
      LoggingModule.forRoot(config),
      EventStoreModule.forRoot(config),
      AuthModule.forRoot({ dataDir }),
      HttpEdgeModule.forRoot(config),
      CqrsModule.forRoot(),
      ...features,
    ],
  })
  class TestRootModule {}

  const moduleRef = await Test.createTestingModule({ imports: [TestRootModule] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  configureHttp(app, config);
  // Listening once: given a server that is not listening, supertest listens on a new port and
  // closes it around every request (about three times the cost of the request itself here).
  await app.listen(0, '127.0.0.1');
  const key = loadOrCreateLocalSigningKey(dataDir);
  const store = app.get<EventStore>(EVENT_STORE);
  return {
    app,
    store,
    http: () => request(app.getHttpServer()),
    token: (actor, claims = {}) =>
      mintLocalToken(
        key,
        {
          userId: actor.userId ?? `${actor.role}-1`,
          organizationId: actor.organizationId ?? (actor.role === 'provider' || actor.role === 'council' ? 'org-a' : 'coalition'),
          role: actor.role,
        },
        undefined,
        claims,
      ),
    allEvents: async () => {
      // The store's readers only see what no older running transaction could still precede
      // (ADR 0002); on a shared PostgreSQL cluster that can lag a moment, so wait for the newest
      // committed event to be readable first.
      const db = app.get<SqlDatabase>(READ_DATABASE);
      const { rows } = await db.query<{ commit: string; prepare: string }>(
        'SELECT transaction_id::text AS commit, global_position AS prepare FROM es_events ORDER BY transaction_id DESC, global_position DESC LIMIT 1',
      );
      if (rows[0]) await waitUntilReadable(store, { commit: Number(rows[0].commit), prepare: Number(rows[0].prepare) });
      const out: RecordedEvent[] = [];
      for (;;) {
        const page = await store.readAll({ after: out.at(-1)?.position, limit: 1000 });
        if (page.length === 0) return out;
        out.push(...page);
      }
    },
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
