import { Module } from '@nestjs/common';
import { GetFundController } from './get-fund/get-fund.controller';
import { GetFundHandler } from './get-fund/get-fund.handler';
import { OpenFundController } from './open-fund/open-fund.controller';
import { OpenFundHandler } from './open-fund/open-fund.handler';

/** Pools of money. The CommandBus and QueryBus come from the app's CqrsModule.forRoot(). */
@Module({
  controllers: [OpenFundController, GetFundController],
  providers: [OpenFundHandler, GetFundHandler],
})
export class FundsModule {}
