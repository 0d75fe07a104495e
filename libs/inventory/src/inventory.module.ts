import { Module } from '@nestjs/common';
import { AdjustStockController } from './adjust-stock/adjust-stock.controller';
import { AdjustStockHandler } from './adjust-stock/adjust-stock.handler';
import { GetStockController } from './get-stock/get-stock.controller';
import { GetStockHandler } from './get-stock/get-stock.handler';

/**
 * In-kind stock. Stock arrives through donations and leaves through disbursements, both decided
 * by other libs through `stockDecider`; this module serves adjustments and reads.
 */
@Module({
  controllers: [AdjustStockController, GetStockController],
  providers: [AdjustStockHandler, GetStockHandler],
})
export class InventoryModule {}
