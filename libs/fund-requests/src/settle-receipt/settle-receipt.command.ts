import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@fund/event-sourcing';
import type { WorkflowResult } from '../fund-request.workflow';
import type { LostReceiptReason } from '../vocabulary';

export class SettleReceiptCommand extends Command<WorkflowResult> {
  constructor(
    readonly requestId: string,
    readonly disbursementId: string,
    readonly settlement: { readonly kind: 'receipt'; readonly receiptId: string; readonly amountCents: number; readonly documentId?: string } | { readonly kind: 'lost'; readonly reasonCode: LostReceiptReason },
    readonly context: CommandContext,
    readonly ifMatch?: number,
  ) {
    super();
  }
}
