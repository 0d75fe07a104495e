/** Jittered, growing pause so writers racing for one hot stream (a fund) spread out. */
export function backoff(attempt: number): Promise<void> {
  const ceiling = Math.min(2 ** attempt * 5, 200);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
