import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@fund/event-sourcing';
import type { County, ProviderType } from '../vocabulary';

export class RegisterOrganizationCommand extends Command<{ version: number }> {
  constructor(
    readonly organizationId: string,
    readonly providerType: ProviderType,
    readonly county: County,
    readonly context: CommandContext,
  ) {
    super();
  }
}
