import type { CommandContext } from '@fund/event-sourcing';

export class VoidRequestDisbursement {
  constructor(
    readonly requestId: string,
    readonly disbursementId: string,
    readonly context: CommandContext,
    readonly ifMatch?: number,
  ) {}
}
