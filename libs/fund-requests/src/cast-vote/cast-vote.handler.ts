import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FundRequestWorkflow, type WorkflowResult } from '../fund-request.workflow';
import { CastVote } from './cast-vote.command';

/** The decisive approval's reservation and 12-month cap follow from its event: see `fundRequestPlan`. */
@CommandHandler(CastVote)
export class CastVoteHandler implements ICommandHandler<CastVote, WorkflowResult> {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  execute({ requestId, body, context, ifMatch }: CastVote): Promise<WorkflowResult> {
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
