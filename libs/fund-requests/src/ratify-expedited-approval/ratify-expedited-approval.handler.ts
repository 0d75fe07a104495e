import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FundRequestWorkflow, type WorkflowResult } from '../fund-request.workflow';
import { RatifyExpeditedApproval } from './ratify-expedited-approval.command';

@CommandHandler(RatifyExpeditedApproval)
export class RatifyExpeditedApprovalHandler implements ICommandHandler<RatifyExpeditedApproval, WorkflowResult> {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  execute(c: RatifyExpeditedApproval): Promise<WorkflowResult> {
    return this.workflow.run(
      c.requestId,
      c.context,
      () => ({ type: 'RatifyExpeditedApproval', memberId: c.context.actor.userId, organizationId: c.context.actor.organizationId }),
      undefined,
      c.ifMatch,
    );
  }
}
