import type { CommandContext } from '@fund/event-sourcing';

export class WithdrawFundRequest {
  constructor(
    readonly requestId: string,
    readonly context: CommandContext,
    readonly ifMatch?: number,
  ) {}
}
