import { Injectable, StreamableFile, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, map, mergeMap, Observable } from 'rxjs';
import { DomainError, type LogPosition } from '@fund/event-sourcing';
import { formatPosition, MIN_POSITION_HEADER, MIN_POSITION_QUERY, parsePosition, POSITION_HEADER } from './position-token';
import { READ_MODELS } from './reads-from';
import { ReadModelProgress } from './read-model-progress';
import { positionWritten, trackingWrites } from './written-positions';

/**
 * Read your own writes. A command answers with the position of the last event it appended
 * (`X-Position`, and `position` in an object body); a query over read models given that position
 * (`X-Min-Position` or `?minPosition=`) answers only once they have passed it.
 */
@Injectable()
export class ConsistencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly progress: ReadModelProgress,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const readModels = this.reflector.getAllAndOverride<readonly string[] | undefined>(READ_MODELS, [context.getHandler(), context.getClass()]);
    const minPosition = minPositionOf(req);
    const ready = readModels && minPosition ? from(this.progress.waitFor(readModels, minPosition)) : from([undefined]);
    return ready.pipe(
      mergeMap(
        () =>
          // The handler runs inside its own record of appends: subscribing here is what calls it.
          new Observable<unknown>((subscriber) =>
            trackingWrites(() =>
              next
                .handle()
                .pipe(map((body) => withPosition(body, res, req.method !== 'GET')))
                .subscribe(subscriber),
            ),
          ),
      ),
    );
  }
}

/**
 * The header on anything that wrote (a recorded read appends to the access log too); the body
 * field on commands only, so a read's view keeps its own shape.
 */
function withPosition(body: unknown, res: Response, isCommand: boolean): unknown {
  const written = positionWritten();
  if (!written || res.headersSent) return body;
  const token = formatPosition(written);
  res.setHeader(POSITION_HEADER, token);
  return isCommand && isPlainObject(body) ? { ...body, position: token } : body;
}

/** A JSON object body (a plain object or a view class instance); not a list, a file or a stream. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Buffer.isBuffer(value) || value instanceof StreamableFile) return false;
  return typeof (value as { pipe?: unknown }).pipe !== 'function';
}

/** The header wins over the query parameter; a malformed token is a 400 naming where it came from. */
function minPositionOf(req: Request): LogPosition | undefined {
  const header = req.headers[MIN_POSITION_HEADER.toLowerCase()];
  const query = (req.query as Record<string, unknown> | undefined)?.[MIN_POSITION_QUERY];
  const [field, raw] = header !== undefined ? [MIN_POSITION_HEADER, header] : [MIN_POSITION_QUERY, query];
  if (raw === undefined) return undefined;
  const position = typeof raw === 'string' ? parsePosition(raw) : null;
  if (!position) {
    throw new DomainError(
      'VALIDATION.FAILED',
      `${field} must be a position token as a command's X-Position header gave it (like 7410.2261)`,
      { errors: [{ field, rule: 'positionToken', message: `${field} must be a position token like 7410.2261` }] },
      'validation',
    );
  }
  return position;
}
