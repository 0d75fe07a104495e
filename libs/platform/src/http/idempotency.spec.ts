import 'reflect-metadata';
import { createHash } from 'node:crypto';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { defer, lastValueFrom } from 'rxjs';
import { openEventStore, PgliteDatabase, runUnitOfWork, type CommandContext, type Decider, type DomainEvent, type OpenedEventStore } from '@fund/event-sourcing';
import { beforeWriteOf, ClaimBesideReads, IdempotencyInterceptor } from './idempotency';

type Counted = DomainEvent<'Counted', { by: number }>;
const counter: Decider<{ total: number }, { by: number }, Counted> = {
  initialState: () => ({ total: 0 }),
  evolve: (s, e) => ({ total: s.total + e.data.by }),
  decide: (c) => [{ type: 'Counted', data: { by: c.by } }],
};
const actor = { userId: 'u1', role: 'coordinator', organizationId: 'coalition' } as const;

class Routes {
  @ClaimBesideReads()
  beside(): void {}
  first(): void {}
}

/** Just enough of express's response for the interceptor. */
function fakeResponse() {
  const headers = new Map<string, unknown>();
  return {
    statusCode: 201,
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    setHeader: (name: string, value: unknown) => void headers.set(name.toLowerCase(), value),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    getHeaderNames: () => [...headers.keys()],
    removeHeader: (name: string) => void headers.delete(name.toLowerCase()),
    headers,
  };
}

