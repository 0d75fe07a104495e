import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, runUnitOfWork, type EventStore } from '@fund/event-sourcing';
import { fundDecider, fundStreamId, grantCloseOutReport, type CloseOutDecision, type GrantCloseOutReport } from '@fund/funds';
import { EVENT_STORE } from '@fund/platform';
import { loadProtocolInForce } from '@fund/protocols';
import { fundRequestDecider } from '../fund-request.decider';
import type { FundRequestCommand } from '../fund-request.commands';
import { fundRequestPlan } from '../fund-request.plan';
import { grantCloseOutPlan } from './grant-close-out.plan';
import { CloseOutGrantCommand } from './close-out-grant.command';
import type { CloseOutChoiceDto } from './close-out-grant.dto';

const decisionOf = (c: CloseOutChoiceDto): CloseOutDecision => (c.action === 'move' ? { action: 'move', toFundId: c.toFundId ?? '' } : { action: c.action });

/**
 * One unit of work: the grant decides its close-out, each request it held money for records the
 * decision, and each request's own plan moves the money into the other fund or releases it from
 * the survivor reference's cap. All appended at once, or nothing: a fund that refuses a moved
 * reservation (its grant does not allow it, its line or balance is short) refuses the close.
 */
@CommandHandler(CloseOutGrantCommand)
export class CloseOutGrantHandler implements ICommandHandler<CloseOutGrantCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ fundId, body, context, ifMatch }: CloseOutGrantCommand): Promise<{ version: number; report: GrantCloseOutReport }> {
    const decisions: Record<string, CloseOutDecision> = {};
    for (const d of body.decisions) {
      if (decisions[d.requestId]) throw new DomainError('FUND.CLOSE_OUT_DUPLICATE_DECISION', 'A request is named twice', { field: 'decisions', requestId: d.requestId }, 'validation');
      decisions[d.requestId] = decisionOf(d);
    }
    const streamId = fundStreamId(fundId);
    const outcome = await runUnitOfWork(
      this.store,
      context,
      async (uow) => {
        const protocol = await loadProtocolInForce(uow);
        const under = { protocolVersion: protocol.version };
        const command = { type: 'CloseOutGrant' as const, data: { decisions, now: context.now, ...(body.otherwise ? { otherwise: decisionOf(body.otherwise) } : {}), ...(body.reference ? { reference: body.reference } : {}) } };
        const { events, state } = await uow.decide(streamId, fundDecider, command, under);
        for (const step of grantCloseOutPlan(fundId, events, context.now)) {
          const decided = await uow.decide(step.streamId, fundRequestDecider, step.command as FundRequestCommand, under);
          await uow.follow(fundRequestPlan({ ...decided, protocol }));
        }
        return state;
      },
      ifMatch === undefined ? {} : { expected: { streamId, version: ifMatch } },
    );
    const report = grantCloseOutReport(outcome.result);
    if (!report) throw new Error('A closed-out fund is a grant');
    return { version: outcome.versionOf(streamId), report };
  }
}
