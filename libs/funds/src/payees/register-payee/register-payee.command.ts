import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@fund/event-sourcing';
import type { RegisterPayee } from '../payee.decider';
import type { VersionedPayee } from '../get-payee/get-payee.query';

export class RegisterPayeeCommand extends Command<VersionedPayee> {
  constructor(
    readonly input: RegisterPayee['data'],
    readonly context: CommandContext,
  ) {
    super();
  }
}
