import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FundRequestWorkflow, type WorkflowResult } from '../fund-request.workflow';
import { WithdrawFundRequestCommand } from './withdraw-fund-request.command';

@CommandHandler(WithdrawFundRequestCommand)
export class WithdrawFundRequestHandler implements ICommandHandler<WithdrawFundRequestCommand, WorkflowResult> {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  execute(c: WithdrawFundRequestCommand): Promise<WorkflowResult> {
    return this.workflow.run(c.requestId, c.context, () => ({ type: 'WithdrawFundRequest', data: { organizationId: c.context.actor.organizationId } }), c.ifMatch);
  }
}
