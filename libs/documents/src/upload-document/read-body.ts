import type { Request, Response } from 'express';
import { DomainError } from '@fund/event-sourcing';

/** Declared types we read at all; the bytes still decide (`sniffMediaType`). */
export const UPLOAD_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/heic', 'image/heif', 'application/octet-stream'] as const;

function tooLarge(maxBytes: number): DomainError {
  return new DomainError('DOCUMENT.TOO_LARGE', `A document is at most ${maxBytes} bytes`, { field: 'body', maxBytes });
}

/**
 * The raw request body, up to `maxBytes`. A body announced or found larger is refused without
 * buffering it (the connection is closed after the answer, so the rest is never read).
 */
export async function readUploadBody(req: Request, res: Response, maxBytes: number): Promise<Buffer> {
  const declared = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!(UPLOAD_CONTENT_TYPES as readonly string[]).includes(declared) || req.readableEnded) {
    throw new DomainError('DOCUMENT.UNSUPPORTED_TYPE', 'A document must be a PDF, JPEG, PNG or HEIC file (judged from its bytes, not its name or declared type)', {
      field: 'body',
      allowed: ['application/pdf', 'image/jpeg', 'image/png', 'image/heic'],
    });
  }
  const length = Number(req.headers['content-length'] ?? NaN);
  if (length > maxBytes) {
    res.setHeader('Connection', 'close');
    req.resume();
    throw tooLarge(maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      res.setHeader('Connection', 'close');
      req.resume();
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
