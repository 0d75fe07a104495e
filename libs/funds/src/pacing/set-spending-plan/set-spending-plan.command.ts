import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@fund/event-sourcing';
import type { Pacing } from '../pacing';
import type { SetSpendingPlanDto } from './set-spending-plan.dto';

export class SetSpendingPlanCommand extends Command<Pacing> {
  constructor(
    readonly fundId: string,
    readonly body: SetSpendingPlanDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}
