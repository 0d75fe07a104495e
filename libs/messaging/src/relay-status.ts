import type { MessagingSettings } from './messaging-config';
import { KAFKA_RELAY } from './kafka-relay';

export type RelayStatus =
  | { readonly enabled: false; readonly reason: string }
  | {
      readonly enabled: true;
      readonly brokers: readonly string[];
      readonly topic: string;
      /** Events after the relay's checkpoint (null while unknown). Growing lag with a lastError: the broker is away. */
      readonly lag: number | null;
      readonly lastError: string | null;
    };

/** The structural slice of a subscription's health this needs (SubscriptionsHost.health() in @fund/platform). */
export interface SubscriptionHealthLike {
  readonly name: string;
  readonly lag: number | null;
  readonly lastError: string | null;
}

/** What /health says about the Kafka relay. */
export function relayStatus(settings: MessagingSettings, subscriptions: readonly SubscriptionHealthLike[] | null = null): RelayStatus {
  if (!settings.enabled) return { enabled: false, reason: settings.reason };
  const relay = subscriptions?.find((s) => s.name === KAFKA_RELAY);
  return {
    enabled: true,
    brokers: settings.config.brokers,
    topic: settings.config.KAFKA_TOPIC,
    lag: relay?.lag ?? null,
    lastError: relay?.lastError ?? null,
  };
}
