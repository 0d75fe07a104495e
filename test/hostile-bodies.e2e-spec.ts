import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { loadOrCreateLocalSigningKey, mintLocalToken } from '@fund/auth';
import { comparePositions, type EventStore, type Role } from '@fund/event-sourcing';
import { BODY_LIMITS, EVENT_STORE, loadConfig } from '@fund/platform';
import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { createApp } from '../apps/api/src/create-app';
import { discoverRoutes, type Route } from './support/routes';
import { writeBodies, type Json } from './support/write-bodies';

/**
 * Hostile bodies by class, against every write route. Each starts from a body the route would
 * accept and breaks it one way: a value of the wrong JSON type, a prototype key somewhere in it,
 * nesting beyond the limit, a string or list beyond the limit, text that is not valid Unicode,
 * or bytes that do not match their Content-Encoding or are not UTF-8. Every one must be refused
 * with a 4xx in the one error shape, name what was wrong, and leave the store as it was.
 * FUZZ_RUNS sets the runs per route and class (CI: 12; try 500 for a nightly-size run).
 */

interface Attack {
  readonly label: string;
  readonly text: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
  /** Refusal is required (else only "no 5xx, nothing written on a refusal"). */
  readonly mustRefuse: boolean;
  /** The status a refusal must have, when it is known. */
  readonly status?: number;
}

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const UUID = '00000000-0000-4000-8000-000000000000';

/** Every JSON path of a value: `[]` is the root, `['items', 0, 'serials']` a nested one. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function at(value: Json, path: readonly (string | number)[]): Json {
  return path.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k] as Json, value);
}

function replaced(value: Json, path: readonly (string | number)[], next: Json): Json {
  if (path.length === 0) return next;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaced(v, rest, next) : v));
  const record = value as Record<string, Json>;
  return { ...record, [head as string]: replaced(record[head as string] as Json, rest, next) };
}

const kind = (v: Json): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** A value of another JSON type than `v` (never null: an optional field may take it as "absent"). */
function otherType(v: Json): fc.Arbitrary<Json> {
  const all: Record<string, fc.Arbitrary<Json>> = {
    string: fc.constantFrom('1', 'true', '{}', '[]', ''),
    number: fc.constantFrom(0, 1, -1, 1.5),
    boolean: fc.boolean(),
    array: fc.constantFrom<Json>([], [1], ['a'], [{}]),
    object: fc.constantFrom<Json>({}, { length: 1 }, { 0: 'a' }),
  };
  return fc.oneof(...Object.entries(all).filter(([k]) => k !== kind(v)).map(([, a]) => a));
}

/** Inserts `key` into the object at `path` (the text is built by hand so `__proto__` stays a plain key). */
function withKey(value: Json, path: readonly (string | number)[], key: string, inner: Json): string {
  const marker = '"__inject_here__":0';
  const target = at(value, path) as Record<string, Json>;
  const text = JSON.stringify(replaced(value, path, { ...target, __inject_here__: 0 }));
  return text.replace(marker, `${JSON.stringify(key)}:${JSON.stringify(inner)}`);
}

/**
 * The classes whose cases can be listed in full: every value replaced by each other JSON type,
 * and each prototype key at every object. Small enough to try all of them on every route.
 */
function everyTypeAndPrototypeAttack(base: Json): Attack[] {
  const out: Attack[] = [];
  const all = paths(base);
  const others: Record<string, Json[]> = { string: ['1'], number: [1], boolean: [true], array: [[], ['a']], object: [{}] };
  // A null in a base body is a field that also takes a value (an open-ended tier): no wrong type to try.
  for (const p of all.filter((q) => q.length > 0 && at(base, q) !== null)) {
    for (const [type, values] of Object.entries(others)) {
      if (type === kind(at(base, p))) continue;
      for (const wrong of values) out.push({ label: `${type} ${JSON.stringify(wrong)} where ${p.join('.')} is a ${kind(at(base, p))}`, text: JSON.stringify(replaced(base, p, wrong)), mustRefuse: true, status: 400 });
    }
  }
  for (const p of all.filter((q) => kind(at(base, q)) === 'object')) {
    for (const key of ['__proto__', 'constructor', 'prototype']) out.push({ label: `prototype key ${key} at ${p.join('.') || 'the root'}`, text: withKey(base, p, key, { polluted: true }), mustRefuse: true, status: 400 });
  }
  return out;
}

