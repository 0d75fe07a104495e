import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@fund/event-sourcing';
import type { PeriodKind } from '../period.events';
import type { ClosePeriodResult } from './close-period.view';

export class ClosePeriodCommand extends Command<{ version: number; closed: ClosePeriodResult }> {
  constructor(
    readonly input: { readonly kind: PeriodKind; readonly period: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}
