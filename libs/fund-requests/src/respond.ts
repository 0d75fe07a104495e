import type { Response } from 'express';
import { etag } from '@fund/platform';
import type { WorkflowResult } from './fund-request.workflow';

/** Every fund-request command answers with the request's new status and version (ETag). */
export function respond(res: Response, result: WorkflowResult) {
  res.setHeader('ETag', etag(result.version));
  return { requestId: result.requestId, status: result.status, events: result.events.map((e) => e.type) };
}
