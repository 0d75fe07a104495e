import { createHash } from 'node:crypto';
import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor, type OnModuleInit } from '@nestjs/common';
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

/**
 * A POST carrying `Idempotency-Key` runs once per user and key: a retry with the same body gets
 * the first response back; the same key with another body is refused. (Event ids are derived
 * from the key too, so even a race between two copies cannot record the decision twice.)
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor, OnModuleInit {
  constructor(@Inject(READ_DATABASE) private readonly db: SqlDatabase) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.db, 'http', MIGRATIONS);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || typeof key !== 'string' || !req.actor) return next.handle();
    return from(this.run(req, context.switchToHttp().getResponse<Response>(), req.actor.userId, key, next));
  }

  private async run(req: Request, res: Response, userId: string, key: string, next: CallHandler): Promise<unknown> {
    const timing = timingOf(req);
    let started = performance.now();
    const fingerprint = createHash('sha256').update(`${req.method} ${req.path}\n${JSON.stringify(req.body ?? null)}`).digest('hex');
    const claimed = await this.db.query(
      `INSERT INTO http_idempotency (user_id, idempotency_key, fingerprint) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
      [userId, key, fingerprint],
    );
    timing?.add('idempotency', performance.now() - started);
    if (claimed.rows.length === 0) {
      const { rows } = await this.db.query<{ fingerprint: string; status: number | null; body: unknown; etag: string | null; position: string | null }>(
        'SELECT fingerprint, status, body, etag, position FROM http_idempotency WHERE user_id = $1 AND idempotency_key = $2',
        [userId, key],
      );
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
    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      const etagHeader = res.getHeader('ETag');
      const positionHeader = res.getHeader(POSITION_HEADER);
      started = performance.now();
      await this.db.query(
        'UPDATE http_idempotency SET status = $3, body = $4::jsonb, etag = $5, position = $6 WHERE user_id = $1 AND idempotency_key = $2',
        [userId, key, res.statusCode, JSON.stringify(body ?? null), typeof etagHeader === 'string' ? etagHeader : null, typeof positionHeader === 'string' ? positionHeader : null],
      );
      timing?.add('idempotency', performance.now() - started);
      return body;
    } catch (error) {
      // Nothing was recorded for a refused command: free the key so a corrected retry can run.
      await this.db.query('DELETE FROM http_idempotency WHERE user_id = $1 AND idempotency_key = $2', [userId, key]);
      throw error;
    }
  }
}

