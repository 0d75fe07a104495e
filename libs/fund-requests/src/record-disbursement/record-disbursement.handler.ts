import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { payeeDecider, payeeStreamId } from '@fund/funds';
import { stockDecider, stockStreamId } from '@fund/inventory';
import { FundRequestWorkflow, type WorkflowResult } from '../fund-request.workflow';
import { RecordDisbursementCommand } from './record-disbursement.command';

/** Stock is priced by the decider (`pricePayment`); money and stock movements follow in `fundRequestPlan`. */
@CommandHandler(RecordDisbursementCommand)
export class RecordDisbursementHandler implements ICommandHandler<RecordDisbursementCommand, WorkflowResult> {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  execute({ requestId, disbursementId, body, context, ifMatch }: RecordDisbursementCommand): Promise<WorkflowResult> {
    return this.workflow.run(
      requestId,
      context,
      async (protocol, uow) => {
        const base = { disbursementId, disbursedBy: context.actor.userId, now: context.now, rules: protocol.rules };
        if (body.source === 'money') {
          const payment = {
            source: 'money' as const,
            amountCents: body.amountCents ?? 0,
            paymentMethod: body.paymentMethod ?? 'vendor_payment',
            giftCardFaceValueCents: body.giftCardFaceValueCents ?? null,
            paidOn: body.paidOn ?? null,
            // Read for the decision, never written: the payee's stream only tells whether it is registered.
            payee: body.payeeId ? { payeeId: body.payeeId, state: (await uow.load(payeeStreamId(body.payeeId), payeeDecider)).state } : null,
            paymentReference: body.paymentReference ? { kind: body.paymentReference.kind, value: body.paymentReference.value } : null,
          };
          return { type: 'RecordDisbursement', data: { ...base, payment } };
        }
        const itemId = body.itemId ?? '';
        const { state: stock } = await uow.load(stockStreamId(itemId), stockDecider);
        const payment = { source: 'stock' as const, itemId, quantity: body.quantity ?? 1, serials: body.serials ?? null, stock };
        return { type: 'RecordDisbursement', data: { ...base, payment } };
      },
      ifMatch,
    );
  }
}
