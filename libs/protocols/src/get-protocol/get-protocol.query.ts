import { Query } from '@nestjs/cqrs';
import type { ProtocolView } from '../protocol-view';

export class GetProtocolQuery extends Query<ProtocolView> {
  constructor(readonly version: string) {
    super();
  }
}
