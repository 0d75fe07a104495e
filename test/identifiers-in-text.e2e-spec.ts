import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { loadOrCreateLocalSigningKey, mintLocalToken } from '@fund/auth';
import { comparePositions, type EventStore, type Role } from '@fund/event-sourcing';
import { EVENT_STORE, loadConfig } from '@fund/platform';
import { SCREENED_EXTENSION } from '@fund/privacy';
import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { createApp } from '../apps/api/src/create-app';
import { buildOpenApiDocument } from '../apps/api/src/openapi';
import { discoverRoutes } from './support/routes';
import { writeBodies, type Json } from './support/write-bodies';

/**
 * Identifiers cannot come in through any text field. The OpenAPI document says which request
 * fields take text from a person (`x-identifier-screen`); every string field of every request
 * body is either screened or listed below with the reason it cannot carry one. Then each
 * screened field of each write route gets identifier-shaped values: every one is refused with a
 * 4xx that names the field, never repeats the value, and writes nothing.
 */

/** String fields that are not free text, and why no identifier fits in them. */
const NOT_FREE_TEXT: Readonly<Record<string, string>> = {
  survivorReference: 'SR-XXXX-XXXX-XXXX, issued by the service (pattern)',
  version: 'a protocol version like 2026-1 (pattern)',
  neededBy: 'the date the need is due, not a date about a person (date pattern)',
  receivedOn: 'the day a donation arrived (date pattern)',
  paidOn: 'the day money moved to a payee (date pattern)',
  firstDay: "the first day of a grant's period of performance (date pattern)",
  lastDay: "the last day of a grant's period of performance (date pattern)",
  liquidationDeadline: "the last day a grant's committed money may be paid out (date pattern)",
  serials: 'numbers printed on passes and cards in stock; they name stock, not people (pattern)',
  fundId: 'names an existing fund (slug pattern, refused when unknown); opening a fund, where a new one is named, is screened',
  defaultFundId: 'names an existing fund (slug pattern, refused when unknown)',
  '/funds/:fundId/spending-plan periods.*.start': 'the month a planned period starts (month pattern)',
  '/funds/:fundId/spending-plan budgetLineId': "names one of the grant's budget lines (slug pattern, refused when unknown)",
  toFundId: 'names an existing fund a reservation moves to at a close-out (slug pattern, refused when unknown)',
  '/funds/:fundId/close-out decisions.*.requestId': 'a UUID (validated) naming a request with a reservation in the grant (refused when unknown)',
  itemId: 'names an existing stock item (slug pattern, refused when unknown); a donated new item is screened',
  documentId: 'a UUID (validated), naming a document attached to the request (refused when unknown)',
  payeeId: 'names a registered payee (slug pattern, refused when unknown); registering a payee, where a new one is named, is screened',
  '/fund-requests/:requestId/disbursements paymentReference.value': 'a check, ACH trace, card last four or invoice number (pattern, checked per kind)',
  '/card-purchases paymentReference.value': "the vendor's check, ACH trace, card last four or invoice number (pattern, checked per kind)",
  countedOn: 'the day a physical count of cards was made (date pattern)',
  soldOn: 'the day donated stock was sold (date pattern)',
  buyerPayeeId: 'names a registered payee who bought donated stock (slug pattern, refused when unknown)',
  countedSerials: 'numbers printed on the cards found in a count; they name stock, not people (pattern)',
  '/protocols/:version/votes foresight.window.from': 'the first day of the replay the member saw (date pattern)',
  '/protocols/:version/votes foresight.window.to': 'the last day of the replay the member saw (date pattern)',
  '/protocols/:version/votes foresight.inputsHash': 'a sha256 of the replay inputs (hex pattern)',
  '/admin/projections/rebuild name': 'the name of a projection to rebuild, checked against the known ones',
  '/ledger/periods period': 'a month written YYYY-MM or a fiscal year written FY2027 (pattern)',
};

