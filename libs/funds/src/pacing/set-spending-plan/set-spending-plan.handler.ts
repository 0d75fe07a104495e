import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runUnitOfWork, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { fundDecider, fundStreamId } from '../../fund.decider';
import type { Pacing } from '../pacing';
import { readPacing } from '../read-pacing';
import { SPENDING_PLANS_STREAM, spendingPlansDecider } from '../spending-plan.decider';
import { SetSpendingPlanCommand } from './set-spending-plan.command';

/** The plan is decided on the fund as read in the same unit of work, so it names a fund and line that exist. */
@CommandHandler(SetSpendingPlanCommand)
export class SetSpendingPlanHandler implements ICommandHandler<SetSpendingPlanCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ fundId, body, context }: SetSpendingPlanCommand): Promise<Pacing> {
    const budgetLineId = body.budgetLineId ?? null;
    await runUnitOfWork(this.store, context, async (uow) => {
      const { state: fund } = await uow.load(fundStreamId(fundId), fundDecider);
      await uow.decide(SPENDING_PLANS_STREAM, spendingPlansDecider, {
        type: 'SetSpendingPlan',
        data: {
          fundId,
          fund,
          budgetLineId,
          cadence: body.cadence,
          periods: body.periods.map((p) => ({ start: p.start, amountCents: p.amountCents })),
          warnings: { lowBalanceCents: body.warnings.lowBalanceCents ?? null, overPacePercent: body.warnings.overPacePercent },
          now: context.now,
        },
      });
    });
    const [pacing] = await readPacing(this.store, context.now.toISOString().slice(0, 10), { fundId, budgetLineId });
    if (!pacing) throw new Error('A plan just set is in force');
    return pacing;
  }
}
