import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { UnitOfWork } from '@fund/event-sourcing';
import { fundDecider, fundStreamId, RESTRICTED_FUNDS_STREAM, restrictedFundsDecider, type FundOption } from '@fund/funds';
import { organizationDecider, organizationStreamId } from '@fund/organizations';
import { fundRequestDecider } from '../fund-request.decider';
import { fundRequestStreamId } from '../fund-request.events';
import { FundRequestWorkflow, type WorkflowResult } from '../fund-request.workflow';
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
      async (protocol, uow) => ({
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
          ...(body.vote === 'approve' ? await approvalContext(uow, requestId) : {}),
        },
      }),
      ifMatch,
    );
  }
}

async function approvalContext(uow: UnitOfWork, requestId: string): Promise<{ funds: FundOption[]; agency?: { providerType: string; county: string } }> {
  const { state: registry } = await uow.load(RESTRICTED_FUNDS_STREAM, restrictedFundsDecider);
  const funds: FundOption[] = [];
  for (const fundId of registry.fundIds) funds.push({ fundId, state: (await uow.load(fundStreamId(fundId), fundDecider)).state });
  const { state: request } = await uow.load(fundRequestStreamId(requestId), fundRequestDecider);
  if (request.status === 'none') return { funds };
  const { state: organization } = await uow.load(organizationStreamId(request.facts.organizationId), organizationDecider);
  return organization.status === 'registered' ? { funds, agency: { providerType: organization.providerType, county: organization.county } } : { funds };
}
