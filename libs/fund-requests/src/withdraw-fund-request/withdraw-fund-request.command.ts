import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@fund/event-sourcing';
import type { WorkflowResult } from '../fund-request.workflow';

export class WithdrawFundRequestCommand extends Command<WorkflowResult> {
  constructor(
    readonly requestId: string,
    readonly context: CommandContext,
    readonly ifMatch?: number,
  ) {
    super();
  }
}
