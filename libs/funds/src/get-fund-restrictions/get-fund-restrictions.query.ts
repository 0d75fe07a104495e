import { Query } from '@nestjs/cqrs';
import type { FundRestrictionsView } from '../fund-restrictions.view';

export class GetFundRestrictionsQuery extends Query<{ version: number; view: FundRestrictionsView }> {
  constructor(readonly fundId: string) {
    super();
  }
}
