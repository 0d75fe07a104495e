import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { migrate, type SqlDatabase } from '@fund/event-sourcing';
import { READ_DATABASE } from '@fund/platform';
import { BALANCE_MIGRATIONS, BalancesProjection } from './balances.projection';
import { CoordinatorOverviewController } from './coordinator-overview/coordinator-overview.controller';
import { FollowUpQueuesController } from './follow-up-queues/follow-up-queues.controller';
import { PROTOCOL_VERSION_MIGRATIONS, ProtocolVersionsProjection } from './protocol-versions/protocol-versions.projection';
import { ProtocolVersionsController } from './protocol-versions/protocol-versions.controller';
import { BalancesController } from './queues/balances.controller';
import { QueuesController } from './queues/queues.controller';
import { REQUEST_VIEW_MIGRATIONS, RequestViewsProjection } from './request-views.projection';

/** Query side of the work queues. Creates the tables too, so an api replica can start first. */
@Module({
  controllers: [QueuesController, FollowUpQueuesController, CoordinatorOverviewController, ProtocolVersionsController, BalancesController],
  providers: [RequestViewsProjection, BalancesProjection, ProtocolVersionsProjection],
  exports: [RequestViewsProjection, BalancesProjection, ProtocolVersionsProjection],
})
export class RequestViewsModule implements OnModuleInit {
  constructor(@Inject(READ_DATABASE) private readonly db: SqlDatabase) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.db, 'read-model:request-views', REQUEST_VIEW_MIGRATIONS);
    await migrate(this.db, 'read-model:balances', BALANCE_MIGRATIONS);
    await migrate(this.db, 'read-model:protocol-versions', PROTOCOL_VERSION_MIGRATIONS);
  }
}
