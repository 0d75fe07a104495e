import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@fund/event-sourcing';
import type { WorkflowResult } from '../fund-request.workflow';
import type { RecordDisbursementDto } from './record-disbursement.dto';

export class RecordDisbursementCommand extends Command<WorkflowResult> {
  constructor(
    readonly requestId: string,
    readonly disbursementId: string,
    readonly body: RecordDisbursementDto,
    readonly context: CommandContext,
    readonly ifMatch?: number,
  ) {
    super();
  }
}
