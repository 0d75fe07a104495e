import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiHeader, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { MIN_POSITION_HEADER, MIN_POSITION_QUERY, POSITION_TOKEN } from './position-token';

export const READ_MODELS = 'fund:read-models';

const WAIT = 'waits (READ_MODEL_WAIT_MS, 2 s by default) until';

/**
 * Declares which read models (projections, by their checkpoint name) a query answers from, so a
 * client that sends the consistency token of its last command reads its own write there.
 */
export function ReadsFrom(...readModels: readonly [string, ...string[]]): MethodDecorator & ClassDecorator {
  const models = readModels.map((m) => `\`${m}\``).join(', ');
  return applyDecorators(
    SetMetadata(READ_MODELS, readModels),
    ApiHeader({
      name: MIN_POSITION_HEADER,
      required: false,
      description: `A consistency token (\`X-Position\` of a command you sent). The query ${WAIT} ${models} ${readModels.length === 1 ? 'has' : 'have'} passed it, else answers 503 READ_MODEL.BEHIND.`,
      schema: { type: 'string', pattern: POSITION_TOKEN.source, example: '7410.2261' },
    }),
    ApiQuery({
      name: MIN_POSITION_QUERY,
      required: false,
      description: `The same as the \`${MIN_POSITION_HEADER}\` header, for a link; the header wins when both are given.`,
      schema: { type: 'string', pattern: POSITION_TOKEN.source, example: '7410.2261' },
    }),
    ApiResponse({
      status: 503,
      description: `READ_MODEL.BEHIND: ${models} did not pass the given position in time; \`Retry-After\` says when to ask again. Never a stale answer.`,
      schema: {
        type: 'object',
        required: ['statusCode', 'code', 'message', 'details'],
        properties: {
          statusCode: { type: 'integer', enum: [503] },
          code: { type: 'string', enum: ['READ_MODEL.BEHIND'] },
          message: { type: 'string' },
          details: {
            type: 'object',
            properties: {
              readModels: { type: 'array', items: { type: 'string' } },
              position: { type: 'string', pattern: POSITION_TOKEN.source },
              eventsBehind: { type: 'integer', minimum: 0 },
              waitedMs: { type: 'integer', minimum: 0 },
            },
          },
        },
        example: {
          statusCode: 503,
          code: 'READ_MODEL.BEHIND',
          message: 'This view has not caught up with your last change yet (request-views: 3 events behind); retry in a moment',
          details: { readModels: ['request-views'], position: '7410.2261', eventsBehind: 3, waitedMs: 2000 },
        },
      },
    }),
  );
}
