import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@fund/event-sourcing';
import type { AdjustStock } from '../stock.decider';
import type { VersionedStock } from '../stock.view';

export class AdjustStockCommand extends Command<VersionedStock> {
  constructor(
    readonly itemId: string,
    readonly input: AdjustStock['data'],
    readonly context: CommandContext,
    /** From If-Match: the stock version the coordinator counted against. */
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
