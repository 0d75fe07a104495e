import type { CommandContext } from '@fund/event-sourcing';
import type { LostReceiptReason } from '../vocabulary';

export class SettleReceipt {
  constructor(
    readonly requestId: string,
    readonly disbursementId: string,
    readonly settlement: { readonly kind: 'receipt'; readonly receiptId: string; readonly amountCents: number } | { readonly kind: 'lost'; readonly reasonCode: LostReceiptReason },
    readonly context: CommandContext,
    readonly ifMatch?: number,
  ) {}
}
