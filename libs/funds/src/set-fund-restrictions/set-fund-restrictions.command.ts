import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@fund/event-sourcing';
import type { FundRestrictionsView } from '../fund-restrictions.view';
import type { SetFundRestrictionsDto } from './set-fund-restrictions.dto';

export class SetFundRestrictionsCommand extends Command<{ version: number; view: FundRestrictionsView }> {
  constructor(
    readonly fundId: string,
    readonly body: SetFundRestrictionsDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}
