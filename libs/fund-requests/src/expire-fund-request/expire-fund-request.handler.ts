import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FundRequestWorkflow, type WorkflowResult } from '../fund-request.workflow';
import { ExpireFundRequestCommand } from './expire-fund-request.command';

@CommandHandler(ExpireFundRequestCommand)
export class ExpireFundRequestHandler implements ICommandHandler<ExpireFundRequestCommand, WorkflowResult> {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  execute(c: ExpireFundRequestCommand): Promise<WorkflowResult> {
    return this.workflow.run(c.requestId, c.context, (protocol) => ({ type: 'ExpireFundRequest', data: { now: c.context.now, rules: protocol.rules } }));
  }
}
