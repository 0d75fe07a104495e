import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@fund/event-sourcing';
import type { WorkflowResult } from '../fund-request.workflow';
import type { CastVoteDto } from './cast-vote.dto';

export class CastRequestVoteCommand extends Command<WorkflowResult> {
  constructor(
    readonly requestId: string,
    readonly body: CastVoteDto,
    readonly context: CommandContext,
    readonly ifMatch?: number,
  ) {
    super();
  }
}
