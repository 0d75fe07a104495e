import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { fundDecider, fundStreamId } from '@fund/funds';
import { survivorReferenceDecider, survivorStreamId } from '@fund/organizations';
import { FundRequestWorkflow, today, type WorkflowResult } from '../fund-request.workflow';
import { CastVote } from './cast-vote.command';

@CommandHandler(CastVote)
export class CastVoteHandler implements ICommandHandler<CastVote, WorkflowResult> {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  execute({ requestId, body, context, ifMatch }: CastVote): Promise<WorkflowResult> {
    return this.workflow.run(
      requestId,
      context,
      (protocol) => ({
        type: 'CastVote',
        memberId: context.actor.userId,
        organizationId: context.actor.organizationId,
        vote: body.vote,
        amountCents: body.amountCents ?? null,
        reasonCode: body.reasonCode ?? null,
        fundId: body.fundId ?? null,
        now: context.now,
        rules: protocol.rules,
      }),
      // The decisive approval reserves the money and counts it against the survivor's cap in
      // the same append: a fund can never be promised more than it holds.
      async ({ uow, protocol, events, before }) => {
        const approved = events.find((e) => e.type === 'FundRequestApproved');
        if (approved?.type !== 'FundRequestApproved' || before.status === 'none') return;
        const { amountCents, fundId } = approved.data;
        await uow.decide(fundStreamId(fundId), fundDecider, { type: 'ReserveMoney', data: { requestId, amountCents } }, { protocolVersion: protocol.version });
        await uow.decide(survivorStreamId(before.facts.survivorReference), survivorReferenceDecider, {
          type: 'CommitSupport',
          requestId,
          amountCents,
          today: today(context),
          capPer12MonthsCents: protocol.rules.capPerSurvivorPer12MonthsCents,
        });
      },
      ifMatch,
    );
  }
}
