import { Query } from '@nestjs/cqrs';
import type { Actor } from '@fund/event-sourcing';
import type { FundRequestView } from './fund-request.view';

export interface VersionedFundRequest {
  readonly version: number;
  readonly request: FundRequestView;
}

/** The reader decides what is shown: a provider sees only its own organization's requests. */
export class GetFundRequestQuery extends Query<VersionedFundRequest> {
  constructor(
    readonly requestId: string,
    readonly reader: Actor,
  ) {
    super();
  }
}