/** Values a person could type that identify someone; labels get the contact and number kinds. */
const LABEL_VALUES = ['Call 207-555-0134', 'jane.doe@example.com', 'SSN 123-45-6789', 'born 04/12/1990', '12 Elm Street', 'www.example.org/me'];
const SLUG_VALUES = ['org-207-555-0134', 'fund-123-45-6789', 'dob-1990-04-12'];
const TEXT_VALUES = [
  'Maria Lopez needs groceries for her kids',
  'She lives at 14 Pine Street and needs rent help',
  'Call her at 207-555-0134 about the bus pass',
  'Her date of birth is 04/12/1990',
];

interface ScreenedField {
  readonly route: string;
  readonly path: readonly (string | number)[];
  readonly kind: 'text' | 'label';
  readonly slug: boolean;
}

type Schema = { $ref?: string; type?: string; properties?: Record<string, Schema>; items?: Schema; allOf?: Schema[]; enum?: unknown[]; pattern?: string; [key: string]: unknown };

function resolve(document: OpenAPIObject, schema: Schema): Schema {
  if (schema.$ref) return resolve(document, (document.components?.schemas ?? {})[schema.$ref.split('/').pop()!] as Schema);
  if (schema.allOf?.length === 1) return resolve(document, schema.allOf[0]!);
  return schema;
}

/** Every string field of a request body schema, with its path in a matching body (`*` for list items). */
function stringFields(document: OpenAPIObject, schema: Schema, prefix: string[] = []): { path: string[]; schema: Schema }[] {
  const s = resolve(document, schema);
  if (s.type === 'array' && s.items) return stringFields(document, s.items, [...prefix, '*']);
  if (s.properties) return Object.entries(s.properties).flatMap(([key, child]) => stringFields(document, child, [...prefix, key]));
  return s.type === 'string' ? [{ path: prefix, schema: s }] : [];
}

function replaced(value: Json, path: readonly (string | number)[], next: Json): Json {
  if (path.length === 0) return next;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaced(v, rest, next) : v));
  const record = value as Record<string, Json>;
  return { ...record, [head as string]: replaced(record[head as string] ?? null, rest, next) };
}

