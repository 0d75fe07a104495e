export * from './fund.events';
export * from './fund.decider';
export { FundView, toFundView, type VersionedFund } from './fund.view';
export { OpenFundCommand } from './open-fund/open-fund.command';
export { GetFundQuery } from './get-fund/get-fund.query';
export * from './payees/payee.events';
export * from './payees/payee.decider';
export { PayeeView } from './payees/payee.view';
export { FundsModule } from './funds.module';
