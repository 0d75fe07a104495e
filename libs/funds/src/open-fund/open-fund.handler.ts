import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { fundDecider, fundStreamId } from '../fund.decider';
import { toFundView, type VersionedFund } from '../fund.view';
import { OpenFundCommand } from './open-fund.command';

@CommandHandler(OpenFundCommand)
export class OpenFundHandler implements ICommandHandler<OpenFundCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ input, context }: OpenFundCommand): Promise<VersionedFund> {
    const { version, newState } = await handleCommand(this.store, fundStreamId(input.fundId), fundDecider, { type: 'OpenFund', data: input }, { context });
    if (newState.status !== 'open') throw new Error('An opened fund folds to an open state');
    return { version, fund: toFundView(newState) };
  }
}
