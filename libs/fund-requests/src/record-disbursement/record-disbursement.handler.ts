import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@fund/event-sourcing';
import { fundDecider, fundStreamId } from '@fund/funds';
import { stockDecider, stockStreamId, type StockKind } from '@fund/inventory';
import { organizationDecider, organizationStreamId } from '@fund/organizations';
import { FundRequestWorkflow, type WorkflowResult } from '../fund-request.workflow';
import type { PaymentMethod } from '../vocabulary';
import { RecordDisbursement } from './record-disbursement.command';

const METHOD_OF_STOCK: Readonly<Record<StockKind, PaymentMethod>> = {
  gift_card: 'gift_card',
  bus_pass: 'bus_pass',
  phone_card: 'phone_card',
  goods: 'donated_goods',
};

@CommandHandler(RecordDisbursement)
export class RecordDisbursementHandler implements ICommandHandler<RecordDisbursement, WorkflowResult> {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  execute({ requestId, disbursementId, body, context, ifMatch }: RecordDisbursement): Promise<WorkflowResult> {
    return this.workflow.run(
      requestId,
      context,
      async (protocol, uow) => {
        const base = { type: 'RecordDisbursement' as const, disbursementId, disbursedBy: context.actor.userId, now: context.now, rules: protocol.rules };
        if (body.source === 'money') {
          return {
            ...base,
            source: 'money',
            amountCents: body.amountCents ?? 0,
            paymentMethod: body.paymentMethod ?? 'vendor_payment',
            itemId: null,
            quantity: null,
            serials: null,
            giftCardFaceValueCents: body.giftCardFaceValueCents ?? null,
          };
        }
        const itemId = body.itemId ?? '';
        const { state: stock } = await uow.load(stockStreamId(itemId), stockDecider);
        if (stock.status !== 'tracked') throw new DomainError('INVENTORY.NOT_FOUND', 'No stock item with this id', { field: 'itemId' }, 'rule');
        const quantity = body.quantity ?? 1;
        return {
          ...base,
          source: 'stock',
          amountCents: stock.unitValueCents * quantity,
          paymentMethod: METHOD_OF_STOCK[stock.kind],
          itemId,
          quantity,
          serials: body.serials ?? null,
          giftCardFaceValueCents: stock.kind === 'gift_card' ? stock.unitValueCents : null,
        };
      },
      async ({ uow, protocol, events, before }) => {
        const recorded = events.find((e) => e.type === 'DisbursementRecorded');
        if (recorded?.type !== 'DisbursementRecorded' || before.status === 'none' || !('approval' in before) || !before.approval) return;
        const d = recorded.data;
        const meta = { protocolVersion: protocol.version };
        const fund = fundStreamId(before.approval.fundId);
        if (d.source === 'money') {
          await uow.decide(fund, fundDecider, { type: 'DisburseMoney', data: { requestId, disbursementId, amountCents: d.amountCents } }, meta);
          if (d.receiptDueOn) {
            await uow.decide(organizationStreamId(before.facts.organizationId), organizationDecider, {
              type: 'RecordReceiptDue',
              requestId,
              disbursementId,
              dueOn: d.receiptDueOn,
            });
          }
          return;
        }
        await uow.decide(
          stockStreamId(d.itemId ?? ''),
          stockDecider,
          { type: 'IssueStock', data: { quantity: d.quantity ?? 1, serials: d.serials, requestId, disbursementId } },
          meta,
        );
        // Donated stock covered this part of the need: the money reserved for it goes back.
        await uow.decide(fund, fundDecider, { type: 'ReleaseReservation', data: { requestId, amountCents: d.amountCents, reason: 'covered_by_stock' } }, meta);
      },
      ifMatch,
    );
  }
}
