import { Controller, Get, Inject, Injectable, Query, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { concatMap, from, map, switchMap, type Observable } from 'rxjs';
import { DomainError, type Actor, type DomainEvent, type EventStore } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { AccessLogView } from '../health.view';
import { EVENT_STORE } from '../tokens';

const RECORD_ACCESS = 'survivor-fund:record-access';

interface RecordedResource {
  readonly resource: string;
  readonly when: 'before' | 'answered';
}

/**
 * Marks a read whose every use is recorded: who read what, when, with which filters.
 * `when: 'before'` (the default) records before the handler runs, for handlers that send their
 * answer themselves (file exports through `@Res`). `when: 'answered'` records once the handler
 * has its answer and before it is sent, so a read that failed (a request not visible to the
 * reader, a key that could not be unwrapped) is not recorded as a read; a record that cannot be
 * written still keeps the answer from being sent.
 */
export const RecordAccess = (resource: string, options: { readonly when?: RecordedResource['when'] } = {}) =>
  SetMetadata(RECORD_ACCESS, { resource, when: options.when ?? 'before' } satisfies RecordedResource);

export type ResourceAccessed = DomainEvent<'ResourceAccessed', { resource: string; path: string; filters: Record<string, string> }>;

export const accessLogStreamId = (day: string) => `access-log-${day}`;

const FILTER_VALUE = /^[A-Za-z0-9._:-]{0,64}$/;

/**
 * Records the access *before* answering: if the record cannot be written, nothing is read.
 * Filters keep only short code-like values (dates, ids, formats), never free text.
 */
@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const recorded = this.reflector.get<RecordedResource | undefined>(RECORD_ACCESS, context.getHandler());
    if (!recorded) return next.handle();
    const { resource } = recorded;
    const req = context.switchToHttp().getRequest<{ actor?: Actor; path: string; query: Record<string, unknown>; params: Record<string, unknown>; id?: unknown }>();
    if (!req.actor) return next.handle();
    const actor = req.actor;
    const filters = Object.fromEntries(
      Object.entries({ ...req.params, ...req.query }).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && FILTER_VALUE.test(entry[1])),
    );
    const event: ResourceAccessed = { type: 'ResourceAccessed', data: { resource, path: req.path, filters } };
    const append = (now: Date) => this.store.append({
      streamId: accessLogStreamId(now.toISOString().slice(0, 10)),
      expectedVersion: 'any',
      events: [
        {
          ...event,
          metadata: {
            eventId: randomUUID(),
            schemaVersion: 1,
            occurredAt: now.toISOString(),
            actor,
            correlationId: typeof req.id === 'string' ? req.id : randomUUID(),
            causationId: null,
          },
        },
      ],
    });
    if (recorded.when === 'answered') return next.handle().pipe(concatMap((body: unknown) => from(append(new Date())).pipe(map(() => body))));
    return from(append(new Date())).pipe(switchMap(() => next.handle()));
  }
}

class AccessLogQueryDto {
  @ApiProperty({ example: '2026-11-22' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'day must be a date like 2026-11-22' })
  day!: string;
}

/** "Who exported what?": the coalition's answer, one day at a time. */
@ApiTags('access log')
@ApiBearerAuth()
@Controller('access-log')
export class AccessLogController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @Allow('auditor', 'coordinator')
  @RecordAccess('access-log')
  @ApiOperation({ summary: 'Read the access log of a day', description: 'Who read the ledger, exports and narratives, when, with which filters (UTC day). Reading it is recorded too.' })
  @ApiOkResponse({ type: AccessLogView })
  async list(@Query() q: AccessLogQueryDto): Promise<AccessLogView> {
    if (Number.isNaN(Date.parse(`${q.day}T00:00:00Z`))) {
      throw new DomainError('VALIDATION.FAILED', 'day must be a real date', { errors: [{ field: 'day', rule: 'isDate', message: 'day must be a real date' }] }, 'validation');
    }
    const { events } = await this.store.readStream<ResourceAccessed>(accessLogStreamId(q.day));
    return {
      day: q.day,
      accesses: events.map((e) => ({
        at: e.metadata.occurredAt,
        userId: e.metadata.actor.userId,
        role: e.metadata.actor.role,
        organizationId: e.metadata.actor.organizationId,
        resource: e.data.resource,
        path: e.data.path,
        filters: e.data.filters,
      })),
    };
  }
}
