import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FundRequestWorkflow, type WorkflowResult } from '../fund-request.workflow';
import { ExpireFundRequest } from './expire-fund-request.command';

@CommandHandler(ExpireFundRequest)
export class ExpireFundRequestHandler implements ICommandHandler<ExpireFundRequest, WorkflowResult> {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  execute(c: ExpireFundRequest): Promise<WorkflowResult> {
    return this.workflow.run(c.requestId, c.context, (protocol) => ({ type: 'ExpireFundRequest', data: { now: c.context.now, rules: protocol.rules } }));
  }
}
