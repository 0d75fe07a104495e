import type { CommandContext } from '@fund/event-sourcing';

export class RatifyExpeditedApproval {
  constructor(
    readonly requestId: string,
    readonly context: CommandContext,
    readonly ifMatch?: number,
  ) {}
}
