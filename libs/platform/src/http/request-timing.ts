import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { defer, tap, type Observable } from 'rxjs';
import type { CommandTiming } from '@fund/event-sourcing';

/** The phases a command's time is split into on `/metrics` (`command_phase_duration_seconds`). */
export const COMMAND_PHASES = ['auth', 'idempotency', 'load', 'decide', 'append', 'handler_rest', 'response', 'total'] as const;
export type CommandPhase = (typeof COMMAND_PHASES)[number];

/**
 * One request's phase durations in milliseconds, carried on the request object and handed to
 * the kernel through the command context, so no async-context lookup is paid per call. Marks
 * are `performance.now()` readings; sums add up what several calls of one phase took.
 */
export class RequestTiming implements CommandTiming {
  readonly started = performance.now();
  auth = 0;
  idempotency = 0;
  loads = 0;
  decide = 0;
  append = 0;
  handlerStarted: number | undefined;
  handlerEnded: number | undefined;

  /** Stream reads as [start, end] marks: they may run side by side, so their time is the union. */
  private readonly loadSpans: [number, number][] = [];
  /** Idempotency work after the handler answered (recording the response), kept out of `response`. */
  private idempotencyAfter = 0;

  add(phase: 'load' | 'decide' | 'append' | 'auth' | 'idempotency', ms: number, end = performance.now()): void {
    if (phase === 'load') {
      this.loadSpans.push([end - ms, end]);
      this.loads++;
      return;
    }
    this[phase] += ms;
    if (phase === 'idempotency' && this.handlerEnded !== undefined) this.idempotencyAfter += ms;
  }

  /** Wall time during which at least one stream read was under way. */
  get load(): number {
    const spans = [...this.loadSpans].sort((a, b) => a[0] - b[0]);
    let total = 0;
    let until = -Infinity;
    for (const [start, end] of spans) {
      if (end <= until) continue;
      total += end - Math.max(start, until);
      until = end;
    }
    return total;
  }

  /**
   * The phases once the response is sent. `handler_rest` is the handler's time outside the
   * store (validation, the command bus, domain code other than deciding); `load` counts the wall
   * time with any read under way (reads may overlap); `response` is what follows the handler's
   * answer (interceptors, serialisation, writing) without recording the idempotent response.
   */
  phases(ended = performance.now()): Partial<Record<CommandPhase, number>> {
    const out: Partial<Record<CommandPhase, number>> = { auth: this.auth, total: ended - this.started };
    if (this.idempotency > 0) out.idempotency = this.idempotency;
    if (this.handlerStarted === undefined || this.handlerEnded === undefined) return out;
    const load = this.load;
    out.load = load;
    out.decide = this.decide;
    out.append = this.append;
    out.handler_rest = Math.max(0, this.handlerEnded - this.handlerStarted - load - this.decide - this.append);
    out.response = Math.max(0, ended - this.handlerEnded - this.idempotencyAfter);
    return out;
  }
}

interface TimedRequest {
  timing?: RequestTiming;
}

export function timingOf(req: unknown): RequestTiming | undefined {
  const timing = (req as TimedRequest | undefined)?.timing;
  return timing instanceof RequestTiming ? timing : undefined;
}

/**
 * The innermost interceptor: marks when the handler (with its pipes) is called and when it
 * answered. Registered last among the edge's interceptors so the others' work is outside it.
 */
@Injectable()
export class HandlerTimingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const timing = context.getType() === 'http' ? timingOf(context.switchToHttp().getRequest()) : undefined;
    if (!timing) return next.handle();
    return defer(() => {
      timing.handlerStarted = performance.now();
      return next.handle();
    }).pipe(
      tap({
        next: () => void (timing.handlerEnded ??= performance.now()),
        error: () => void (timing.handlerEnded ??= performance.now()),
      }),
    );
  }
}
