import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FundRequestWorkflow, type WorkflowResult } from '../fund-request.workflow';
import { CloseFundRequestCommand } from './close-fund-request.command';

@CommandHandler(CloseFundRequestCommand)
export class CloseFundRequestHandler implements ICommandHandler<CloseFundRequestCommand, WorkflowResult> {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  execute(c: CloseFundRequestCommand): Promise<WorkflowResult> {
    return this.workflow.run(c.requestId, c.context, () => ({ type: 'CloseFundRequest', data: { now: c.context.now } }), c.ifMatch);
  }
}