describe('IdempotencyInterceptor: the claim beside the reads (embedded databases)', () => {
  let idempotencyDb: PgliteDatabase;
  let opened: OpenedEventStore;
  let interceptor: IdempotencyInterceptor;
  /** When set, the claim's INSERT waits for it: the claim "in flight" for as long as a test wants. */
  let holdClaim: Promise<void> | undefined;
  let test = 0;
  const stream = () => `count-${test}`;
  const key = () => `key-${test}-0001`;

  beforeAll(async () => {
    idempotencyDb = await PgliteDatabase.open();
    const db = Object.assign(Object.create(idempotencyDb) as PgliteDatabase, {
      query: async (sql: string, values?: unknown[]) => {
        if (sql.startsWith('INSERT INTO http_idempotency') && holdClaim) await holdClaim;
        return idempotencyDb.query(sql, values);
      },
    });
    interceptor = new IdempotencyInterceptor(db, new Reflector());
    await interceptor.onModuleInit();
    opened = await openEventStore({ kind: 'pglite' });
  });
  beforeEach(() => {
    test++;
    holdClaim = undefined;
  });
  afterAll(async () => {
    await opened.store.close();
    await idempotencyDb.close();
  });

  const events = async () => (await opened.store.readStream(stream())).version;

  /**
   * One POST through the interceptor; the handler decides through a unit of work with the gate
   * `Ctx` would hand it, sets an ETag, and notes what it did.
   */
  function send(body: { by: number }, route: 'beside' | 'first' = 'beside', handler?: (context: CommandContext, res: ReturnType<typeof fakeResponse>) => Promise<unknown>) {
    const req = { method: 'POST', path: '/counts', body, headers: { 'idempotency-key': key() }, actor };
    const res = fakeResponse();
    const seen = { started: false, decided: false };
    const context = {
      switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
      getHandler: () => Routes.prototype[route],
      getClass: () => Routes,
    } as unknown as ExecutionContext;
    const next: CallHandler = {
      handle: () =>
        defer(async () => {
          seen.started = true;
          const commandContext: CommandContext = { actor, correlationId: 'c', now: new Date(), ...(beforeWriteOf(req) ? { beforeWrite: beforeWriteOf(req)! } : {}) };
          if (handler) return handler(commandContext, res);
          const { appended } = await runUnitOfWork(opened.store, commandContext, async (uow) => {
            await uow.decide(stream(), counter, body);
            seen.decided = true;
          });
          res.setHeader('ETag', `"${appended[0]?.version}"`);
          return { version: appended[0]?.version };
        }),
    };
    const answer = lastValueFrom(interceptor.intercept(context, next), { defaultValue: undefined });
    return { answer, res, seen };
  }

  it('decides while the claim is in flight, appends nothing before it succeeded, then appends and records the answer', async () => {
    let release!: () => void;
    holdClaim = new Promise((resolve) => (release = resolve));
    const { answer, seen } = send({ by: 2 });
    while (!seen.decided) await new Promise((resolve) => setTimeout(resolve, 5));
    // Decided, and waiting at the gate: nothing in the store yet.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await events()).toBe(0);
    release();
    await expect(answer).resolves.toEqual({ version: 1 });
    expect(await events()).toBe(1);
    const { rows } = await idempotencyDb.query<{ status: number; body: unknown; etag: string }>('SELECT status, body, etag FROM http_idempotency WHERE idempotency_key = $1', [key()]);
    expect(rows).toEqual([{ status: 201, body: { version: 1 }, etag: '"1"' }]);
  });

  it('given the key is held by a request still running, then IN_PROGRESS after deciding, nothing appended, and no header of the handler left on the answer', async () => {
    const fingerprint = createHash('sha256').update('POST /counts\n{"by":1}').digest('hex');
    await idempotencyDb.query(`INSERT INTO http_idempotency (user_id, idempotency_key, fingerprint) VALUES ('u1', $1, $2)`, [key(), fingerprint]);
    let decided = false;
    const { answer, res } = send({ by: 1 }, 'beside', async (context, response) => {
      response.setHeader('Location', '/counts/1');
      await runUnitOfWork(opened.store, context, async (uow) => {
        await uow.decide(stream(), counter, { by: 1 });
        decided = true;
      });
    });
    await expect(answer).rejects.toMatchObject({ code: 'IDEMPOTENCY.IN_PROGRESS' });
    expect(decided).toBe(true);
    expect(res.getHeaderNames()).toEqual([]);
    expect(await events()).toBe(0);
  });

  it('given the key was used for another body, then KEY_REUSED after deciding and nothing appended', async () => {
    await idempotencyDb.query(`INSERT INTO http_idempotency (user_id, idempotency_key, fingerprint, status, body) VALUES ('u1', $1, 'another body', 201, '{}')`, [key()]);
    const { answer, seen } = send({ by: 1 });
    await expect(answer).rejects.toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED' });
    expect(seen.decided).toBe(true);
    expect(await events()).toBe(0);
  });

  it('given the first answer was recorded, then a retry gets it again (status, ETag, body) and appends nothing; another body is KEY_REUSED', async () => {
    const first = send({ by: 3 });
    await expect(first.answer).resolves.toEqual({ version: 1 });
    const retry = send({ by: 3 });
    await expect(retry.answer).resolves.toEqual({ version: 1 });
    expect(retry.seen.started).toBe(true);
    expect(retry.res.getHeader('Idempotent-Replayed')).toBe('true');
    expect(retry.res.getHeader('ETag')).toBe('"1"');
    expect(retry.res.statusCode).toBe(201);
    expect(await events()).toBe(1);
    await expect(send({ by: 4 }).answer).rejects.toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED' });
    expect(await events()).toBe(1);
  });

  it('given the handler refuses before writing, then with the claim held the key is freed and the refusal answered; with the claim lost the claim answers', async () => {
    const refuse = async () => {
      throw Object.assign(new Error('refused'), { code: 'RULE.NO' });
    };
    await expect(send({ by: 1 }, 'beside', refuse).answer).rejects.toThrow('refused');
    expect((await idempotencyDb.query('SELECT 1 FROM http_idempotency WHERE idempotency_key = $1', [key()])).rows).toEqual([]);
    await expect(send({ by: 1 }).answer).resolves.toEqual({ version: 1 });
    // The key is now another body's: the claim's answer, not the handler's refusal.
    await expect(send({ by: 9 }, 'beside', refuse).answer).rejects.toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED' });
  });

  it('given a handler whose write is not a unit of work, then awaiting the gate keeps it from writing on a lost claim', async () => {
    await expect(send({ by: 1 }).answer).resolves.toEqual({ version: 1 });
    const written: string[] = [];
    const elsewhere = async (context: CommandContext) => {
      await context.beforeWrite?.();
      written.push('vault');
      return 'ok';
    };
    const retry = send({ by: 1 }, 'beside', elsewhere);
    await expect(retry.answer).resolves.toEqual({ version: 1 });
    expect(written).toEqual([]);
  });

  it('given a route not marked to claim beside its reads, then the handler starts only once the claim succeeded', async () => {
    let release!: () => void;
    holdClaim = new Promise((resolve) => (release = resolve));
    const { answer, seen } = send({ by: 1 }, 'first');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.started).toBe(false);
    release();
    await expect(answer).resolves.toEqual({ version: 1 });
  });
});
