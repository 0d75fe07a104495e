import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Actor } from '@fund/event-sourcing';
import type { AppConfig } from '../config';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface TrackedRequest {
  method: string;
  ip?: string;
  actor?: Actor;
}

/** Writes are limited per user and per client address; reads are not limited here. */
export function throttlerOptions(config: AppConfig): ThrottlerModuleOptions {
  return {
    throttlers: [
      { name: 'writes-per-user', ttl: 60_000, limit: config.RATE_LIMIT_WRITES_PER_MINUTE, getTracker: (req) => (req as TrackedRequest).actor?.userId ?? `ip:${(req as TrackedRequest).ip ?? 'unknown'}` },
      { name: 'writes-per-ip', ttl: 60_000, limit: config.RATE_LIMIT_WRITES_PER_MINUTE_PER_IP, getTracker: (req) => (req as TrackedRequest).ip ?? 'unknown' },
    ],
    skipIf: (context: ExecutionContext) => READS.has(context.switchToHttp().getRequest<TrackedRequest>().method),
  };
}

/** Registered after the AuthGuard, so the per-user limit knows who is writing. */
@Injectable()
export class WriteRateLimitGuard extends ThrottlerGuard {}
