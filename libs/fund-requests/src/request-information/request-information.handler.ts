import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FundRequestWorkflow, type WorkflowResult } from '../fund-request.workflow';
import { RequestInformation } from './request-information.command';

@CommandHandler(RequestInformation)
export class RequestInformationHandler implements ICommandHandler<RequestInformation, WorkflowResult> {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  execute(c: RequestInformation): Promise<WorkflowResult> {
    return this.workflow.run(c.requestId, c.context, () => ({ type: 'RequestMoreInformation', data: { askedBy: c.context.actor.userId, questionCode: c.questionCode } }), c.ifMatch);
  }
}
