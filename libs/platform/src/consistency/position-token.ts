import { ApiPropertyOptional } from '@nestjs/swagger';
import { comparePositions, type LogPosition } from '@fund/event-sourcing';

/**
 * A consistency token: the global position of a command's last event, `<commit>.<prepare>`.
 * Opaque to clients; they hand it back as `X-Min-Position` to read their own writes.
 */
export const POSITION_TOKEN = /^(0|[1-9]\d{0,17})\.(0|[1-9]\d{0,17})$/;
export const POSITION_HEADER = 'X-Position';
export const MIN_POSITION_HEADER = 'X-Min-Position';
export const MIN_POSITION_QUERY = 'minPosition';

export function formatPosition(position: LogPosition): string {
  return `${position.commit}.${position.prepare}`;
}

/** The position a token names, or null when it is not one (never throws). */
export function parsePosition(token: string): LogPosition | null {
  const match = POSITION_TOKEN.exec(token);
  if (!match) return null;
  const commit = Number(match[1]);
  const prepare = Number(match[2]);
  return Number.isSafeInteger(commit) && Number.isSafeInteger(prepare) ? { commit, prepare } : null;
}

export function laterPosition(a: LogPosition | undefined, b: LogPosition): LogPosition {
  return a === undefined || comparePositions(b, a) > 0 ? b : a;
}

/** Base of every command's response body: the consistency token of what the command wrote. */
export class CommandPosition {
  @ApiPropertyOptional({
    description:
      'Consistency token: the global position of the last event this command wrote (also the `X-Position` header). Send it as `X-Min-Position` on a query to read your own write. Absent when the command wrote nothing.',
    pattern: POSITION_TOKEN.source,
    example: '7410.2261',
  })
  readonly position?: string;
}
