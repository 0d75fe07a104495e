import { Query } from '@nestjs/cqrs';
import type { GrantCloseOutReport } from '../grant-close-out.report';

export class GetGrantCloseOutQuery extends Query<{ version: number; report: GrantCloseOutReport }> {
  constructor(readonly fundId: string) {
    super();
  }
}
