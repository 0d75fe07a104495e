import type { CommandContext } from '@fund/event-sourcing';

export class ProvideInformation {
  constructor(
    readonly requestId: string,
    readonly note: string | undefined,
    readonly context: CommandContext,
    readonly ifMatch?: number,
  ) {}
}
