import { Inject, Injectable } from '@nestjs/common';
import type { EventHandler, RecordedEvent, SqlExecutor } from '@fund/event-sourcing';
import { assertValidIntegrationEvent, compileIntegrationEventValidators } from './integration-event-schemas';
import { PUBLISHER, type OutgoingMessage, type Publisher, type TopicSpec } from './publisher';
import { RELAY_MIGRATIONS, RELAY_TABLES, SqlRelayFacts } from './relay-facts';
import { streamKey } from './stream-key';
import { mapEvent } from './to-integration-event';

export interface RelaySettings extends TopicSpec {
  /** Keys the HMAC of stream ids used as Kafka keys (KAFKA_KEY_SECRET). */
  readonly keySecret: string;
}

export const RELAY_SETTINGS = Symbol('RELAY_SETTINGS');
export const KAFKA_RELAY = 'kafka-relay';

/**
 * Publishes the public part of the event log to Kafka. The store is the outbox: the relay is a
 * checkpointed subscription like any projection, and the runner saves its checkpoint in the
 * same transaction right after `handle` returns. `handle` returns only once the broker has
 * acknowledged the whole batch, so the checkpoint never passes an unpublished event; a crash
 * between the ack and the commit republishes the batch with the same message ids, which
 * consumers drop. Any failure (broker away, a schema violation) throws: the transaction rolls
 * back, the relay's own tables with it, and the runner retries the batch with back-off.
 */
@Injectable()
export class KafkaRelay implements EventHandler {
  readonly name = KAFKA_RELAY;
  readonly migrations = RELAY_MIGRATIONS;
  /** Rebuilding it republishes every public event: only when an operator names it. */
  readonly rebuildOnlyByName = true;
  private topicReady = false;

  constructor(
    @Inject(PUBLISHER) private readonly publisher: Publisher,
    @Inject(RELAY_SETTINGS) private readonly settings: RelaySettings,
  ) {
    // Compiling the ten schemas takes about a second on a busy machine: pay it at start-up,
    // not as extra lag on the first batch.
    compileIntegrationEventValidators();
  }

  async handle(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    const facts = await SqlRelayFacts.load(tx, events);
    const messages: OutgoingMessage[] = [];
    for (const event of events) {
      const mapped = mapEvent(event, facts);
      facts.record(mapped.changes);
      if (mapped.event === null) continue;
      assertValidIntegrationEvent(mapped.event);
      messages.push({
        topic: this.settings.topic,
        key: streamKey(this.settings.keySecret, event.streamId),
        id: mapped.event.id,
        type: mapped.event.type,
        value: JSON.stringify(mapped.event),
      });
    }
    // The facts' upsert and the broker's round trip are independent, so they overlap; handle
    // still returns only after both, so the runner commits the checkpoint after the ack. Both
    // are awaited even when one fails, so the rollback never races a statement in flight.
    const [saved, published] = await Promise.allSettled([facts.save(), this.publish(messages)]);
    if (published.status === 'rejected') throw published.reason;
    if (saved.status === 'rejected') throw saved.reason;
  }

  private async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    if (!this.topicReady) {
      const { topic, partitions, retentionMs, replicationFactor } = this.settings;
      await this.publisher.ensureTopics([{ topic, partitions, retentionMs, replicationFactor }]);
      this.topicReady = true;
    }
    await this.publisher.publish(messages);
  }

  /** A rebuild republishes every public event from position 0, with the same ids. */
  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query(`TRUNCATE ${RELAY_TABLES.join(', ')}`);
  }
}
