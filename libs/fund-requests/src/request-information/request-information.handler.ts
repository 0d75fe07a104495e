import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FundRequestWorkflow, type WorkflowResult } from '../fund-request.workflow';
import { RequestMoreInformationCommand } from './request-information.command';

@CommandHandler(RequestMoreInformationCommand)
export class RequestInformationHandler implements ICommandHandler<RequestMoreInformationCommand, WorkflowResult> {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  execute(c: RequestMoreInformationCommand): Promise<WorkflowResult> {
    return this.workflow.run(c.requestId, c.context, () => ({ type: 'RequestMoreInformation', data: { askedBy: c.context.actor.userId, questionCode: c.questionCode } }), c.ifMatch);
  }
}
