/**
 * Read your own writes. Every command the api accepts answers with the position of the last
 * event it wrote (`X-Position: <commit>.<prepare>`); every read sends back the latest one this
 * session wrote (`X-Min-Position`), and the api answers only once the views it reads have
 * passed it. So the screen after a submit, a vote or a payment shows it, without polling.
 *
 * Kept in sessionStorage (this tab): a reload still reads its own writes. A new sign-in or a
 * sign-out forgets it, since nothing read after that depends on what was written before.
 */

const KEY = 'survivor-fund.position';
const TOKEN = /^(0|[1-9]\d{0,17})\.(0|[1-9]\d{0,17})$/;

export interface Position {
  readonly commit: number;
  readonly prepare: number;
}

/** The position a token names, or null when it is not one. */
export function parsePosition(token: string | null | undefined): Position | null {
  const match = TOKEN.exec(token ?? '');
  if (!match) return null;
  const position = { commit: Number(match[1]), prepare: Number(match[2]) };
  return Number.isSafeInteger(position.commit) && Number.isSafeInteger(position.prepare) ? position : null;
}

/** Negative when `a` comes before `b` in the log: by commit, then by prepare. */
export function comparePositions(a: Position, b: Position): number {
  return a.commit !== b.commit ? a.commit - b.commit : a.prepare - b.prepare;
}

/** The token of the latest write of this session, if it wrote anything. */
export function writtenPosition(): string | null {
  const token = sessionStorage.getItem(KEY);
  return parsePosition(token) ? token : null;
}

/** Remembers a command's token when it is later than what is kept (answers can arrive out of order). */
export function noteWritten(token: string | null | undefined): void {
  const position = parsePosition(token);
  if (!position) return;
  const kept = parsePosition(sessionStorage.getItem(KEY));
  if (!kept || comparePositions(position, kept) > 0) sessionStorage.setItem(KEY, `${position.commit}.${position.prepare}`);
}

export function forgetWritten(): void {
  sessionStorage.removeItem(KEY);
}
