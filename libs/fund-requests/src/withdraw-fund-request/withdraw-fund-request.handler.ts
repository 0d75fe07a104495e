import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FundRequestWorkflow, type WorkflowResult } from '../fund-request.workflow';
import { WithdrawFundRequest } from './withdraw-fund-request.command';

@CommandHandler(WithdrawFundRequest)
export class WithdrawFundRequestHandler implements ICommandHandler<WithdrawFundRequest, WorkflowResult> {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  execute(c: WithdrawFundRequest): Promise<WorkflowResult> {
    return this.workflow.run(c.requestId, c.context, () => ({ type: 'WithdrawFundRequest', data: { organizationId: c.context.actor.organizationId } }), c.ifMatch);
  }
}
