import { loadMessagingConfig, MessagingConfigError } from './messaging-config';
import { relayStatus } from './relay-status';
import { streamKey } from './stream-key';

const SECRET = 'k'.repeat(32);

describe('loadMessagingConfig', () => {
  it('turns Kafka off, with the reason, when KAFKA_BROKERS is not set', () => {
    expect(loadMessagingConfig({})).toEqual({ enabled: false, reason: 'KAFKA_BROKERS is not set' });
    expect(loadMessagingConfig({ KAFKA_BROKERS: '  ', KAFKA_TOPIC: '!!' })).toEqual({ enabled: false, reason: 'KAFKA_BROKERS is not set' });
  });

  it('applies the defaults: topic, 3 partitions, 30 days retention, broker replication default', () => {
    const settings = loadMessagingConfig({ KAFKA_BROKERS: 'k1:9092, k2:9093', KAFKA_KEY_SECRET: SECRET });
    expect(settings.enabled).toBe(true);
    if (!settings.enabled) return;
    expect(settings.config.brokers).toEqual(['k1:9092', 'k2:9093']);
    expect(settings.config).toMatchObject({
      KAFKA_TOPIC: 'survivor-fund.integration.v1',
      KAFKA_TOPIC_PARTITIONS: 3,
      KAFKA_TOPIC_REPLICATION_FACTOR: -1,
      KAFKA_TOPIC_RETENTION_MS: 2_592_000_000,
      KAFKA_CLIENT_ID: 'survivor-fund-relay',
    });
  });

  it('reads numbers and flags from strings', () => {
    const settings = loadMessagingConfig({
      KAFKA_BROKERS: '127.0.0.1:9092',
      KAFKA_KEY_SECRET: SECRET,
      KAFKA_TOPIC_PARTITIONS: '12',
      KAFKA_TOPIC_RETENTION_MS: '86400000',
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'relay',
      KAFKA_SASL_PASSWORD: 'pw',
    });
    expect(settings.enabled && settings.config).toMatchObject({ KAFKA_TOPIC_PARTITIONS: 12, KAFKA_TOPIC_RETENTION_MS: 86_400_000, KAFKA_SSL: true });
  });

  it('stops with every problem named by its variable, never echoing a value', () => {
    let error: unknown;
    try {
      loadMessagingConfig({ KAFKA_BROKERS: 'no-port', KAFKA_TOPIC_PARTITIONS: 'zero', KAFKA_KEY_SECRET: 'short-secret-value', KAFKA_SASL_MECHANISM: 'plain' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MessagingConfigError);
    const problems = (error as MessagingConfigError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        'KAFKA_BROKERS must be a comma-separated list of host:port',
        'KAFKA_TOPIC_PARTITIONS must be an integer between 1 and 1000',
        'KAFKA_KEY_SECRET is required when KAFKA_BROKERS is set (at least 32 characters, stable across restarts)',
        'KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM',
        'KAFKA_SASL_PASSWORD is required with KAFKA_SASL_MECHANISM',
      ]),
    );
    expect((error as Error).message).not.toContain('short-secret-value');
  });

  it('requires the key secret once Kafka is on', () => {
    expect(() => loadMessagingConfig({ KAFKA_BROKERS: '127.0.0.1:9092' })).toThrow(/KAFKA_KEY_SECRET is required/);
  });
});

describe('relayStatus (for /health)', () => {
  it('says why the relay is off', () => {
    expect(relayStatus(loadMessagingConfig({}))).toEqual({ enabled: false, reason: 'KAFKA_BROKERS is not set' });
  });

  it("reports brokers, topic and the relay subscription's lag and last error", () => {
    const settings = loadMessagingConfig({ KAFKA_BROKERS: '127.0.0.1:9092', KAFKA_KEY_SECRET: SECRET });
    const subscriptions = [
      { name: 'request-views', lag: 0, lastError: null },
      { name: 'kafka-relay', lag: 42, lastError: 'Connection error: connect ECONNREFUSED 127.0.0.1:9092' },
    ];
    expect(relayStatus(settings, subscriptions)).toEqual({
      enabled: true,
      brokers: ['127.0.0.1:9092'],
      topic: 'survivor-fund.integration.v1',
      lag: 42,
      lastError: 'Connection error: connect ECONNREFUSED 127.0.0.1:9092',
    });
    expect(relayStatus(settings, null)).toMatchObject({ enabled: true, lag: null, lastError: null });
  });
});

describe('streamKey: the Kafka key', () => {
  const stream = 'fund-request-0b6a3c5e-8f61-4f4e-a3c1-2d9a8e7f6b5c';

  it('is the same for every event of a stream and differs between streams, so per-stream order holds', () => {
    expect(streamKey(SECRET, stream)).toBe(streamKey(SECRET, stream));
    expect(streamKey(SECRET, stream)).not.toBe(streamKey(SECRET, 'fund-request-0b6a3c5e-8f61-4f4e-a3c1-2d9a8e7f6b5d'));
  });

  it('carries nothing of the request id and cannot be recomputed without the secret', () => {
    const key = streamKey(SECRET, stream);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    for (const part of stream.split('-').filter((p) => p.length >= 4)) expect(key).not.toContain(part);
    expect(streamKey('x'.repeat(32), stream)).not.toBe(key);
  });
});
