import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { KafkaPublisher } from './kafka-publisher';
import { KafkaRelay, RELAY_SETTINGS, type RelaySettings } from './kafka-relay';
import type { MessagingConfig, MessagingSettings } from './messaging-config';
import { PUBLISHER } from './publisher';

export const MESSAGING_CONFIG = Symbol('MESSAGING_CONFIG');
/** The MessagingSettings (on with its config, or off with the reason), for /health. */
export const MESSAGING_SETTINGS = Symbol('MESSAGING_SETTINGS');

/** The handler classes to add to the worker's subscriptions: the relay only when Kafka is on. */
export function messagingHandlers(settings: MessagingSettings): readonly (typeof KafkaRelay)[] {
  return settings.enabled ? [KafkaRelay] : [];
}

export function relaySettingsFrom(config: MessagingConfig): RelaySettings {
  return {
    topic: config.KAFKA_TOPIC,
    partitions: config.KAFKA_TOPIC_PARTITIONS,
    retentionMs: config.KAFKA_TOPIC_RETENTION_MS,
    replicationFactor: config.KAFKA_TOPIC_REPLICATION_FACTOR,
    keySecret: config.KAFKA_KEY_SECRET,
  };
}

export function kafkaPublisherFrom(config: MessagingConfig, logger = new Logger('Kafka')): KafkaPublisher {
  return new KafkaPublisher({
    brokers: config.brokers,
    clientId: config.KAFKA_CLIENT_ID,
    ssl: config.KAFKA_SSL ?? false,
    ...(config.KAFKA_SASL_MECHANISM
      ? { sasl: { mechanism: config.KAFKA_SASL_MECHANISM, username: config.KAFKA_SASL_USERNAME ?? '', password: config.KAFKA_SASL_PASSWORD ?? '' } }
      : {}),
    log: (level, message, namespace) => (level === 'error' ? logger.error({ namespace }, message) : logger.warn({ namespace }, message)),
  });
}

/**
 * Import only when Kafka is configured (`loadMessagingConfig(env).enabled`): without it the
 * relay must not run at all. Global, because the worker's SubscriptionsModule instantiates the
 * handler classes it is given and KafkaRelay needs the publisher and settings from here.
 */
@Module({})
export class MessagingModule {
  static forRoot(config: MessagingConfig): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_CONFIG, useValue: config },
        { provide: RELAY_SETTINGS, useValue: relaySettingsFrom(config) },
        { provide: PUBLISHER, useFactory: () => kafkaPublisherFrom(config) },
        KafkaRelay,
      ],
      exports: [MESSAGING_CONFIG, RELAY_SETTINGS, PUBLISHER, KafkaRelay],
    };
  }

  /**
   * Always importable: provides MESSAGING_SETTINGS (so /health can say why Kafka is off), and
   * everything of {@link forRoot} only when Kafka is configured.
   */
  static forSettings(settings: MessagingSettings): DynamicModule {
    const on = settings.enabled ? MessagingModule.forRoot(settings.config) : { providers: [], exports: [] };
    return {
      module: MessagingModule,
      global: true,
      providers: [{ provide: MESSAGING_SETTINGS, useValue: settings }, ...(on.providers ?? [])],
      exports: [MESSAGING_SETTINGS, ...(on.exports ?? [])],
    };
  }
}
