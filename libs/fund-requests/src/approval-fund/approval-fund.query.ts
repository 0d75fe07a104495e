import { Query } from '@nestjs/cqrs';
import type { CommandContext } from '@fund/event-sourcing';
import type { ApprovalFundView } from './approval-fund.view';

export class GetApprovalFundQuery extends Query<ApprovalFundView> {
  constructor(
    readonly requestId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
