import { Module, type DynamicModule } from '@nestjs/common';
import type { EventHandler } from '@fund/event-sourcing';
import { AuditLedgerProjection } from '@fund/audit-ledger';
import { FundRequestsWorkerModule } from '@fund/fund-requests';
import { NotificationsProjection, NotificationsWorkerModule } from '@fund/notifications';
import { loadMessagingConfig, MESSAGING_SETTINGS, MessagingModule, messagingHandlers, relayStatus, type MessagingSettings } from '@fund/messaging';
import { HEALTH_EXTRAS, SubscriptionsModule, type HealthExtra } from '@fund/platform';
import { ReportingProjection } from '@fund/reporting';
import { BalancesProjection, ProtocolVersionsProjection, RequestViewsProjection } from '@fund/request-views';
import { ProjectionsAdminController } from './projections-admin.controller';

/**
 * Every read model the worker keeps up to date, each on its own checkpoint (the notifications
 * outbox among them). The Kafka relay joins them when KAFKA_BROKERS is set.
 */
export const EVENT_HANDLER_CLASSES: readonly (new (...args: never[]) => EventHandler)[] = [
  RequestViewsProjection,
  BalancesProjection,
  ProtocolVersionsProjection,
  AuditLedgerProjection,
  ReportingProjection,
  NotificationsProjection,
];

@Module({})
export class WorkerModule {
  static forRoot(messaging: MessagingSettings = loadMessagingConfig()): DynamicModule {
    const subscriptions = SubscriptionsModule.forRoot([...EVENT_HANDLER_CLASSES, ...messagingHandlers(messaging)]);
    return {
      module: WorkerModule,
      imports: [MessagingModule.forSettings(messaging), NotificationsWorkerModule.forRoot(), subscriptions, FundRequestsWorkerModule],
      controllers: [ProjectionsAdminController],
      providers: [
        {
          provide: HEALTH_EXTRAS,
          useFactory: (settings: MessagingSettings): HealthExtra[] => [{ name: 'kafka', report: (projections) => relayStatus(settings, projections) }],
          inject: [MESSAGING_SETTINGS],
        },
      ],
      exports: [subscriptions, HEALTH_EXTRAS],
    };
  }
}
