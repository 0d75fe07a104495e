import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FundRequestWorkflow, type WorkflowResult } from '../fund-request.workflow';
import { RECEIPT_DOCUMENTS, type ReceiptDocuments } from './receipt-documents.port';
import { SettleReceiptCommand } from './settle-receipt.command';

/** A receipt recorded, or its loss attested: either way it is no longer due. */
@CommandHandler(SettleReceiptCommand)
export class SettleReceiptHandler implements ICommandHandler<SettleReceiptCommand, WorkflowResult> {
  constructor(
    private readonly workflow: FundRequestWorkflow,
    @Optional() @Inject(RECEIPT_DOCUMENTS) private readonly documents?: ReceiptDocuments,
  ) {}

  async execute({ requestId, disbursementId, settlement, context, ifMatch }: SettleReceiptCommand): Promise<WorkflowResult> {
    // Coordinators act for any organization; providers only for their own.
    const organizationId = context.actor.role === 'provider' ? context.actor.organizationId : null;
    const documentId = settlement.kind === 'receipt' ? settlement.documentId : undefined;
    const document = documentId === undefined ? undefined : { documentId, found: (await this.documents?.describe(documentId)) ?? null };
    return this.workflow.run(
      requestId,
      context,
      () =>
        settlement.kind === 'receipt'
          ? { type: 'RecordReceipt', data: { disbursementId, receiptId: settlement.receiptId, amountCents: settlement.amountCents, organizationId, ...(document ? { document } : {}) } }
          : { type: 'AttestLostReceipt', data: { disbursementId, reasonCode: settlement.reasonCode, attestedBy: context.actor.userId, organizationId } },
      ifMatch,
    );
  }
}
