import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DONOR_KINDS, VALUATION_METHODS } from '@fund/donations';
import { DENIAL_REASONS, PAYMENT_METHODS, URGENCIES } from '@fund/fund-requests';
import { STOCK_CATEGORIES, STOCK_KINDS } from '@fund/inventory';
import { COUNTIES, PROVIDER_TYPES } from '@fund/organizations';
import { EXPENSE_CATEGORIES } from '@fund/protocols';
import { INTEGRATION_EVENT_SCHEMAS, IntegrationEventRejected, assertValidIntegrationEvent, integrationEventProblems } from './integration-event-schemas';
import { INTEGRATION_EVENT_TYPES, type FundRequestSubmittedV1 } from './integration-events';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function objects(schema: Json, path = '#'): { path: string; node: { [key: string]: Json } }[] {
  if (Array.isArray(schema)) return schema.flatMap((s, i) => objects(s, `${path}/${i}`));
  if (typeof schema !== 'object' || schema === null) return [];
  const here = schema.type === 'object' ? [{ path, node: schema }] : [];
  return [...here, ...Object.entries(schema).flatMap(([k, v]) => objects(v, `${path}/${k}`))];
}

const submitted: FundRequestSubmittedV1 = {
  id: '5b0f7c1e-3f0a-4c55-9a51-0d1f4b1c2e3a',
  type: 'fund.request.submitted.v1',
  occurredAt: '2026-10-02T09:00:00.000Z',
  period: { fiscalYear: 2027, fiscalQuarter: 1 },
  data: {
    category: 'groceries',
    providerType: 'domestic_violence_center',
    county: 'kennebec',
    amountCents: 4_500,
    paymentMethod: 'gift_card',
    urgency: 'standard',
    expedited: false,
    traffickingType: 'not_collected',
    ageGroup: 'not_collected',
  },
};

describe('integration event schemas', () => {
  it('has one schema file per integration event type, named after it, and no other', () => {
    const files = readdirSync(join(__dirname, 'schemas')).sort();
    expect(files).toEqual(INTEGRATION_EVENT_TYPES.map((t) => `${t}.json`).sort());
    for (const type of INTEGRATION_EVENT_TYPES) {
      const schema = INTEGRATION_EVENT_SCHEMAS[type] as { $id: string; properties: { type: { const: string } } };
      expect(schema.$id).toBe(`urn:survivor-fund:integration-event:${type}`);
      expect(schema.properties.type.const).toBe(type);
    }
  });

  it('closes every object: additionalProperties false and every property required', () => {
    for (const type of INTEGRATION_EVENT_TYPES) {
      const found = objects(INTEGRATION_EVENT_SCHEMAS[type] as Json);
      expect(found.length).toBeGreaterThanOrEqual(3);
      for (const { path, node } of found) {
        expect({ type, path, additionalProperties: node.additionalProperties }).toEqual({ type, path, additionalProperties: false });
        expect({ type, path, required: [...((node.required as string[]) ?? [])].sort() }).toEqual({ type, path, required: Object.keys(node.properties as object).sort() });
      }
    }
  });

  it("allows no free-form string anywhere: every string is an enum, a constant or a fixed pattern (id, instant)", () => {
    for (const type of INTEGRATION_EVENT_TYPES) {
      const walk = (node: Json, path: string): void => {
        if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
        if (node.type === 'string') expect({ path, closed: Array.isArray(node.enum) || typeof node.pattern === 'string' }).toEqual({ path, closed: true });
        for (const [k, v] of Object.entries(node)) walk(v, `${path}/${k}`);
      };
      walk(INTEGRATION_EVENT_SCHEMAS[type] as Json, type);
    }
  });

  it("uses the domain's vocabularies (plus unknown): a vocabulary change fails here, and means a new schema version", () => {
    const enumOf = (type: string, ...path: string[]) =>
      path.reduce<Json>((node, key) => (node as { [k: string]: Json })[key]!, INTEGRATION_EVENT_SCHEMAS[type as (typeof INTEGRATION_EVENT_TYPES)[number]] as Json);
    const withUnknown = (values: readonly string[]) => [...new Set([...values, 'unknown'])];
    const data = (type: string, field: string) => enumOf(type, 'properties', 'data', 'properties', field, 'enum');
    for (const type of INTEGRATION_EVENT_TYPES.filter((t) => t.startsWith('fund.request.'))) {
      expect(data(type, 'category')).toEqual(withUnknown(EXPENSE_CATEGORIES));
      expect(data(type, 'providerType')).toEqual(withUnknown(PROVIDER_TYPES));
      expect(data(type, 'county')).toEqual(withUnknown(COUNTIES));
    }
    expect(data('fund.request.submitted.v1', 'paymentMethod')).toEqual(withUnknown(PAYMENT_METHODS));
    expect(data('fund.request.submitted.v1', 'urgency')).toEqual(withUnknown(URGENCIES));
    expect(data('fund.request.denied.v1', 'reasonCode')).toEqual(withUnknown(DENIAL_REASONS));
    expect(data('fund.donation.received.v1', 'donorKind')).toEqual(withUnknown(DONOR_KINDS));
    const item = enumOf('fund.in-kind.received.v1', 'properties', 'data', 'properties', 'items', 'items', 'properties') as { [k: string]: { enum: Json } };
    expect(item.kind!.enum).toEqual(withUnknown(STOCK_KINDS));
    expect(item.category!.enum).toEqual(withUnknown(STOCK_CATEGORIES));
    expect(item.valuationMethod!.enum).toEqual(withUnknown(VALUATION_METHODS));
  });

  it('accepts a well-formed event', () => {
    expect(integrationEventProblems(submitted)).toEqual([]);
    expect(() => assertValidIntegrationEvent(submitted)).not.toThrow();
  });

  it('refuses an extra field anywhere, naming the field but never echoing its value', () => {
    const leaky = { ...submitted, data: { ...submitted.data, survivorReference: 'SR-ABCD-EFGH-JKMN' } };
    expect(integrationEventProblems(leaky)).toEqual(['/data: additionalProperties (survivorReference)']);
    const nested = { ...submitted, period: { ...submitted.period, day: '2026-10-02' } };
    expect(integrationEventProblems(nested)).toEqual(['/period: additionalProperties (day)']);
    let thrown: unknown;
    try {
      assertValidIntegrationEvent(leaky);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(IntegrationEventRejected);
    expect(String((thrown as Error).message)).not.toContain('SR-ABCD');
  });

  it('refuses text in a vocabulary field, a missing field, a fractional amount, an unknown type', () => {
    expect(integrationEventProblems({ ...submitted, data: { ...submitted.data, category: 'rent for my sister' } })).toEqual(['/data/category: enum']);
    const { urgency: _urgency, ...withoutUrgency } = submitted.data;
    expect(integrationEventProblems({ ...submitted, data: withoutUrgency })).toEqual(['/data: required']);
    expect(integrationEventProblems({ ...submitted, data: { ...submitted.data, amountCents: 10.5 } })).toEqual(['/data/amountCents: type']);
    expect(integrationEventProblems({ ...submitted, occurredAt: '2026-10-02' })).toEqual(['/occurredAt: pattern']);
    expect(integrationEventProblems({ ...submitted, type: 'fund.request.submitted.v9' })).toEqual(['/type: not a known integration event type']);
    expect(integrationEventProblems('not even an object')).toEqual(['/type: not a known integration event type']);
  });
});