describe('identifiers in text fields (black box)', () => {
  let app: INestApplication;
  let dataDir: string;
  let store: EventStore;
  let document: OpenAPIObject;
  const tokens = new Map<Role, string>();
  let requestId = '';
  let reference = '';
  const screened: ScreenedField[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sf-identifiers-'));
    app = await createApp(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_WRITES_PER_MINUTE: '1000000', RATE_LIMIT_WRITES_PER_MINUTE_PER_IP: '1000000' }), { web: false });
    // Listening once: supertest would otherwise listen and close a port around every request.
    await app.listen(0, '127.0.0.1');
    store = app.get(EVENT_STORE);
    document = buildOpenApiDocument(app);
    const key = loadOrCreateLocalSigningKey(dataDir);
    for (const role of ['provider', 'council', 'coordinator'] as const) {
      tokens.set(role, await mintLocalToken(key, { userId: `${role}-screen`, role, organizationId: role === 'provider' ? 'org-a' : role === 'council' ? 'org-b' : 'coalition' }));
    }
    const http = () => request(app.getHttpServer());
    const as = (role: Role) => `Bearer ${tokens.get(role)}`;
    await http().post('/protocols/bootstrap').set('Authorization', as('coordinator')).send({ version: '2026-1', title: 'P', rules: DEMO_PROTOCOL_RULES }).expect(201);
    await http().post('/funds').set('Authorization', as('coordinator')).send({ fundId: 'general', name: 'G', restricted: false }).expect(201);
    await http().post('/organizations').set('Authorization', as('coordinator')).send({ organizationId: 'org-a', providerType: 'other', county: 'york' }).expect(201);
    reference = (await http().post('/survivor-references').set('Authorization', as('provider')).expect(201)).body.reference;
    requestId = (
      await http()
        .post('/fund-requests')
        .set('Authorization', as('provider'))
        .send({ survivorReference: reference, category: 'groceries', amountCents: 1_000, paymentMethod: 'vendor_payment', urgency: 'standard', neededBy: '2099-01-01' })
        .expect(201)
    ).body.requestId;
    // A question, so that an answer (the note) is decided on its text and not refused for want of one.
    await http().post(`/fund-requests/${requestId}/information-requests`).set('Authorization', as('council')).send({ questionCode: 'other_resources' }).expect(200);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('screens every string field of every request body, or says why it cannot hold an identifier', () => {
    const unaccounted: string[] = [];
    for (const [route, item] of Object.entries(document.paths)) {
      const body = item.post?.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined;
      const schema = body?.content?.['application/json']?.schema;
      if (!schema) continue;
      const template = route.replace(/\{(\w+)\}/g, ':$1');
      for (const field of stringFields(document, schema)) {
        const kind = field.schema[SCREENED_EXTENSION];
        // A list of strings is named by the list (`serials`), not by its items.
        const last = field.path.filter((p) => p !== '*').at(-1)!;
        if (kind === 'text' || kind === 'label') {
          screened.push({ route: template, path: field.path, kind, slug: typeof field.schema.pattern === 'string' });
        } else if (!field.schema.enum && !(last in NOT_FREE_TEXT) && !(`${template} ${field.path.join('.')}` in NOT_FREE_TEXT)) {
          unaccounted.push(`${template} ${field.path.join('.')}`);
        }
      }
    }
    expect(unaccounted).toEqual([]);
    expect(screened.map((f) => `${f.route} ${f.path.join('.')}`)).toEqual(
      expect.arrayContaining(['/funds name', '/protocols title', '/fund-requests narrative', '/fund-requests/:requestId/information note', '/donations/monetary donorReference']),
    );
  });

  it('refuses identifiers in each screened field with a 4xx naming the field, without echoing them, and writes nothing', async () => {
    const bases = writeBodies({ reference });
    const writes = discoverRoutes(app).filter((r) => r.method === 'POST');
    const failures: string[] = [];
    let tried = 0;
    for (const field of screened) {
      const base = bases[field.route];
      const route = writes.find((r) => r.path === field.route);
      if (base === undefined || !route || route.rule?.kind !== 'roles') {
        failures.push(`${field.route}: no base body or route`);
        continue;
      }
      const role = route.rule.roles[0]!;
      const path = field.route.replace(':requestId', requestId).replace(':fundId', 'general').replace(':version', '2027-1');
      const bodyPath = field.path.map((p) => (p === '*' ? 0 : p));
      const values = field.kind === 'text' ? TEXT_VALUES : field.slug ? SLUG_VALUES : LABEL_VALUES;
      for (const value of values) {
        tried++;
        const before = await store.headPosition();
        const res = await request(app.getHttpServer()).post(path).set('Authorization', `Bearer ${tokens.get(role)}`).send(replaced(base, bodyPath, value) as object);
        const after = await store.headPosition();
        const where = `${field.route} ${field.path.join('.')} = ${JSON.stringify(value)} -> ${res.status}`;
        const name = String(field.path.at(-1));
        if (res.status < 400 || res.status >= 500) failures.push(`${where}: not refused`);
        if (comparePositions(after, before) !== 0) failures.push(`${where}: wrote events`);
        if (res.text.includes(value)) failures.push(`${where}: echoes the value`);
        const named = res.body.details?.field === name || (res.body.details?.errors ?? []).some((e: { field: string }) => e.field.split('.').at(-1) === name);
        if (!named) failures.push(`${where}: does not name the field (${res.text.slice(0, 160)})`);
      }
    }
    // eslint-disable-next-line no-console
    console.log(`identifiers in text: ${tried} values over ${screened.length} screened fields`);
    expect(failures).toEqual([]);
  }, 300_000);
});
