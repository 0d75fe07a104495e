import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FundRequestWorkflow, type WorkflowResult } from '../fund-request.workflow';
import { VoidRequestDisbursementCommand } from './void-disbursement.command';

/** A payment that did not happen (a card never handed over): reversed by new events, never edited. */
@CommandHandler(VoidRequestDisbursementCommand)
export class VoidRequestDisbursementHandler implements ICommandHandler<VoidRequestDisbursementCommand, WorkflowResult> {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  execute({ requestId, disbursementId, context, ifMatch }: VoidRequestDisbursementCommand): Promise<WorkflowResult> {
    return this.workflow.run(requestId, context, () => ({ type: 'VoidRequestDisbursement', data: { disbursementId } }), ifMatch);
  }
}
