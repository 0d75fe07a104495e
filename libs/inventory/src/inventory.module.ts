import { Module } from '@nestjs/common';
import { AdjustStockController } from './adjust-stock/adjust-stock.controller';
import { AdjustStockHandler } from './adjust-stock/adjust-stock.handler';
import { ConfirmCardReceiptController } from './card-purchases/confirm-card-receipt/confirm-card-receipt.controller';
import { ConfirmCardReceiptHandler } from './card-purchases/confirm-card-receipt/confirm-card-receipt.handler';
import { GetCardPurchaseController } from './card-purchases/get-card-purchase/get-card-purchase.controller';
import { RecordCardPurchaseController } from './card-purchases/record-card-purchase/record-card-purchase.controller';
import { RecordCardPurchaseHandler } from './card-purchases/record-card-purchase/record-card-purchase.handler';
import { SellStockController } from './sell-stock/sell-stock.controller';
import { SellStockHandler } from './sell-stock/sell-stock.handler';
import { GetStockController } from './get-stock/get-stock.controller';
import { GetStockHandler } from './get-stock/get-stock.handler';
import { ApproveCountAdjustmentController } from './stock-counts/approve-count-adjustment/approve-count-adjustment.controller';
import { ApproveCountAdjustmentHandler } from './stock-counts/approve-count-adjustment/approve-count-adjustment.handler';
import { GetStockCountController } from './stock-counts/get-stock-count/get-stock-count.controller';
import { RecordStockCountController } from './stock-counts/record-stock-count/record-stock-count.controller';
import { RecordStockCountHandler } from './stock-counts/record-stock-count/record-stock-count.handler';

/**
 * In-kind stock. Donated stock arrives through donations and leaves through disbursements, both
 * decided by other libs through `stockDecider`; this module serves adjustments and reads, card
 * purchases (money from a fund into stock, under dual control) and physical counts.
 */
@Module({
  controllers: [
    AdjustStockController,
    GetStockController,
    RecordCardPurchaseController,
    ConfirmCardReceiptController,
    GetCardPurchaseController,
    RecordStockCountController,
    ApproveCountAdjustmentController,
    GetStockCountController,
    SellStockController,
  ],
  providers: [AdjustStockHandler, GetStockHandler, RecordCardPurchaseHandler, ConfirmCardReceiptHandler, RecordStockCountHandler, ApproveCountAdjustmentHandler, SellStockHandler],
})
export class InventoryModule {}
