import { openEventStore, SubscriptionRunner, type OpenedEventStore, type RecordedEvent } from '@fund/event-sourcing';
import { KafkaRelay } from './kafka-relay';
import type { OutgoingMessage, Publisher } from './publisher';
import { MemoryRelayFacts } from './relay-facts';
import { fundHistory } from './testing';
import { mapEvent } from './to-integration-event';

/** Keeps what would have gone to the broker. */
class MemoryPublisher implements Publisher {
  readonly messages: OutgoingMessage[] = [];
  async ensureTopics(): Promise<void> {}
  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    this.messages.push(...messages);
  }
  async close(): Promise<void> {}
}

/**
 * The relay keeps its facts in memory during a batch and writes each changed row once at the
 * end. Whatever the batch size (a request's events split over many batches, or several changes
 * to one request inside one batch), it must publish exactly what one pass over the whole log
 * with facts held in memory gives, and leave the same facts in its tables.
 */
describe('Kafka relay facts across batches (PGlite, no broker)', () => {
  const history = fundHistory({ requests: 14 });
  let opened: OpenedEventStore;
  let log: RecordedEvent[];

  beforeAll(async () => {
    opened = await openEventStore({ kind: 'pglite' });
    for (const batch of history.appends) await opened.store.appendMany(batch);
    log = await opened.store.readAll({ limit: 100_000 });
  }, 60_000);

  afterAll(async () => {
    await opened?.store.close();
  });

  function onePass(): { values: string[]; facts: MemoryRelayFacts } {
    const facts = new MemoryRelayFacts();
    const values: string[] = [];
    for (const event of log) {
      const mapped = mapEvent(event, facts);
      facts.remember(mapped.changes);
      if (mapped.event) values.push(JSON.stringify(mapped.event));
    }
    return { values, facts };
  }

  it.each([1, 7, 500])('with batches of %i, publishes what one in-memory pass gives and stores the same facts', async (batchSize) => {
    const publisher = new MemoryPublisher();
    const relay = new KafkaRelay(publisher, { topic: 't', partitions: 1, retentionMs: 3_600_000, replicationFactor: 1, keySecret: 'facts-spec-secret-0123456789abcdef' });
    const runner = new SubscriptionRunner(opened.store, opened.db, relay, { batchSize });
    await runner.prepare();
    await runner.rebuild();

    const expected = onePass();
    expect(publisher.messages.map((m) => m.value)).toEqual(expected.values);
    expect(publisher.messages).toHaveLength(history.publicCount);

    const { rows } = await opened.db.query<{ request_id: string; approved_amount_cents: string; disbursed_cents: string; submitted_at: Date | string }>(
      'SELECT request_id, approved_amount_cents, disbursed_cents, submitted_at FROM messaging_requests',
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const facts = expected.facts.request(row.request_id)!;
      expect({ id: row.request_id, approved: Number(row.approved_amount_cents), disbursed: Number(row.disbursed_cents), at: new Date(row.submitted_at).toISOString() }).toEqual({
        id: row.request_id,
        approved: facts.approvedAmountCents,
        disbursed: facts.disbursedCents,
        at: facts.submittedAt,
      });
    }
    const disbursements = await opened.db.query<{ n: string }>('SELECT count(*)::text AS n FROM messaging_disbursements');
    expect(Number(disbursements.rows[0]!.n)).toBeGreaterThan(0);
  }, 60_000);
});
