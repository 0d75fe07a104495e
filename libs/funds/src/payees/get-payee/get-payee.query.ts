import { Query } from '@nestjs/cqrs';
import type { PayeeView } from '../payee.view';

export interface VersionedPayee {
  readonly version: number;
  readonly payee: PayeeView;
}

export class GetPayeeQuery extends Query<VersionedPayee> {
  constructor(readonly payeeId: string) {
    super();
  }
}
