/**
 * Read-your-own-writes for black-box tests: remembers the newest consistency token the test's
 * commands got back (`X-Position`) and hands it to every read (`X-Min-Position`), so a read
 * after a write waits for exactly the projections it needs instead of sleeping or polling.
 */
export class WrittenPositions {
  private last: { commit: number; prepare: number; token: string } | undefined;

  /** Takes the token from a response's headers (a Headers object or a plain record), if it has one. */
  note(headers: Headers | Readonly<Record<string, unknown>>): void {
    const raw = headers instanceof Headers ? headers.get('x-position') : headers['x-position'];
    if (typeof raw !== 'string') return;
    const [commit, prepare] = raw.split('.').map(Number) as [number, number];
    if (!this.last || commit > this.last.commit || (commit === this.last.commit && prepare > this.last.prepare)) this.last = { commit, prepare, token: raw };
  }

  /** The header a read sends: empty before anything was written. */
  header(): Record<string, string> {
    return this.last ? { 'X-Min-Position': this.last.token } : {};
  }

  get token(): string | undefined {
    return this.last?.token;
  }
}
