import { Query } from '@nestjs/cqrs';
import type { ProtocolView } from '../protocol-view';

export interface ProtocolInForceView {
  readonly protocol: ProtocolView;
  /** Changes exactly when another version is put in force: the ETag of /protocols/current. */
  readonly registryVersion: number;
}

export class GetProtocolInForceQuery extends Query<ProtocolInForceView> {}
