import { Query } from '@nestjs/cqrs';
import type { VersionedFund } from '../fund.view';

export class GetFundQuery extends Query<VersionedFund> {
  constructor(readonly fundId: string) {
    super();
  }
}
