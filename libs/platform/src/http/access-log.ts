import { Controller, Get, Inject, Injectable, Query, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { from, switchMap, type Observable } from 'rxjs';
import { DomainError, type Actor, type DomainEvent, type EventStore } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { AccessLogView } from '../health.view';
import { EVENT_STORE } from '../tokens';

const RECORD_ACCESS = 'survivor-fund:record-access';

/** Marks a read whose every use is recorded: who read what, when, with which filters. */
export const RecordAccess = (resource: string) => SetMetadata(RECORD_ACCESS, resource);

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
    const resource = this.reflector.get<string | undefined>(RECORD_ACCESS, context.getHandler());
    if (!resource) return next.handle();
    const req = context.switchToHttp().getRequest<{ actor?: Actor; path: string; query: Record<string, unknown>; params: Record<string, unknown>; id?: unknown }>();
    if (!req.actor) return next.handle();
    const actor = req.actor;
    const filters = Object.fromEntries(
      Object.entries({ ...req.params, ...req.query }).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && FILTER_VALUE.test(entry[1])),
    );
    const now = new Date();
    const event: ResourceAccessed = { type: 'ResourceAccessed', data: { resource, path: req.path, filters } };
    const append = this.store.append({
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
    return from(append).pipe(switchMap(() => next.handle()));
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
