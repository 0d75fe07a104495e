import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FundRequestWorkflow, releaseSupport, type WorkflowResult } from '../fund-request.workflow';
import { WithdrawFundRequest } from './withdraw-fund-request.command';

@CommandHandler(WithdrawFundRequest)
export class WithdrawFundRequestHandler implements ICommandHandler<WithdrawFundRequest, WorkflowResult> {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  execute(c: WithdrawFundRequest): Promise<WorkflowResult> {
    return this.workflow.run(
      c.requestId,
      c.context,
      () => ({ type: 'WithdrawFundRequest', organizationId: c.context.actor.organizationId }),
      async (decision) => {
        const withdrawn = decision.events.find((e) => e.type === 'FundRequestWithdrawn');
        if (withdrawn?.type === 'FundRequestWithdrawn') await releaseSupport(decision, withdrawn.data.releasedCents, 'withdrawn');
      },
      c.ifMatch,
    );
  }
}
