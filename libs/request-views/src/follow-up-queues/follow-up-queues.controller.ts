import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, SqlDatabase } from '@fund/event-sourcing';
import { Allow, CurrentActor } from '@fund/auth';
import { READ_DATABASE, ReadsFrom } from '@fund/platform';
import { PageDto } from '../queues/queue-query.dto';
import { REQUEST_ITEM_COLUMNS, requestItem, type RequestItemRow } from '../request-item';
import { REQUEST_VIEWS } from '../request-views.projection';
import { RequestQueueView } from '../queue.view';

/**
 * The queues after the payments queue: requests left with nothing to do but close them, and
 * expedited approvals the council has yet to ratify. Read from the request views as they are
 * (rv_requests, rv_receipts_due), so they are as fresh as the other queues.
 */
@ApiTags('queues')
@ApiBearerAuth()
@ReadsFrom(REQUEST_VIEWS)
@Controller('queues')
export class FollowUpQueuesController {
  constructor(@Inject(READ_DATABASE) private readonly db: SqlDatabase) {}

  /**
   * Paid in full and every receipt due recorded or attested (a voided payment needs none):
   * closing is all that is left. Longest waiting first.
   */
  @Get('to-close')
  @Allow('coordinator')
  @ApiOperation({ summary: "Requests ready to close", description: "Paid in full and every receipt settled: closing is all that is left. Longest waiting first." })
  @ApiOkResponse({ type: RequestQueueView })
  async toClose(@Query() q: PageDto) {
    const { rows } = await this.db.query<RequestItemRow>(
      `SELECT ${REQUEST_ITEM_COLUMNS} FROM rv_requests r
       WHERE r.status = 'disbursed' AND r.approved_cents IS NOT NULL AND r.disbursed_cents >= r.approved_cents
         AND NOT EXISTS (SELECT 1 FROM rv_receipts_due d WHERE d.request_id = r.request_id AND NOT d.settled)
       ORDER BY r.updated_at, r.request_id LIMIT $1 OFFSET $2`,
      [q.limit ?? 50, q.offset ?? 0],
    );
    return { items: rows.map(requestItem) };
  }

  /**
   * Expedited approvals awaiting the council's ratification, oldest decision first. Like the
   * vote queue, never the member's own organization's requests, and never one they voted on
   * (the on-call approver does not ratify their own decision).
   */
  @Get('to-ratify')
  @Allow('council')
  @ApiOperation({ summary: "Expedited approvals to ratify", description: "Oldest decision first; never the member's own organization's, never one they voted on." })
  @ApiOkResponse({ type: RequestQueueView })
  async toRatify(@Query() q: PageDto, @CurrentActor() actor: Actor) {
    const { rows } = await this.db.query<RequestItemRow>(
      `SELECT ${REQUEST_ITEM_COLUMNS} FROM rv_requests r
       WHERE r.ratified = false AND r.status IN ('approved', 'disbursed', 'closed')
         AND r.organization_id <> $1 AND NOT r.voters @> $2::jsonb
       ORDER BY r.decided_at, r.request_id LIMIT $3 OFFSET $4`,
      [actor.organizationId, JSON.stringify([{ memberId: actor.userId }]), q.limit ?? 50, q.offset ?? 0],
    );
    return { items: rows.map(requestItem) };
  }
}
