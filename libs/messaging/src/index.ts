export * from './integration-events';
export { fiscalPeriodOf } from './fiscal-period';
export { INTEGRATION_EVENT_SCHEMAS, IntegrationEventRejected, assertValidIntegrationEvent, integrationEventProblems } from './integration-event-schemas';
export { mapEvent, toIntegrationEvent, type MappedEvent } from './to-integration-event';
export {
  MemoryRelayFacts,
  RELAY_MIGRATIONS,
  type DisbursementFacts,
  type FactChange,
  type KnownFacts,
  type OrganizationFacts,
  type RequestFacts,
} from './relay-facts';
export { streamKey } from './stream-key';
export { RecentIds } from './recent-ids';
export { PUBLISHER, type OutgoingMessage, type Publisher, type TopicSpec } from './publisher';
export { KafkaPublisher, type KafkaPublisherOptions } from './kafka-publisher';
export { KAFKA_RELAY, KafkaRelay, RELAY_SETTINGS, type RelaySettings } from './kafka-relay';
export { MessagingConfig, MessagingConfigError, loadMessagingConfig, loadMessagingConfigOrExit, type MessagingSettings } from './messaging-config';
export { relayStatus, type RelayStatus, type SubscriptionHealthLike } from './relay-status';
export { MESSAGING_CONFIG, MESSAGING_SETTINGS, MessagingModule, kafkaPublisherFrom, messagingHandlers, relaySettingsFrom } from './messaging.module';
