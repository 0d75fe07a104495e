import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@fund/event-sourcing';
import type { WorkflowResult } from '../fund-request.workflow';
import type { QuestionCode } from '../vocabulary';

export class RequestMoreInformationCommand extends Command<WorkflowResult> {
  constructor(
    readonly requestId: string,
    readonly questionCode: QuestionCode,
    readonly context: CommandContext,
    readonly ifMatch?: number,
  ) {
    super();
  }
}
