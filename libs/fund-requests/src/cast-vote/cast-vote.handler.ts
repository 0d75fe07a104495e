import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RESTRICTED_FUNDS_STREAM, restrictedFundsDecider } from '@fund/funds';
import { fundRequestDecider } from '../fund-request.decider';
import { fundRequestStreamId } from '../fund-request.events';
import { FundRequestWorkflow, type WorkflowResult } from '../fund-request.workflow';
import { approvalCandidates, type LoadState } from '../approval-fund/approval-candidates';
import { CastRequestVoteCommand } from './cast-vote.command';

/**
 * The decisive approval's reservation and 12-month cap follow from its event: see `fundRequestPlan`.
 * An approval weighs every restricted fund, read in the same unit of work as the reservation, so
 * the fund it chooses is checked again on the very state it appends to (a race decides again).
 */
@CommandHandler(CastRequestVoteCommand)
export class CastVoteHandler implements ICommandHandler<CastRequestVoteCommand, WorkflowResult> {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  execute({ requestId, body, context, ifMatch }: CastRequestVoteCommand): Promise<WorkflowResult> {
    return this.workflow.run(
      requestId,
      context,
      async (protocol, uow) => {
        const load: LoadState = async (streamId, decider) => (await uow.load(streamId, decider)).state;
        const candidates = body.vote === 'approve' ? await approvalCandidates(load, (await uow.load(fundRequestStreamId(requestId), fundRequestDecider)).state) : {};
        return {
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
            ...candidates,
          },
        };
      },
      ifMatch,
      // Read with the protocol and the request, so the fund choice's reads start one round trip earlier.
      (uow) => (body.vote === 'approve' ? [uow.load(RESTRICTED_FUNDS_STREAM, restrictedFundsDecider)] : []),
    );
  }
}
