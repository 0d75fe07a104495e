import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, type Actor, type SqlDatabase } from '@fund/event-sourcing';
import { Allow, CurrentActor } from '@fund/auth';
import { ApiErrors, READ_DATABASE, ReadsFrom, UuidParam } from '@fund/platform';
import { day, instant, requestItem, REQUEST_ITEM_NAMES, type RequestItemRow } from '../request-item';
import { FindRequestsQueryDto, MyRequestsQueryDto, PageDto, QUEUE_ORDER, QueueQueryDto, queueFilters } from './queue-query.dto';
import { REQUEST_VIEWS } from '../request-views.projection';
import { OverdueReceiptsView, RequestHistoryView, RequestQueueView } from '../queue.view';

type RequestRow = RequestItemRow & { survivor_reference: string };

const COLUMNS = `${REQUEST_ITEM_NAMES}, survivor_reference`;

/** The survivor reference goes only to the advocates of the organization that holds the file. */
function view(row: RequestRow, withReference: boolean) {
  return { ...requestItem(row), ...(withReference ? { survivorReference: row.survivor_reference } : {}) };
}

/** Work queues, read from the request-views projection (eventually consistent with the store). */
@ApiTags('queues')
@ApiBearerAuth()
@ReadsFrom(REQUEST_VIEWS)
@Controller('queues')
export class QueuesController {
  constructor(@Inject(READ_DATABASE) private readonly db: SqlDatabase) {}

  /** The advocate's own organization's requests, newest first. */
  @Get('my-requests')
  @Allow('provider')
  @ApiOperation({ summary: "My organization's requests", description: "The advocate's own organization's requests, newest first, with the survivor reference; by status or survivor reference." })
  @ApiOkResponse({ type: RequestQueueView })
  async myRequests(@Query() q: MyRequestsQueryDto, @CurrentActor() actor: Actor) {
    const { rows } = await this.db.query<RequestRow>(
      `SELECT ${COLUMNS} FROM rv_requests WHERE organization_id = $1 AND ($2::text IS NULL OR status = $2) AND ($5::text IS NULL OR survivor_reference = $5)
       ORDER BY submitted_at DESC, request_id LIMIT $3 OFFSET $4`,
      [actor.organizationId, q.status ?? null, q.limit ?? 50, q.offset ?? 0, q.reference ?? null],
    );
    return { items: rows.map((r) => view(r, true)) };
  }

  /** Requests awaiting this member's vote: never their own organization's, never one they voted on. */
  @Get('council')
  @Allow('council')
  @ApiOperation({ summary: "Requests awaiting my vote", description: "Never the member's own organization's, never one they voted on; most urgent first unless sorted otherwise; filtered by category, urgency, organization or status (submitted, info_requested)." })
  @ApiOkResponse({ type: RequestQueueView })
  async council(@Query() q: QueueQueryDto, @CurrentActor() actor: Actor) {
    const filters = queueFilters(q, 6);
    const { rows } = await this.db.query<RequestRow>(
      `SELECT ${COLUMNS} FROM rv_requests
       WHERE status IN ('submitted', 'info_requested') AND organization_id <> $1 AND submitter_id <> $2
         AND NOT voters @> $3::jsonb${filters.sql}
       ORDER BY ${QUEUE_ORDER[q.sort ?? 'urgency']} LIMIT $4 OFFSET $5`,
      [actor.organizationId, actor.userId, JSON.stringify([{ memberId: actor.userId }]), q.limit ?? 50, q.offset ?? 0, ...filters.params],
    );
    return { items: rows.map((r) => view(r, false)) };
  }

  /** Approved requests with money still to pay out, most pressing first. */
  @Get('payments')
  @Allow('coordinator')
  @ApiOperation({ summary: "Approved requests to pay out", description: "Money still to pay out, most pressing (soonest needed) first unless sorted otherwise; filtered by category, urgency, organization or status (approved, disbursed)." })
  @ApiOkResponse({ type: RequestQueueView })
  async payments(@Query() q: QueueQueryDto) {
    const filters = queueFilters(q, 3);
    const order = q.sort === undefined ? 'needed_by, decided_at, request_id' : QUEUE_ORDER[q.sort];
    const { rows } = await this.db.query<RequestRow>(
      `SELECT ${COLUMNS} FROM rv_requests WHERE status IN ('approved', 'disbursed') AND approved_cents > disbursed_cents${filters.sql}
       ORDER BY ${order} LIMIT $1 OFFSET $2`,
      [q.limit ?? 50, q.offset ?? 0, ...filters.params],
    );
    return { items: rows.map((r) => view(r, false)) };
  }

