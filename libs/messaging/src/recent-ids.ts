/**
 * Remembers the last `capacity` message ids, so a consumer can drop redelivered messages with
 * bounded memory. The relay redelivers a batch right after the original (a crash between the
 * broker's ack and the checkpoint), so a window of recent ids catches the duplicates it makes.
 */
export class RecentIds {
  private readonly ids = new Map<string, true>();

  constructor(private readonly capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  /** True when the id was seen within the window (a duplicate); records it otherwise. */
  seen(id: string): boolean {
    if (this.ids.has(id)) {
      // Refresh: a hot id stays in the window.
      this.ids.delete(id);
      this.ids.set(id, true);
      return true;
    }
    this.ids.set(id, true);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.keys().next().value as string);
    return false;
  }

  get size(): number {
    return this.ids.size;
  }
}
