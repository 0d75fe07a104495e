import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@fund/event-sourcing';
import type { GrantCloseOutReport } from '@fund/funds';
import type { CloseOutGrantDto } from './close-out-grant.dto';

export class CloseOutGrantCommand extends Command<{ version: number; report: GrantCloseOutReport }> {
  constructor(
    readonly fundId: string,
    readonly body: CloseOutGrantDto,
    readonly context: CommandContext,
    readonly ifMatch: number | undefined,
  ) {
    super();
  }
}
