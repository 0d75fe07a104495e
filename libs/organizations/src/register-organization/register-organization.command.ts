import type { CommandContext } from '@fund/event-sourcing';
import type { County, ProviderType } from '../vocabulary';

export class RegisterOrganization {
  constructor(
    readonly organizationId: string,
    readonly providerType: ProviderType,
    readonly county: County,
    readonly context: CommandContext,
  ) {}
}
