import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FundRequestWorkflow, type WorkflowResult } from '../fund-request.workflow';
import { CloseFundRequest } from './close-fund-request.command';

@CommandHandler(CloseFundRequest)
export class CloseFundRequestHandler implements ICommandHandler<CloseFundRequest, WorkflowResult> {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  execute(c: CloseFundRequest): Promise<WorkflowResult> {
    return this.workflow.run(c.requestId, c.context, () => ({ type: 'CloseFundRequest', data: { now: c.context.now } }), c.ifMatch);
  }
}
