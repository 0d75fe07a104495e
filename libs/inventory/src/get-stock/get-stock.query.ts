import { Query } from '@nestjs/cqrs';
import type { VersionedStock } from '../stock.view';

export class GetStockQuery extends Query<VersionedStock> {
  constructor(readonly itemId: string) {
    super();
  }
}
