import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { CodedError } from '@fund/event-sourcing';
import { BodyRefused } from './body-guard';
import { errorBody, type ErrorBody } from './error-body';

/** Maps every error to one JSON shape. Never echoes request content or internal detail. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(error);
    if (body.statusCode >= 500) {
      this.logger.error({ err: error instanceof Error ? { type: error.name, message: error.message, stack: error.stack } : String(error) }, 'unhandled error');
    }
    // Not an outage: the answer will exist in a moment (a read model catching up).
    if (error instanceof CodedError && error.kind === 'unavailable') res.setHeader('Retry-After', '1');
    res.status(body.statusCode).json(body);
  }

  private toBody(error: unknown): ErrorBody {
    if (error instanceof CodedError) return errorBody(error);
    if (error instanceof BodyRefused) {
      const code = error.type === 'body.encoding' ? 'HTTP.MALFORMED_BODY' : 'VALIDATION.FAILED';
      return { statusCode: 400, code, message: error.message, details: { errors: [{ field: error.field, rule: error.rule, message: error.message }] } };
    }
    // zlib refusing a body that does not match its Content-Encoding (gzip, deflate, br).
    const zlibCode = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
    if (zlibCode.startsWith('Z_') || zlibCode.startsWith('ERR__ERROR_FORMAT') || zlibCode.startsWith('ERR_BROTLI')) {
      return { statusCode: 400, code: 'HTTP.MALFORMED_BODY', message: 'The request body does not match its Content-Encoding' };
    }
    const parserType = typeof error === 'object' && error !== null && 'type' in error ? (error as { type: unknown }).type : undefined;
    if (parserType === 'entity.parse.failed') return { statusCode: 400, code: 'HTTP.MALFORMED_JSON', message: 'The request body is not valid JSON' };
    if (parserType === 'entity.too.large') return { statusCode: 413, code: 'HTTP.BODY_TOO_LARGE', message: 'The request body is too large' };
    if (parserType === 'encoding.unsupported' || parserType === 'charset.unsupported') {
      return { statusCode: 415, code: 'HTTP.UNSUPPORTED_ENCODING', message: 'The request body encoding is not supported' };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      // Nest turns body-parser's SyntaxError into a 400 carrying the parser's message, which
      // quotes the body: answer with a fixed sentence instead.
      if (status === 400) {
        return /JSON/i.test(error.message)
          ? { statusCode: 400, code: 'HTTP.MALFORMED_JSON', message: 'The request body is not valid JSON' }
          : { statusCode: 400, code: 'HTTP.BAD_REQUEST', message: 'The request is malformed' };
      }
      if (status === 429) return { statusCode: 429, code: 'HTTP.RATE_LIMITED', message: 'Too many changes in a short time; wait a minute and retry' };
      const code = status === 404 ? 'HTTP.NOT_FOUND' : status === 405 ? 'HTTP.METHOD_NOT_ALLOWED' : `HTTP.${status}`;
      return { statusCode: status, code, message: status === 404 ? 'No such route' : error.message };
    }
    // Any other refusal body-parser raises before a route runs (http-errors with a 4xx status).
    const status = typeof error === 'object' && error !== null && 'status' in error ? Number((error as { status: unknown }).status) : NaN;
    if (status >= 400 && status < 500) return { statusCode: 400, code: 'HTTP.BAD_REQUEST', message: 'The request is malformed' };
    return { statusCode: 500, code: 'INTERNAL', message: 'Something went wrong on our side; nothing was recorded unless the response said so' };
  }
}
