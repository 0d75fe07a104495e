import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FundRequestWorkflow, type WorkflowResult } from '../fund-request.workflow';
import { RatifyExpeditedApprovalCommand } from './ratify-expedited-approval.command';

@CommandHandler(RatifyExpeditedApprovalCommand)
export class RatifyExpeditedApprovalHandler implements ICommandHandler<RatifyExpeditedApprovalCommand, WorkflowResult> {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  execute(c: RatifyExpeditedApprovalCommand): Promise<WorkflowResult> {
    const { userId: memberId, organizationId } = c.context.actor;
    return this.workflow.run(c.requestId, c.context, () => ({ type: 'RatifyExpeditedApproval', data: { memberId, organizationId } }), c.ifMatch);
  }
}
