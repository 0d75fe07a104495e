import { stopKafkaStartedByTests } from '../../libs/messaging/src/testing';

export default async function globalTeardown(): Promise<void> {
  const container = (globalThis as { __SF_PG_CONTAINER__?: { stop(): Promise<unknown> } }).__SF_PG_CONTAINER__;
  await container?.stop();
  const kafka = (globalThis as { __SF_KAFKA_CONTAINER__?: { stop(): Promise<unknown> } }).__SF_KAFKA_CONTAINER__;
  await kafka?.stop();
  stopKafkaStartedByTests();
}
