import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FundRequestWorkflow, type WorkflowResult } from '../fund-request.workflow';
import { VoidRequestDisbursement } from './void-disbursement.command';

/** A payment that did not happen (a card never handed over): reversed by new events, never edited. */
@CommandHandler(VoidRequestDisbursement)
export class VoidRequestDisbursementHandler implements ICommandHandler<VoidRequestDisbursement, WorkflowResult> {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  execute({ requestId, disbursementId, context, ifMatch }: VoidRequestDisbursement): Promise<WorkflowResult> {
    return this.workflow.run(requestId, context, () => ({ type: 'VoidRequestDisbursement', data: { disbursementId } }), ifMatch);
  }
}
