import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runUnitOfWork, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { fundDecider, fundStreamId } from '../fund.decider';
import type { FundRestrictions } from '../fund.events';
import { toFundRestrictionsView, type FundRestrictionsView } from '../fund-restrictions.view';
import { restrictionsPlan } from '../restricted-funds.registry';
import { SetFundRestrictionsCommand } from './set-fund-restrictions.command';

/** The restrictions and the fund's place among restricted funds are appended together. */
@CommandHandler(SetFundRestrictionsCommand)
export class SetFundRestrictionsHandler implements ICommandHandler<SetFundRestrictionsCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ fundId, body, context }: SetFundRestrictionsCommand): Promise<{ version: number; view: FundRestrictionsView }> {
    const { purpose, period, budgetLines, match, reference } = body;
    const restrictions: FundRestrictions = {
      purpose: {
        categories: purpose.categories,
        paymentMethods: purpose.paymentMethods,
        ...(purpose.providerTypes ? { providerTypes: purpose.providerTypes } : {}),
        ...(purpose.counties ? { counties: purpose.counties } : {}),
      },
      period: { firstDay: period.firstDay, lastDay: period.lastDay, liquidationDeadline: period.liquidationDeadline },
      budgetLines: budgetLines.map((l) => ({ lineId: l.lineId, categories: l.categories, amountCents: l.amountCents })),
      ...(match ? { match: { requiredCents: match.requiredCents } } : {}),
    };
    const streamId = fundStreamId(fundId);
    const outcome = await runUnitOfWork(this.store, context, async (uow) => {
      const { state, events } = await uow.decide(streamId, fundDecider, { type: 'SetFundRestrictions', data: { restrictions, now: context.now, ...(reference ? { reference } : {}) } });
      await uow.follow(restrictionsPlan(fundId, events));
      return state;
    });
    if (outcome.result.status !== 'open') throw new Error('Restrictions are only set on an open fund');
    return { version: outcome.versionOf(streamId), view: toFundRestrictionsView(outcome.result) };
  }
}
