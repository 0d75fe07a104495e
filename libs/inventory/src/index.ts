export * from './stock.events';
export * from './stock.decider';
export { StockView, toStockView, type VersionedStock } from './stock.view';
export { AdjustStockCommand } from './adjust-stock/adjust-stock.command';
export { GetStockQuery } from './get-stock/get-stock.query';
export { InventoryModule } from './inventory.module';
