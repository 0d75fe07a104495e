import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runUnitOfWork, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { ACCOUNTING_CALENDAR_STREAM, accountingCalendarDecider, periodClosePlan } from '../period.decider';
import { ClosePeriodCommand } from './close-period.command';
import type { ClosePeriodResult } from './close-period.view';

/** The close and the seal of the month's guard are one append (`periodClosePlan`): an entry dated in the month that races it is decided again. */
@CommandHandler(ClosePeriodCommand)
export class ClosePeriodHandler implements ICommandHandler<ClosePeriodCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ input, context }: ClosePeriodCommand): Promise<{ version: number; closed: ClosePeriodResult }> {
    const { result, versionOf } = await runUnitOfWork(this.store, context, async (uow) => {
      const decision = await uow.decide(ACCOUNTING_CALENDAR_STREAM, accountingCalendarDecider, { type: 'ClosePeriod', data: { ...input, now: context.now } });
      await uow.follow(periodClosePlan(decision));
      const closed = decision.events[0];
      if (!closed) throw new Error('A close decides one PeriodClosed');
      return closed.data;
    });
    return { version: versionOf(ACCOUNTING_CALENDAR_STREAM), closed: result };
  }
}
