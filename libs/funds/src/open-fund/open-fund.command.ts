import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@fund/event-sourcing';
import type { OpenFund } from '../fund.decider';
import type { VersionedFund } from '../fund.view';

export class OpenFundCommand extends Command<VersionedFund> {
  constructor(
    readonly input: OpenFund['data'],
    readonly context: CommandContext,
  ) {
    super();
  }
}
