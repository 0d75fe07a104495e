import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@fund/event-sourcing';
import type { WorkflowResult } from '../fund-request.workflow';
import type { SubmitFundRequestDto } from './submit-fund-request.dto';

export class SubmitFundRequestCommand extends Command<WorkflowResult> {
  constructor(
    readonly requestId: string,
    readonly body: SubmitFundRequestDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}
