import { ApiProperty } from '@nestjs/swagger';
import { PacingView } from '@fund/funds';
import { RequestItemView } from '../queue.view';

/** How many requests wait in each of the coordinator's queues, and the council's. */
export class QueueCountsView {
  @ApiProperty({ type: 'integer', description: 'submitted, waiting for the council to decide (open questions included)' }) readonly awaitingDecision!: number;
  @ApiProperty({ type: 'integer', description: 'of those, with a question to the provider not answered yet' }) readonly awaitingAnswer!: number;
  @ApiProperty({ type: 'integer', description: 'approved with money or stock still to pay out (the payments queue)' }) readonly toPay!: number;
  @ApiProperty({ type: 'integer', description: 'paid in full with every receipt settled: closing is all that is left' }) readonly toClose!: number;
  @ApiProperty({ type: 'integer', description: 'receipts past their due date' }) readonly overdueReceipts!: number;
  @ApiProperty({ type: 'integer', description: 'expedited approvals the council has yet to ratify' }) readonly toRatify!: number;
}

/** The coordinator's start page: what waits, and the emergencies not decided yet. */
export class CoordinatorOverviewView {
  @ApiProperty({ type: QueueCountsView }) readonly counts!: QueueCountsView;
  @ApiProperty({ type: 'integer', description: 'emergency requests not decided yet (all of them, even beyond the list)' }) readonly emergenciesWaiting!: number;
  @ApiProperty({ type: [RequestItemView], description: 'the longest-waiting undecided emergency requests, oldest first (at most 20)' })
  readonly emergencies!: readonly RequestItemView[];
  @ApiProperty({ type: [PacingView], description: 'each spending plan in force against what is committed and spent, with its warnings (budget pacing)' })
  readonly pacing!: readonly PacingView[];
}
