import { createHash, randomUUID } from 'node:crypto';

/**
 * With an idempotency key, the n-th event of a command gets the same id on every retry, so the
 * store recognises the retry instead of recording the decision twice. Without one, ids are random.
 * The hash is formatted as an RFC 9562 version 8 (custom) UUID.
 */
export function eventIdFor(idempotencyKey: string | undefined, scope: string, index: number): string {
  if (!idempotencyKey) return randomUUID();
  const hex = createHash('sha256').update(`${scope}\u0000${idempotencyKey}\u0000${index}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