function attacks(base: Json): fc.Arbitrary<Attack> {
  const all = paths(base);
  const objects = all.filter((p) => kind(at(base, p)) === 'object');
  const leaves = all.filter((p) => p.length > 0 && at(base, p) !== null);
  const strings = all.filter((p) => typeof at(base, p) === 'string');
  const text = JSON.stringify(base);
  const classes: fc.Arbitrary<Attack>[] = [
    fc.constantFrom(...objects).chain((p) =>
      fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.constantFrom<Json>({ polluted: true }, 1, 'x', [], { prototype: { polluted: true } })).map(([key, inner]) => ({
        label: `prototype key ${key} at ${p.join('.') || 'the root'}`,
        text: withKey(base, p, key, inner),
        mustRefuse: true,
        status: 400,
      })),
    ),
    fc.integer({ min: BODY_LIMITS.depth + 1, max: 3_000 }).chain((levels) =>
      fc.constantFrom(...all).map((p) => {
        const deep = `${'['.repeat(levels)}1${']'.repeat(levels)}`;
        return { label: `${levels} levels of nesting at ${p.join('.') || 'the root'}`, text: JSON.stringify(replaced(base, p, '__deep__')).replace('"__deep__"', deep), mustRefuse: true, status: 400 };
      }),
    ),
    fc.constantFrom(...all).chain((p) =>
      fc.constantFrom<Json>('x'.repeat(BODY_LIMITS.stringLength + 1), Array.from({ length: BODY_LIMITS.arrayItems + 1 }, () => 1)).map((big) => ({
        label: `a ${kind(big)} beyond the limit at ${p.join('.') || 'the root'}`,
        text: JSON.stringify(replaced(base, p, big)),
        mustRefuse: true,
      })),
    ),
    fc.constantFrom(...(['gzip', 'deflate', 'br'] as const)).chain((encoding) =>
      fc.constantFrom('plain', 'other').map((how) => {
        const other = { gzip: deflateSync, deflate: brotliCompressSync, br: gzipSync }[encoding];
        return { label: `bytes that are not ${encoding} (${how})`, text: how === 'plain' ? text : other(Buffer.from(text)), headers: { 'Content-Encoding': encoding }, mustRefuse: true, status: 400 };
      }),
    ),
    fc.constant({
      label: 'a Latin-1 body',
      // An é in Latin-1 is a lone 0xE9 byte: not UTF-8.
      text: Buffer.from(strings.length > 0 ? JSON.stringify(replaced(base, strings[0]!, 'caf\u00e9')) : '{"note":"caf\u00e9"}', 'latin1'),
      mustRefuse: true,
      status: 400,
    }),
  ];
  if (leaves.length > 0) {
    classes.push(
      fc.constantFrom(...leaves).chain((p) =>
        otherType(at(base, p)).map((wrong) => ({ label: `${kind(wrong)} where ${p.join('.')} is a ${kind(at(base, p))}`, text: JSON.stringify(replaced(base, p, wrong)), mustRefuse: true, status: 400 })),
      ),
    );
  }
  if (strings.length > 0) {
    classes.push(
      fc.constantFrom(...strings).chain((p) =>
        fc.constantFrom('\uD800', 'a\uDC00b', '\uD83D').map((bad) => ({ label: `an unpaired surrogate at ${p.join('.')}`, text: JSON.stringify(replaced(base, p, bad)), mustRefuse: true, status: 400 })),
      ),
      fc.constantFrom(...strings).chain((p) =>
        fc.constantFrom('\u0000', '\u202Eevil', 'e\u0301', '🙂🙂', '\uFEFF', ' ', '\u2028').map((odd) => ({ label: `odd Unicode at ${p.join('.')}`, text: JSON.stringify(replaced(base, p, odd)), mustRefuse: false })),
      ),
    );
  }
  return fc.oneof(...classes);
}

