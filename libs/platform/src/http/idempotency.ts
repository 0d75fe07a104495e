import { createHash } from 'node:crypto';
import { Inject, Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor, type OnModuleInit } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DomainError, migrate, type Actor, type SqlDatabase } from '@fund/event-sourcing';
import { READ_DATABASE } from '../tokens';
import { POSITION_HEADER } from '../consistency/position-token';
import { timingOf } from './request-timing';

const MIGRATIONS = [
  {
    version: 1,
    name: 'idempotency keys',
    sql: `CREATE TABLE http_idempotency (
  user_id text NOT NULL,
  idempotency_key text NOT NULL,
  fingerprint text NOT NULL,
  status integer,
  body jsonb,
  etag text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, idempotency_key)
)`,
  },
  { version: 2, name: 'consistency token of the first response', sql: `ALTER TABLE http_idempotency ADD COLUMN position text` },
];

/** Metadata key of `ClaimBesideReads`. */
const CLAIM_BESIDE_READS = 'idempotency:claim-beside-reads';

/**
 * On a route whose handler writes only through units of work (or awaits `context.beforeWrite`
 * before any other write), the Idempotency-Key's claim runs beside the command's reads instead
 * of a round trip before them: the command may decide meanwhile, but appends nothing before the
 * claim succeeded, and a failed claim answers exactly as it would have before the handler ran.
 * Any other route claims first, as before.
 */
export const ClaimBesideReads = (): MethodDecorator & ClassDecorator => SetMetadata(CLAIM_BESIDE_READS, true);

/** Where the interceptor leaves the claim's gate for `Ctx` to put into the command context. */
const BEFORE_WRITE = Symbol('idempotency claim gate');

/** The gate of this request's idempotency claim, if the claim runs beside its handler. */
export function beforeWriteOf(req: unknown): (() => Promise<void>) | undefined {
  return (req as { [BEFORE_WRITE]?: () => Promise<void> } | undefined)?.[BEFORE_WRITE];
}

/** A command whose claim failed stops at its first write; the interceptor answers for it. */
class ClaimNotHeld extends Error {
  constructor() {
    super('The Idempotency-Key is held by another request: nothing may be written');
  }
}

type FirstResponse = { fingerprint: string; status: number | null; body: unknown; etag: string | null; position: string | null };

/**
 * A POST carrying `Idempotency-Key` runs once per user and key: a retry with the same body gets
 * the first response back; the same key with another body is refused. (Event ids are derived
 * from the key too, so even a race between two copies cannot record the decision twice.)
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor, OnModuleInit {
  constructor(
    @Inject(READ_DATABASE) private readonly db: SqlDatabase,
    private readonly reflector: Reflector,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.db, 'http', MIGRATIONS);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || typeof key !== 'string' || !req.actor) return next.handle();
    const beside = this.reflector.getAllAndOverride<boolean | undefined>(CLAIM_BESIDE_READS, [context.getHandler(), context.getClass()]) === true;
    const res = context.switchToHttp().getResponse<Response>();
    return from(beside ? this.runBeside(req, res, req.actor.userId, key, next) : this.run(req, res, req.actor.userId, key, next));
  }

  private async run(req: Request, res: Response, userId: string, key: string, next: CallHandler): Promise<unknown> {
    const fingerprint = fingerprintOf(req);
    if (!(await this.claim(req, userId, key, fingerprint))) return this.answerEarlier(res, userId, key, fingerprint);
    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      return await this.record(req, res, userId, key, body);
    } catch (error) {
      await this.free(userId, key);
      throw error;
    }
  }

  /** The claim in flight while the handler reads and decides; its writes wait for the claim (`ClaimBesideReads`). */
  private async runBeside(req: Request, res: Response, userId: string, key: string, next: CallHandler): Promise<unknown> {
    const fingerprint = fingerprintOf(req);
    const claim = this.claim(req, userId, key, fingerprint);
    // Settled below in every case; this keeps a claim that fails early from counting as unhandled.
    claim.catch(() => undefined);
    (req as { [BEFORE_WRITE]?: () => Promise<void> })[BEFORE_WRITE] = () =>
      claim.then((claimed) => {
        if (!claimed) throw new ClaimNotHeld();
      });
    const headersBefore = new Set(res.getHeaderNames());
    let outcome: { body: unknown } | { error: unknown };
    try {
      outcome = { body: await lastValueFrom(next.handle(), { defaultValue: undefined }) };
    } catch (error) {
      outcome = { error };
    }
    if (!(await claim)) {
      // Nothing was written (every write waits for the claim): what the handler set on the
      // response goes, and the answer is the one a claim made first would have given.
      for (const name of res.getHeaderNames()) if (!headersBefore.has(name)) res.removeHeader(name);
      return this.answerEarlier(res, userId, key, fingerprint);
    }
    try {
      if ('error' in outcome) throw outcome.error;
      return await this.record(req, res, userId, key, outcome.body);
    } catch (error) {
      await this.free(userId, key);
      throw error;
    }
  }

  /** True when this request now holds the key. */
  private async claim(req: Request, userId: string, key: string, fingerprint: string): Promise<boolean> {
    const started = performance.now();
    const claimed = await this.db.query(
      `INSERT INTO http_idempotency (user_id, idempotency_key, fingerprint) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
      [userId, key, fingerprint],
    );
    timingOf(req)?.add('idempotency', performance.now() - started);
    return claimed.rows.length > 0;
  }

  /** The key is another request's: its first response again, or why not. */
  private async answerEarlier(res: Response, userId: string, key: string, fingerprint: string): Promise<unknown> {
    const { rows } = await this.db.query<FirstResponse>('SELECT fingerprint, status, body, etag, position FROM http_idempotency WHERE user_id = $1 AND idempotency_key = $2', [userId, key]);
    const first = rows[0];
    if (first && first.fingerprint !== fingerprint) {
      throw new DomainError('IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was already used for a different request', { header: 'Idempotency-Key' }, 'rule');
    }
    if (!first || first.status === null) {
      throw new DomainError('IDEMPOTENCY.IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry shortly', {}, 'conflict');
    }
    res.status(first.status);
    res.setHeader('Idempotent-Replayed', 'true');
    if (first.etag) res.setHeader('ETag', first.etag);
    if (first.position) res.setHeader(POSITION_HEADER, first.position);
    return first.body;
  }

  private async record(req: Request, res: Response, userId: string, key: string, body: unknown): Promise<unknown> {
    const etagHeader = res.getHeader('ETag');
    const positionHeader = res.getHeader(POSITION_HEADER);
    const started = performance.now();
    await this.db.query(
      'UPDATE http_idempotency SET status = $3, body = $4::jsonb, etag = $5, position = $6 WHERE user_id = $1 AND idempotency_key = $2',
      [userId, key, res.statusCode, JSON.stringify(body ?? null), typeof etagHeader === 'string' ? etagHeader : null, typeof positionHeader === 'string' ? positionHeader : null],
    );
    timingOf(req)?.add('idempotency', performance.now() - started);
    return body;
  }

  /** Nothing was recorded for a refused command: free the key so a corrected retry can run. */
  private async free(userId: string, key: string): Promise<void> {
    await this.db.query('DELETE FROM http_idempotency WHERE user_id = $1 AND idempotency_key = $2', [userId, key]);
  }
}

function fingerprintOf(req: Request): string {
  return createHash('sha256').update(`${req.method} ${req.path}\n${JSON.stringify(req.body ?? null)}`).digest('hex');
}