  /** Receipts past their due date; advocates see their own organization's. */
  @Get('overdue-receipts')
  @Allow('provider', 'coordinator')
  @ApiOperation({ summary: "Overdue receipts", description: "Receipts past their due date; providers see their own organization's." })
  @ApiOkResponse({ type: OverdueReceiptsView })
  async overdueReceipts(@Query() q: PageDto, @CurrentActor() actor: Actor) {
    const own = actor.role === 'provider' ? actor.organizationId : null;
    const { rows } = await this.db.query<{ disbursement_id: string; request_id: string; organization_id: string; amount_cents: string; due_on: string | Date }>(
      `SELECT disbursement_id, request_id, organization_id, amount_cents, due_on FROM rv_receipts_due
       WHERE NOT settled AND due_on < CURRENT_DATE AND ($1::text IS NULL OR organization_id = $1)
       ORDER BY due_on LIMIT $2 OFFSET $3`,
      [own, q.limit ?? 50, q.offset ?? 0],
    );
    return {
      items: rows.map((r) => ({ disbursementId: r.disbursement_id, requestId: r.request_id, organizationId: r.organization_id, amountCents: Number(r.amount_cents), dueOn: day(r.due_on) })),
    };
  }

  /**
   * Requests whose id starts with what the reader typed (the 8 characters every screen shows, or
   * the whole id), among those the reader may see: an advocate only their own organization's,
   * so another organization's request answers as no match. Several matches are all listed.
   */
  @Get('requests')
  @Allow('provider', 'council', 'coordinator', 'auditor')
  @ApiOperation({ summary: 'Find requests by the start of their id', description: "The 8 characters screens show, more, or the whole id; an advocate finds only their own organization's requests. Oldest first." })
  @ApiOkResponse({ type: RequestQueueView })
  async find(@Query() q: FindRequestsQueryDto, @CurrentActor() actor: Actor) {
    const own = actor.role === 'provider' ? actor.organizationId : null;
    // The prefix is hex digits and dashes only (the DTO), so it holds no LIKE wildcard.
    const { rows } = await this.db.query<RequestRow>(
      `SELECT ${COLUMNS} FROM rv_requests WHERE request_id LIKE $1 AND ($2::text IS NULL OR organization_id = $2)
       ORDER BY submitted_at, request_id LIMIT $3 OFFSET $4`,
      [`${q.id.toLowerCase()}%`, own, q.limit ?? 50, q.offset ?? 0],
    );
    return { items: rows.map((r) => view(r, own !== null)) };
  }

  /** What happened to a request, step by step (event types and roles; no narrative). */
  @Get('requests/:requestId/history')
  @Allow('provider', 'council', 'coordinator', 'auditor')
  @ApiOperation({ summary: "The history of a fund request", description: "What happened, step by step: event types and roles, no narrative." })
  @ApiOkResponse({ type: RequestHistoryView })
  @ApiErrors({ 404: [['FUND_REQUEST.NOT_FOUND', "No such fund request"]] })
  async history(@UuidParam('requestId') requestId: string, @CurrentActor() actor: Actor) {
    const owner = await this.db.query<{ organization_id: string }>('SELECT organization_id FROM rv_requests WHERE request_id = $1', [requestId]);
    const org = owner.rows[0]?.organization_id;
    if (!org || (actor.role === 'provider' && org !== actor.organizationId)) {
      throw new DomainError('FUND_REQUEST.NOT_FOUND', 'No such fund request', {}, 'not_found');
    }
    const { rows } = await this.db.query<{ version: string; event_type: string; actor_role: string; occurred_at: string | Date }>(
      'SELECT version, event_type, actor_role, occurred_at FROM rv_request_history WHERE request_id = $1 ORDER BY version',
      [requestId],
    );
    return { requestId, history: rows.map((r) => ({ version: Number(r.version), event: r.event_type, by: r.actor_role, at: instant(r.occurred_at) })) };
  }
}