describe('hostile bodies by class, against every write route (black box)', () => {
  let app: INestApplication;
  let dataDir: string;
  let store: EventStore;
  let writes: Route[];
  const tokens = new Map<Role, string>();
  let requestId = '';
  let reference = '';

  const bases = (): Record<string, Json> => writeBodies({ reference });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sf-hostile-'));
    app = await createApp(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_WRITES_PER_MINUTE: '1000000', RATE_LIMIT_WRITES_PER_MINUTE_PER_IP: '1000000' }));
    // Listening once: supertest would otherwise listen and close a port around every request.
    await app.listen(0, '127.0.0.1');
    store = app.get(EVENT_STORE);
    const key = loadOrCreateLocalSigningKey(dataDir);
    for (const role of ['provider', 'council', 'coordinator'] as const) {
      tokens.set(role, await mintLocalToken(key, { userId: `${role}-hostile`, role, organizationId: role === 'provider' ? 'org-a' : role === 'council' ? 'org-b' : 'coalition' }));
    }
    writes = discoverRoutes(app).filter((r) => r.method === 'POST' && r.rule?.kind === 'roles');
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
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has a base body for every write route', () => {
    expect(writes.length).toBeGreaterThan(20);
    expect(writes.map((r) => r.path).filter((p) => !(p in bases()))).toEqual([]);
  });

  it('refuses every attack with a 4xx in the one error shape, naming what was wrong, and writes nothing', async () => {
    const failures: string[] = [];
    let tried = 0;
    for (const route of writes) {
      const base = bases()[route.path];
      if (base === undefined) continue;
      const rule = route.rule;
      const role = rule?.kind === 'roles' ? rule.roles[0]! : 'coordinator';
      const path = route.path
        .replace(':requestId', requestId)
        .replace(':disbursementId', UUID)
        .replace(':itemId', 'bus-pass-monthly')
        .replace(':fundId', 'general')
        .replace(':version', '2027-1')
        .replace(':userId', 'council-someone')
        .replace(':messageId', '0'.repeat(32))
        .replace(':purchaseId', 'po-unknown')
        .replace(':countId', 'count-unknown');
      const check = async (attack: Attack): Promise<void> => {
          tried++;
          const before = await store.headPosition();
          let req = request(app.getHttpServer()).post(path).set('Authorization', `Bearer ${tokens.get(role)}`).set('Content-Type', 'application/json');
          for (const [name, value] of Object.entries(attack.headers ?? {})) req = req.set(name, value);
          // superagent would send a Buffer as JSON of its bytes: send the bytes themselves.
          if (Buffer.isBuffer(attack.text)) req = req.serialize((bytes: unknown) => bytes as string);
          const res = await req.send(attack.text);
          const after = await store.headPosition();
          const where = `${route.path}: ${attack.label} -> ${res.status}`;
          const body = res.body as { statusCode?: unknown; code?: unknown; message?: unknown; details?: { errors?: { field?: unknown; rule?: unknown }[]; field?: unknown } };
          if (res.status >= 500) failures.push(`${where} ${JSON.stringify(body).slice(0, 160)}`);
          if (attack.mustRefuse && res.status < 400) failures.push(`${where}: accepted`);
          if (attack.status && res.status >= 400 && res.status < 500 && res.status !== attack.status && res.status !== 413) failures.push(`${where}: expected ${attack.status}`);
          if (res.status >= 400) {
            if (body.statusCode !== res.status || typeof body.code !== 'string' || typeof body.message !== 'string') failures.push(`${where}: not the error shape`);
            if (res.status === 400 && body.code === 'VALIDATION.FAILED' && !(body.details?.errors?.[0]?.field && body.details.errors[0].rule)) failures.push(`${where}: names no field and rule`);
            if (comparePositions(after, before) !== 0) failures.push(`${where}: wrote events`);
          }
      };
      for (const attack of everyTypeAndPrototypeAttack(base)) await check(attack);
      await fc.assert(
        fc.asyncProperty(attacks(base), async (attack) => {
          await check(attack);
          return true;
        }),
        { numRuns: RUNS * 6, seed: SEED },
      );
    }
    // eslint-disable-next-line no-console
    console.log(`hostile bodies: ${tried} tried over ${writes.length} write routes (every wrong type and prototype key, plus ${RUNS * 6} generated per route, seed ${SEED})`);
    expect(failures.slice(0, 40)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 900_000);

  // Last, as it writes: each base body passes validation, so every attack above breaks exactly one thing.
  it('starts every attack from a body its route accepts as valid', async () => {
    const invalid: string[] = [];
    for (const route of writes) {
      const rule = route.rule;
      const role = rule?.kind === 'roles' ? rule.roles[0]! : 'coordinator';
      const path = route.path.replace(':requestId', requestId).replace(':disbursementId', UUID).replace(':itemId', 'bus-pass-monthly').replace(':fundId', 'general').replace(':version', '2027-1').replace(':userId', 'council-someone').replace(':messageId', '0'.repeat(32)).replace(':purchaseId', 'po-unknown').replace(':countId', 'count-unknown');
      const res = await request(app.getHttpServer()).post(path).set('Authorization', `Bearer ${tokens.get(role)}`).send(bases()[route.path] as object);
      // A rule may still refuse it here (a missing disbursement, a second bootstrap): that is not the body's fault.
      if (res.status === 400 || res.status >= 500) invalid.push(`${route.path} -> ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    }
    expect(invalid).toEqual([]);
  }, 120_000);
});
