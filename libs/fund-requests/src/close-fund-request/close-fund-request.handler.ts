import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FundRequestWorkflow, releaseSupport, type WorkflowResult } from '../fund-request.workflow';
import { CloseFundRequest } from './close-fund-request.command';

@CommandHandler(CloseFundRequest)
export class CloseFundRequestHandler implements ICommandHandler<CloseFundRequest, WorkflowResult> {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  execute(c: CloseFundRequest): Promise<WorkflowResult> {
    return this.workflow.run(
      c.requestId,
      c.context,
      () => ({ type: 'CloseFundRequest', now: c.context.now }),
      async (decision) => {
        const closed = decision.events.find((e) => e.type === 'FundRequestClosed');
        if (closed?.type === 'FundRequestClosed') await releaseSupport(decision, closed.data.releasedCents, 'underspent');
      },
      c.ifMatch,
    );
  }
}
