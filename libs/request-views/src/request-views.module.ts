import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { migrate, type SqlDatabase } from '@fund/event-sourcing';
import { READ_DATABASE } from '@fund/platform';
import { BALANCE_MIGRATIONS, BalancesProjection } from './balances.projection';
import { BalancesController } from './queues/balances.controller';
import { QueuesController } from './queues/queues.controller';
import { REQUEST_VIEW_MIGRATIONS, RequestViewsProjection } from './request-views.projection';

/** Query side of the work queues. Creates the tables too, so an api replica can start first. */
@Module({
  controllers: [QueuesController, BalancesController],
  providers: [RequestViewsProjection, BalancesProjection],
  exports: [RequestViewsProjection, BalancesProjection],
})
export class RequestViewsModule implements OnModuleInit {
  constructor(@Inject(READ_DATABASE) private readonly db: SqlDatabase) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.db, 'read-model:request-views', REQUEST_VIEW_MIGRATIONS);
    await migrate(this.db, 'read-model:balances', BALANCE_MIGRATIONS);
  }
}
