import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FundRequestWorkflow, type WorkflowResult } from '../fund-request.workflow';
import { CastRequestVoteCommand } from './cast-vote.command';

/** The decisive approval's reservation and 12-month cap follow from its event: see `fundRequestPlan`. */
@CommandHandler(CastRequestVoteCommand)
export class CastVoteHandler implements ICommandHandler<CastRequestVoteCommand, WorkflowResult> {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  execute({ requestId, body, context, ifMatch }: CastRequestVoteCommand): Promise<WorkflowResult> {
    return this.workflow.run(
      requestId,
      context,
      (protocol) => ({
        type: 'CastRequestVote',
        data: {
          memberId: context.actor.userId,
          organizationId: context.actor.organizationId,
          vote: body.vote,
          amountCents: body.amountCents ?? null,
          reasonCode: body.reasonCode ?? null,
          fundId: body.fundId ?? null,
          now: context.now,
          rules: protocol.rules,
        },
      }),
      ifMatch,
    );
  }
}
