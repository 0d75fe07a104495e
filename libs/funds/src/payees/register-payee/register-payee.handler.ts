import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import type { VersionedPayee } from '../get-payee/get-payee.query';
import { payeeDecider, payeeStreamId } from '../payee.decider';
import { toPayeeView } from '../payee.view';
import { RegisterPayeeCommand } from './register-payee.command';

@CommandHandler(RegisterPayeeCommand)
export class RegisterPayeeHandler implements ICommandHandler<RegisterPayeeCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ input, context }: RegisterPayeeCommand): Promise<VersionedPayee> {
    const { version, newState } = await handleCommand(this.store, payeeStreamId(input.payeeId), payeeDecider, { type: 'RegisterPayee', data: input }, { context });
    if (newState.status !== 'registered') throw new Error('A registered payee folds to a registered state');
    return { version, payee: toPayeeView(newState) };
  }
}
