import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { fundDecider, fundStreamId } from '@fund/funds';
import { FundRequestWorkflow, settleReceipt, type WorkflowResult } from '../fund-request.workflow';
import { VoidRequestDisbursement } from './void-disbursement.command';

/** A payment that did not happen (a card never handed over): reversed by new events, never edited. */
@CommandHandler(VoidRequestDisbursement)
export class VoidRequestDisbursementHandler implements ICommandHandler<VoidRequestDisbursement, WorkflowResult> {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  execute({ requestId, disbursementId, context, ifMatch }: VoidRequestDisbursement): Promise<WorkflowResult> {
    return this.workflow.run(
      requestId,
      context,
      () => ({ type: 'VoidDisbursement', disbursementId }),
      async (decision) => {
        const { uow, protocol, before } = decision;
        if (before.status === 'none' || !('approval' in before) || !before.approval) return;
        await uow.decide(fundStreamId(before.approval.fundId), fundDecider, { type: 'VoidDisbursement', data: { requestId, disbursementId } }, { protocolVersion: protocol.version });
        await settleReceipt(decision, disbursementId);
      },
      ifMatch,
    );
  }
}
