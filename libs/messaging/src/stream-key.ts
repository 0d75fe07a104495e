import { createHmac } from 'node:crypto';

/**
 * The Kafka key of a stream's messages. Kafka orders messages per partition and picks the
 * partition from the key, so one key per stream keeps each request's events in order. The
 * stream id itself would publish the request id (`fund-request-<uuid>`), so the key is a keyed
 * digest of it instead: the same for every event of a stream, meaningless and irreversible
 * without KAFKA_KEY_SECRET, which never leaves the service. Changing the secret changes every
 * key (and so partitions): only with a new topic version (docs/kafka.md).
 */
export function streamKey(secret: string, streamId: string): string {
  return createHmac('sha256', secret).update(`survivor-fund/kafka-key/v1\u0000${streamId}`).digest('hex');
}
