import { integrationEventProblems } from '../integration-event-schemas';
import type { FundHistory } from './fund-history';
import type { RawMessage } from './topic-reader';

/**
 * What every relay test checks about a topic's content against the history that fed it:
 * - every public event arrived (by message id), nothing else did;
 * - a message seen twice is the same message (same key, value, headers): duplicates only
 *   with the same id, which consumers drop;
 * - after dropping duplicates, each key's messages are in their stream's order, and one key
 *   maps to one stream and one partition;
 * - no message, in its key, value or headers, holds any identifying string of the history;
 * - every value is valid against its schema, and its headers say what it is.
 */
export function expectFaithfulTopic(messages: readonly RawMessage[], history: FundHistory): { duplicates: number } {
  const firstById = new Map<string, RawMessage>();
  let duplicates = 0;
  for (const m of messages) {
    const id = m.headers['message-id'];
    expect(typeof id).toBe('string');
    const first = firstById.get(id!);
    if (first) {
      duplicates += 1;
      expect({ key: m.key?.toString(), value: m.value?.toString(), headers: m.headers }).toEqual({ key: first.key?.toString(), value: first.value?.toString(), headers: first.headers });
      continue;
    }
    firstById.set(id!, m);
  }

  const expectedIds = [...history.publicByStream.values()].flat();
  expect([...firstById.keys()].sort()).toEqual([...expectedIds].sort());

  const streamOfId = new Map<string, string>();
  for (const [stream, ids] of history.publicByStream) for (const id of ids) streamOfId.set(id, stream);
  const idsByKey = new Map<string, string[]>();
  const partitionsByKey = new Map<string, Set<number>>();
  for (const m of firstById.values()) {
    const key = m.key?.toString() ?? '';
    idsByKey.set(key, [...(idsByKey.get(key) ?? []), m.headers['message-id']!]);
    partitionsByKey.set(key, (partitionsByKey.get(key) ?? new Set()).add(m.partition));
  }
  for (const [key, ids] of idsByKey) {
    const streams = new Set(ids.map((id) => streamOfId.get(id)));
    expect({ key, streams: streams.size, partitions: partitionsByKey.get(key)!.size }).toEqual({ key, streams: 1, partitions: 1 });
    const stream = [...streams][0]!;
    // Within a partition the reader got them in offset order, so this is the order Kafka keeps.
    expect(ids).toEqual(history.publicByStream.get(stream));
  }

  for (const m of messages) {
    const raw = Buffer.concat([m.key ?? Buffer.alloc(0), m.value ?? Buffer.alloc(0), Buffer.from(JSON.stringify(m.headers))]).toString('utf8');
    const hits = history.secrets.filter((secret) => raw.includes(secret));
    expect(hits).toEqual([]);
    const value: unknown = JSON.parse(m.value?.toString() ?? 'null');
    expect(integrationEventProblems(value)).toEqual([]);
    expect(m.headers['content-type']).toBe('application/json');
    expect(m.headers['event-type']).toBe((value as { type: string }).type);
    expect((value as { id: string }).id).toBe(m.headers['message-id']);
  }
  return { duplicates };
}
