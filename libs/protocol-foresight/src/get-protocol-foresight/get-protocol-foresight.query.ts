import { Query } from '@nestjs/cqrs';
import type { ProtocolForesightView } from '../foresight.view';

export class GetProtocolForesightQuery extends Query<ProtocolForesightView> {
  constructor(
    readonly version: string,
    /** Days, `YYYY-MM-DD`, as asked; defaults are worked out from `now`. */
    readonly from: string | undefined,
    readonly to: string | undefined,
    readonly now: Date,
  ) {
    super();
  }
}
