/**
 * Jittered, growing pause so writers racing for one hot stream (a fund) spread out. `maxMs` caps
 * it: a command holding its streams' locks races at most one writer per other replica, and a
 * long pause there only lets the replica that won win again.
 */
export function backoff(attempt: number, maxMs = 200): Promise<void> {
  const ceiling = Math.min(2 ** attempt * 5, maxMs);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
