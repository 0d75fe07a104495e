import { Module } from '@nestjs/common';
import { GetFundController } from './get-fund/get-fund.controller';
import { GetFundHandler } from './get-fund/get-fund.handler';
import { OpenFundController } from './open-fund/open-fund.controller';
import { OpenFundHandler } from './open-fund/open-fund.handler';
import { GetPayeeController } from './payees/get-payee/get-payee.controller';
import { GetPayeeHandler } from './payees/get-payee/get-payee.handler';
import { RegisterPayeeController } from './payees/register-payee/register-payee.controller';
import { RegisterPayeeHandler } from './payees/register-payee/register-payee.handler';

/**
 * Pools of money, and the register of who they pay. The CommandBus and QueryBus come from the
 * app's CqrsModule.forRoot().
 */
@Module({
  controllers: [OpenFundController, GetFundController, RegisterPayeeController, GetPayeeController],
  providers: [OpenFundHandler, GetFundHandler, RegisterPayeeHandler, GetPayeeHandler],
})
export class FundsModule {}
