/**
 * Turns a pushed event source (a KurrentDB catch-up subscription) into pulled batches: the
 * consumer takes whatever has arrived, up to a limit, and waits only when nothing has.
 * Items that arrived before a failure are still delivered; the failure comes after them.
 */
export class BatchBuffer<T> {
  private items: T[] = [];
  private failure: { readonly error: unknown } | undefined;
  private closed = false;
  private wake: (() => void) | undefined;

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    if (this.closed || this.failure) return;
    this.items.push(item);
    this.notify();
  }

  fail(error: unknown): void {
    if (this.closed || this.failure) return;
    this.failure = { error };
    this.notify();
  }

  /** Stops the consumer at its next take, even with items left (the subscriber was aborted). */
  close(): void {
    this.closed = true;
    this.notify();
  }

  /** Up to `max` items, at least one; undefined once closed. Throws the failure when drained. */
  async take(max: number): Promise<T[] | undefined> {
    for (;;) {
      if (this.closed) return undefined;
      if (this.items.length > 0) return this.items.splice(0, Math.max(1, max));
      if (this.failure) throw this.failure.error;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
