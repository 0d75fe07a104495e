import type { EventHandler } from '@fund/event-sourcing';
import { AuditLedgerProjection } from '@fund/audit-ledger';
import { NotificationsProjection } from '@fund/notifications';
import { ReportingProjection } from '@fund/reporting';
import { BalancesProjection, ProtocolVersionsProjection, RequestViewsProjection } from '@fund/request-views';

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
