import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FundRequestWorkflow, type WorkflowResult } from '../fund-request.workflow';
import { RatifyExpeditedApproval } from './ratify-expedited-approval.command';

@CommandHandler(RatifyExpeditedApproval)
export class RatifyExpeditedApprovalHandler implements ICommandHandler<RatifyExpeditedApproval, WorkflowResult> {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  execute(c: RatifyExpeditedApproval): Promise<WorkflowResult> {
    const { userId: memberId, organizationId } = c.context.actor;
    return this.workflow.run(c.requestId, c.context, () => ({ type: 'RatifyExpeditedApproval', data: { memberId, organizationId } }), c.ifMatch);
  }
}
