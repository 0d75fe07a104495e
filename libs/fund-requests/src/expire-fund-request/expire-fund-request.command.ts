import type { CommandContext } from '@fund/event-sourcing';

export class ExpireFundRequest {
  constructor(
    readonly requestId: string,
    readonly context: CommandContext,
  ) {}
}
