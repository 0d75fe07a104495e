/**
 * The port the relay publishes through. The Kafka adapter (kafkajs) is one implementation;
 * swapping the client library means writing another adapter of these three methods
 * (docs/kafka.md), nothing else changes.
 */
export interface OutgoingMessage {
  readonly topic: string;
  /** Same key for every message of one stream, so they land on one partition, in order. */
  readonly key: string;
  /** The integration event's id, sent as the `message-id` header for deduplication. */
  readonly id: string;
  /** The integration event type, sent as the `event-type` header so consumers can route without parsing. */
  readonly type: string;
  /** The integration event as JSON. */
  readonly value: string;
}

export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
  readonly retentionMs: number;
  /** -1: the broker's default. */
  readonly replicationFactor: number;
}

export interface Publisher {
  /** Creates the topics that do not exist yet; never changes one that does. */
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  /**
   * Resolves only once the broker has acknowledged every message (all in-sync replicas);
   * rejects otherwise, and then any of them may or may not have been written.
   */
  publish(messages: readonly OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

/** Injection token for the Publisher the relay uses. */
export const PUBLISHER = Symbol('PUBLISHER');
