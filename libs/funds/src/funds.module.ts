import { Module } from '@nestjs/common';
import { GetFundController } from './get-fund/get-fund.controller';
import { GetFundHandler } from './get-fund/get-fund.handler';
import { GetFundRestrictionsController } from './get-fund-restrictions/get-fund-restrictions.controller';
import { GetFundRestrictionsHandler } from './get-fund-restrictions/get-fund-restrictions.handler';
import { SetFundRestrictionsController } from './set-fund-restrictions/set-fund-restrictions.controller';
import { SetFundRestrictionsHandler } from './set-fund-restrictions/set-fund-restrictions.handler';
import { OpenFundController } from './open-fund/open-fund.controller';
import { OpenFundHandler } from './open-fund/open-fund.handler';
import { GetPayeeController } from './payees/get-payee/get-payee.controller';
import { GetPayeeHandler } from './payees/get-payee/get-payee.handler';
import { RegisterPayeeController } from './payees/register-payee/register-payee.controller';
import { RegisterPayeeHandler } from './payees/register-payee/register-payee.handler';
import { ClosePeriodController } from './periods/close-period/close-period.controller';
import { ClosePeriodHandler } from './periods/close-period/close-period.handler';
import { GetGrantCloseOutController } from './close-out/get-close-out/get-close-out.controller';
import { GetGrantCloseOutHandler } from './close-out/get-close-out/get-close-out.handler';
import { GetPacingController } from './pacing/get-pacing/get-pacing.controller';
import { SetSpendingPlanController } from './pacing/set-spending-plan/set-spending-plan.controller';
import { SetSpendingPlanHandler } from './pacing/set-spending-plan/set-spending-plan.handler';

/**
 * Pools of money, and the register of who they pay. The CommandBus and QueryBus come from the
 * app's CqrsModule.forRoot().
 */
@Module({
  controllers: [OpenFundController, GetFundController, SetFundRestrictionsController, GetFundRestrictionsController, RegisterPayeeController, GetPayeeController, ClosePeriodController, GetGrantCloseOutController, SetSpendingPlanController, GetPacingController],
  providers: [OpenFundHandler, GetFundHandler, SetFundRestrictionsHandler, GetFundRestrictionsHandler, RegisterPayeeHandler, GetPayeeHandler, ClosePeriodHandler, GetGrantCloseOutHandler, SetSpendingPlanHandler],
})
export class FundsModule {}
