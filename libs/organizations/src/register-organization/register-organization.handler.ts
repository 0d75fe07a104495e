import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { organizationDecider } from '../organization.decider';
import { organizationStreamId } from '../organization.events';
import { RegisterOrganizationCommand } from './register-organization.command';

@CommandHandler(RegisterOrganizationCommand)
export class RegisterOrganizationHandler implements ICommandHandler<RegisterOrganizationCommand, { version: number }> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(c: RegisterOrganizationCommand): Promise<{ version: number }> {
    const result = await handleCommand(
      this.store,
      organizationStreamId(c.organizationId),
      organizationDecider,
      { type: 'RegisterOrganization', data: { organizationId: c.organizationId, providerType: c.providerType, county: c.county } },
      { context: c.context },
    );
    return { version: result.version };
  }
}
