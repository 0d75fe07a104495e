import { Module, type DynamicModule } from '@nestjs/common';
import type { EventHandler } from '@fund/event-sourcing';
import { SubscriptionsModule } from '@fund/platform';
import { AuditLedgerProjection } from '@fund/audit-ledger';
import { FundRequestsWorkerModule } from '@fund/fund-requests';
import { ReportingProjection } from '@fund/reporting';
import { BalancesProjection, RequestViewsProjection } from '@fund/request-views';
import { ProjectionsAdminController } from './projections-admin.controller';

/**
 * Every read model and relay the worker keeps up to date, each on its own checkpoint.
 */
export const EVENT_HANDLER_CLASSES: readonly (new (...args: never[]) => EventHandler)[] = [RequestViewsProjection, BalancesProjection, AuditLedgerProjection, ReportingProjection];

@Module({})
export class WorkerModule {
  static forRoot(): DynamicModule {
    const subscriptions = SubscriptionsModule.forRoot(EVENT_HANDLER_CLASSES);
    return { module: WorkerModule, imports: [subscriptions, FundRequestsWorkerModule], controllers: [ProjectionsAdminController], exports: [subscriptions] };
  }
}
