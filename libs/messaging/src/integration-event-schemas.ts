import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import donationReceivedV1 from './schemas/fund.donation.received.v1.json';
import inKindReceivedV1 from './schemas/fund.in-kind.received.v1.json';
import requestApprovedV1 from './schemas/fund.request.approved.v1.json';
import requestClosedV1 from './schemas/fund.request.closed.v1.json';
import requestDeniedV1 from './schemas/fund.request.denied.v1.json';
import requestDisbursedV1 from './schemas/fund.request.disbursed.v1.json';
import requestDisbursementVoidedV1 from './schemas/fund.request.disbursement-voided.v1.json';
import requestExpiredV1 from './schemas/fund.request.expired.v1.json';
import requestSubmittedV1 from './schemas/fund.request.submitted.v1.json';
import requestWithdrawnV1 from './schemas/fund.request.withdrawn.v1.json';
import { INTEGRATION_EVENT_TYPES, type IntegrationEvent, type IntegrationEventType } from './integration-events';

/**
 * One published JSON Schema (draft 2020-12) per integration event type, each file frozen once
 * released. Every object in them has `additionalProperties: false`, so a field the mapping
 * did not mean to send fails validation here instead of reaching Kafka.
 */
export const INTEGRATION_EVENT_SCHEMAS: Readonly<Record<IntegrationEventType, object>> = {
  'fund.request.submitted.v1': requestSubmittedV1,
  'fund.request.approved.v1': requestApprovedV1,
  'fund.request.denied.v1': requestDeniedV1,
  'fund.request.disbursed.v1': requestDisbursedV1,
  'fund.request.disbursement-voided.v1': requestDisbursementVoidedV1,
  'fund.request.withdrawn.v1': requestWithdrawnV1,
  'fund.request.expired.v1': requestExpiredV1,
  'fund.request.closed.v1': requestClosedV1,
  'fund.donation.received.v1': donationReceivedV1,
  'fund.in-kind.received.v1': inKindReceivedV1,
};

/** Says which rule failed where, never the offending value (it might be the very thing that must not leak). */
export class IntegrationEventRejected extends Error {
  readonly code = 'MESSAGING.INVALID_INTEGRATION_EVENT';

  constructor(
    readonly eventType: string,
    readonly problems: readonly string[],
  ) {
    super(`Integration event ${eventType} does not match its schema: ${problems.join('; ')}`);
    this.name = 'IntegrationEventRejected';
  }
}

let validators: ReadonlyMap<string, ValidateFunction> | undefined;

/** Compiles every schema once per process (later calls reuse the validators). */
export function compileIntegrationEventValidators(): void {
  compiled();
}

function compiled(): ReadonlyMap<string, ValidateFunction> {
  if (!validators) {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    validators = new Map(INTEGRATION_EVENT_TYPES.map((type) => [type, ajv.compile(INTEGRATION_EVENT_SCHEMAS[type])]));
  }
  return validators;
}

/** The problems with a candidate integration event (empty when it is valid). */
export function integrationEventProblems(candidate: unknown): string[] {
  const type = typeof candidate === 'object' && candidate !== null && 'type' in candidate ? (candidate as { type: unknown }).type : undefined;
  const validate = typeof type === 'string' ? compiled().get(type) : undefined;
  if (!validate) return ['/type: not a known integration event type'];
  if (validate(candidate)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.keyword}${e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : ''}`);
}

export function assertValidIntegrationEvent(candidate: IntegrationEvent): void {
  const problems = integrationEventProblems(candidate);
  if (problems.length > 0) throw new IntegrationEventRejected(String(candidate.type), problems);
}
