import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore, SqlDatabase } from '@fund/event-sourcing';
import { readPacing, type PacingView } from '@fund/funds';
import { Allow } from '@fund/auth';
import { EVENT_STORE, READ_DATABASE, ReadsFrom } from '@fund/platform';
import { REQUEST_ITEM_NAMES, requestItem, type RequestItemRow } from '../request-item';
import { REQUEST_VIEWS } from '../request-views.projection';
import { CoordinatorOverviewView } from './coordinator-overview.view';

const UNDECIDED = "status IN ('submitted', 'info_requested')";
const EMERGENCIES_LISTED = 20;

/**
 * The counts behind the coordinator's start page in one read: the list routes page without a
 * count, and the decision queue is the council's alone (per member), so a coordinator could not
 * otherwise see what waits for a decision. The same conditions as the queues themselves.
 */
@ApiTags('queues')
@ApiBearerAuth()
@ReadsFrom(REQUEST_VIEWS)
@Controller('queues')
export class CoordinatorOverviewController {
  constructor(
    @Inject(READ_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get('overview')
  @Allow('coordinator')
  @ApiOperation({
    summary: 'What waits, queue by queue',
    description:
      'Counts of requests awaiting a decision (and an answer), to pay, to close, receipts overdue, expedited approvals to ratify; the undecided emergency requests, oldest first; ' +
      'and budget pacing: each spending plan against what is committed and spent, the day money runs out at the recent rate, and its warnings.',
  })
  @ApiOkResponse({ type: CoordinatorOverviewView })
  async overview(): Promise<CoordinatorOverviewView> {
    const { rows } = await this.db.query<Record<string, string | number>>(
      `SELECT
         (SELECT count(*) FROM rv_requests WHERE ${UNDECIDED}) AS awaiting_decision,
         (SELECT count(*) FROM rv_requests WHERE status = 'info_requested') AS awaiting_answer,
         (SELECT count(*) FROM rv_requests WHERE status IN ('approved', 'disbursed') AND approved_cents > disbursed_cents) AS to_pay,
         (SELECT count(*) FROM rv_requests r WHERE r.status = 'disbursed' AND r.approved_cents IS NOT NULL AND r.disbursed_cents >= r.approved_cents
            AND NOT EXISTS (SELECT 1 FROM rv_receipts_due d WHERE d.request_id = r.request_id AND NOT d.settled)) AS to_close,
         (SELECT count(*) FROM rv_receipts_due WHERE NOT settled AND due_on < CURRENT_DATE) AS overdue_receipts,
         (SELECT count(*) FROM rv_requests WHERE ratified = false AND status IN ('approved', 'disbursed', 'closed')) AS to_ratify,
         (SELECT count(*) FROM rv_requests WHERE urgency = 'emergency' AND ${UNDECIDED}) AS emergencies`,
    );
    const c = rows[0] ?? {};
    const n = (key: string) => Number(c[key] ?? 0);
    const emergencies = await this.db.query<RequestItemRow>(
      `SELECT ${REQUEST_ITEM_NAMES} FROM rv_requests WHERE urgency = 'emergency' AND ${UNDECIDED}
       ORDER BY submitted_at, request_id LIMIT $1`,
      [EMERGENCIES_LISTED],
    );
    return {
      counts: {
        awaitingDecision: n('awaiting_decision'),
        awaitingAnswer: n('awaiting_answer'),
        toPay: n('to_pay'),
        toClose: n('to_close'),
        overdueReceipts: n('overdue_receipts'),
        toRatify: n('to_ratify'),
      },
      emergenciesWaiting: n('emergencies'),
      emergencies: emergencies.rows.map(requestItem),
      // From the funds' own streams, so the figures are those the next approval weighs.
      pacing: (await readPacing(this.store, new Date().toISOString().slice(0, 10))) as PacingView[],
    };
  }
}
