import { Query } from '@nestjs/cqrs';
import type { Actor } from '@fund/event-sourcing';
import type { County, ProviderType } from '../vocabulary';

export interface VersionedOrganization {
  readonly version: number;
  readonly organization: {
    readonly organizationId: string;
    readonly providerType: ProviderType;
    readonly county: County;
    readonly receiptsDue: number;
    readonly receiptsOverdue: readonly { readonly requestId: string; readonly disbursementId: string; readonly dueOn: string }[];
  };
}

/** Providers and council members read their own organization only. */
export class GetOrganizationQuery extends Query<VersionedOrganization> {
  constructor(
    readonly organizationId: string,
    readonly reader: Actor,
    readonly now: Date,
  ) {
    super();
  }
}
