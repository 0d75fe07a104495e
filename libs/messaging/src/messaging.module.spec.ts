import { Inject, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { KafkaPublisher } from './kafka-publisher';
import { KafkaRelay } from './kafka-relay';
import { loadMessagingConfig } from './messaging-config';
import { MESSAGING_SETTINGS, MessagingModule, messagingHandlers } from './messaging.module';
import { PUBLISHER } from './publisher';

const ON = loadMessagingConfig({ KAFKA_BROKERS: '127.0.0.1:1', KAFKA_KEY_SECRET: 's'.repeat(32), KAFKA_TOPIC: 'wiring-topic' });
const OFF = loadMessagingConfig({});

/** Stands in for the worker's SubscriptionsModule, which lists the handler classes as its own providers. */
@Injectable()
class Handlers {
  constructor(@Inject('HANDLERS') readonly list: unknown[]) {}
}

function subscriptionsLike(classes: readonly (new (...args: never[]) => unknown)[]) {
  @Module({
    providers: [...classes, { provide: 'HANDLERS', useFactory: (...instances: unknown[]) => instances, inject: [...classes] }, Handlers],
    exports: [Handlers],
  })
  class SubscriptionsLike {}
  return SubscriptionsLike;
}

describe('MessagingModule wiring', () => {
  it('with Kafka configured, lets another module instantiate KafkaRelay (publisher and settings come from the global module)', async () => {
    const ref = await Test.createTestingModule({ imports: [MessagingModule.forSettings(ON), subscriptionsLike(messagingHandlers(ON))] }).compile();
    const [relay] = ref.get(Handlers).list;
    expect(relay).toBeInstanceOf(KafkaRelay);
    expect((relay as KafkaRelay).name).toBe('kafka-relay');
    expect(ref.get(PUBLISHER)).toBeInstanceOf(KafkaPublisher);
    expect(ref.get(MESSAGING_SETTINGS)).toBe(ON);
    // Nothing connected yet, so closing needs no broker.
    await ref.close();
  });

  it('without Kafka, registers no relay and no publisher, and still tells /health why', async () => {
    expect(messagingHandlers(OFF)).toEqual([]);
    const ref = await Test.createTestingModule({ imports: [MessagingModule.forSettings(OFF), subscriptionsLike(messagingHandlers(OFF))] }).compile();
    expect(ref.get(Handlers).list).toEqual([]);
    expect(() => ref.get(PUBLISHER)).toThrow();
    expect(ref.get(MESSAGING_SETTINGS)).toEqual({ enabled: false, reason: 'KAFKA_BROKERS is not set' });
    await ref.close();
  });
});
