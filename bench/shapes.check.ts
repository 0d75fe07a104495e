/**
 * Checks that bench/lib/fund-history.ts makes events shaped like the service's own: drives the
 * real api over HTTP (embedded store, in memory) through every kind of command the generator
 * simulates, then compares, per event type, the JSON shape of the data (key paths and value
 * types), the metadata keys and the actor roles with a generated history.
 *
 *   npm run bench:shapes
 *
 * Exit 1 when a generated event type has a key path, value type, metadata key or actor role the
 * service never produces. Types the service did not produce here (expiry, shredding: they need
 * the clock to move) are listed, not failed.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateLocalSigningKey, mintLocalToken } from '@fund/auth';
import type { AppendRequest, EventStore, Role, SqlDatabase } from '@fund/event-sourcing';
import { loadConfig, READ_DATABASE } from '@fund/platform';
import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { createApp } from '../apps/api/src/create-app';
import { generateHistory } from './lib/fund-history';

type Json = Record<string, unknown>;
type Shape = Map<string, Set<string>>; // key path -> value types

function walk(value: unknown, path: string, into: Map<string, Set<string>>): void {
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  (into.get(path) ?? into.set(path, new Set()).get(path)!).add(kind);
  if (kind === 'array') (value as unknown[]).forEach((v) => walk(v, `${path}[]`, into));
  else if (kind === 'object') for (const [k, v] of Object.entries(value as Json)) walk(v, `${path}.${k}`, into);
}

interface Observed {
  readonly data: Shape;
  readonly metadataKeys: Set<string>;
  readonly roles: Set<string>;
  readonly streams: Set<string>;
}

function observe(into: Map<string, Observed>, type: string, streamId: string, data: unknown, metadata: Json): void {
  const o = into.get(type) ?? into.set(type, { data: new Map(), metadataKeys: new Set(), roles: new Set(), streams: new Set() }).get(type)!;
  walk(data, '', o.data);
  o.metadataKeys.add(Object.keys(metadata).sort().join(','));
  o.roles.add(String((metadata.actor as Json | undefined)?.role));
  o.streams.add(streamId.replace(/-[0-9a-f]{8}-[0-9a-f-]{27}$/, '-<uuid>').replace(/SR-[0-9A-Z-]+$/, '<reference>').replace(/^(organization|stock|protocol|fund)-.*$/, '$1-<id>'));
}

async function realEvents(): Promise<Map<string, Observed>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-shapes-'));
  const app = await createApp(loadConfig({ EVENT_STORE: 'pglite', DATA_DIR: dataDir, LOG_LEVEL: 'warn', RATE_LIMIT_WRITES_PER_MINUTE: '100000', RATE_LIMIT_WRITES_PER_MINUTE_PER_IP: '100000' }));
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const base = `http://127.0.0.1:${address.port}`;
  try {
    const key = loadOrCreateLocalSigningKey(dataDir);
    const as = (userId: string, role: Role, organizationId: string) => mintLocalToken(key, { userId, role, organizationId }, 3600);
    const post = async (path: string, token: string, body?: Json): Promise<Json> => {
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
      const json = (await res.json()) as Json;
      if (res.status >= 300) throw new Error(`POST ${path} -> ${res.status} ${String(json.code)} ${String(json.message)}`);
      return json;
    };
    const coord = await as('coord-1', 'coordinator', 'coalition');
    const coord2 = await as('coord-2', 'coordinator', 'coalition');
    await post('/protocols/bootstrap', coord, { version: '2026-1', title: 'Flexible emergency fund protocol', rules: DEMO_PROTOCOL_RULES });
    await post('/funds', coord, { fundId: 'general', name: 'General donations', restricted: false });
    await post('/funds', coord, { fundId: 'voca-2026', name: 'VOCA', restricted: true });
    await post('/donations/monetary', coord, { fundId: 'general', amountCents: 500_000, donorKind: 'individual', donorReference: 'D-10001', restricted: false, receivedOn: '2026-10-06' });
    await post('/donations/monetary', coord, { fundId: 'voca-2026', amountCents: 1_000_000, donorKind: 'grant', restricted: true, receivedOn: '2026-10-06' });
    await post('/donations/in-kind', coord, {
      donorKind: 'organization',
      donorReference: 'D-10002',
      receivedOn: '2026-10-14',
      items: [
        { itemId: 'gift-card-grocery-25', kind: 'gift_card', category: 'groceries', quantity: 3, unitValueCents: 2_500, valuationMethod: 'face_value', serials: ['GC-1', 'GC-2', 'GC-3'] },
        { itemId: 'winter-coat', kind: 'goods', category: 'winter_gear', quantity: 5, unitValueCents: 6_000, valuationMethod: 'fair_market_value' },
      ],
    });
    for (const [organizationId, providerType, county] of [
      ['a1', 'sexual_assault_center', 'cumberland'],
      ['a2', 'domestic_violence_center', 'penobscot'],
      ['a3', 'immigrant_services', 'york'],
    ] as const) {
      await post('/organizations', coord, { organizationId, providerType, county });
    }
    const adv = await as('adv-1', 'provider', 'a1');
    const c2 = await as('council-2', 'council', 'a2');
    const c3 = await as('council-3', 'council', 'a3');
    const ref = String((await post('/survivor-references', adv)).reference);
    const submit = async (body: Json) =>
      String((await post('/fund-requests', adv, { survivorReference: ref, neededBy: '2099-12-31', urgency: 'standard', paymentMethod: 'vendor_payment', category: 'groceries', demographics: { ageBand: '25_59' }, ...body })).requestId);
    // Question, answer, recusal, two approvals (tier 2), paid in money, underspent, receipt, closed.
    const r1 = await submit({ amountCents: 30_000, category: 'lodging' });
    await post(`/fund-requests/${r1}/information-requests`, c2, { questionCode: 'timing' });
    await post(`/fund-requests/${r1}/information`, adv, { note: 'answered' });
    await post(`/fund-requests/${r1}/votes`, c3, { vote: 'recuse' });
    await post(`/fund-requests/${r1}/votes`, c2, { vote: 'approve', amountCents: 30_000 });
    await post(`/fund-requests/${r1}/votes`, await as('council-4', 'council', 'a3'), { vote: 'approve', amountCents: 28_000, fundId: 'general' });
    const d1 = String((await post(`/fund-requests/${r1}/disbursements`, coord, { source: 'money', amountCents: 20_000, paymentMethod: 'vendor_payment' })).disbursementId);
    await post(`/fund-requests/${r1}/disbursements/${d1}/receipt`, adv, { amountCents: 20_000 });
    await post(`/fund-requests/${r1}/closure`, coord);
    // Paid from stock (cards and goods), then money voided and paid again, receipt lost, closed.
    const r2 = await submit({ amountCents: 20_000 });
    await post(`/fund-requests/${r2}/votes`, c2, { vote: 'approve', amountCents: 20_000, fundId: 'voca-2026' });
    await post(`/fund-requests/${r2}/disbursements`, coord2, { source: 'stock', itemId: 'gift-card-grocery-25', quantity: 2, serials: ['GC-1', 'GC-2'] });
    await post(`/fund-requests/${r2}/disbursements`, coord2, { source: 'stock', itemId: 'winter-coat', quantity: 1 });
    const d2 = String((await post(`/fund-requests/${r2}/disbursements`, coord2, { source: 'money', amountCents: 4_000, paymentMethod: 'gift_card', giftCardFaceValueCents: 4_000 })).disbursementId);
    await post(`/fund-requests/${r2}/disbursements/${d2}/void`, coord2);
    const d3 = String((await post(`/fund-requests/${r2}/disbursements`, coord2, { source: 'money', amountCents: 4_000, paymentMethod: 'vendor_payment' })).disbursementId);
    await post(`/fund-requests/${r2}/disbursements/${d3}/lost-receipt`, adv, { reasonCode: 'vendor_gave_none' });
    await post(`/fund-requests/${r2}/closure`, coord);
    // Denied; withdrawn before a decision; withdrawn after approval; expedited and ratified.
    const r3 = await submit({ amountCents: 9_000 });
    await post(`/fund-requests/${r3}/votes`, c2, { vote: 'deny', reasonCode: 'other_resources_available' });
    const r4 = await submit({ amountCents: 9_000 });
    await post(`/fund-requests/${r4}/withdrawal`, adv);
    const r5 = await submit({ amountCents: 9_000 });
    await post(`/fund-requests/${r5}/votes`, c2, { vote: 'approve', amountCents: 9_000 });
    await post(`/fund-requests/${r5}/withdrawal`, adv);
    const r6 = await submit({ amountCents: 5_000, urgency: 'emergency', category: 'phone_card', paymentMethod: 'phone_card' });
    await post(`/fund-requests/${r6}/votes`, c2, { vote: 'approve', amountCents: 5_000 });
    await post(`/fund-requests/${r6}/ratification`, c3);
    // A receipt the coordinator attests lost.
    const r7 = await submit({ amountCents: 6_000 });
    await post(`/fund-requests/${r7}/votes`, c3, { vote: 'approve', amountCents: 6_000 });
    const d7 = String((await post(`/fund-requests/${r7}/disbursements`, coord, { source: 'money', amountCents: 6_000, paymentMethod: 'vendor_payment' })).disbursementId);
    await post(`/fund-requests/${r7}/disbursements/${d7}/lost-receipt`, coord2, { reasonCode: 'survivor_unreachable' });

    const db = app.get<SqlDatabase>(READ_DATABASE);
    const { rows } = await db.query<{ type: string; stream_id: string; data: Json; metadata: Json; event_id: string; schema_version: number; occurred_at: string }>(
      'SELECT type, stream_id, data, metadata, event_id::text, schema_version, occurred_at FROM es_events ORDER BY global_position',
    );
    const out = new Map<string, Observed>();
    // Stored metadata leaves out eventId, schemaVersion and occurredAt (columns); put them back as the port returns them.
    for (const r of rows) observe(out, r.type, r.stream_id, r.data, { ...r.metadata, eventId: r.event_id, schemaVersion: r.schema_version, occurredAt: String(r.occurred_at) });
    return out;
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function generatedEvents(): Promise<Map<string, Observed>> {
  const out = new Map<string, Observed>();
  const capture = {
    appendMany: async (requests: readonly AppendRequest[]) => {
      for (const r of requests) for (const e of r.events) observe(out, e.type, r.streamId, JSON.parse(JSON.stringify(e.data)), e.metadata as unknown as Json);
      return [];
    },
  } as unknown as EventStore;
  await generateHistory(capture, { events: 30_000 });
  return out;
}

async function main(): Promise<void> {
  const [real, generated] = [await realEvents(), await generatedEvents()];
  const problems: string[] = [];
  const notCompared: string[] = [];
  for (const [type, g] of [...generated].sort()) {
    const r = real.get(type);
    if (!r) {
      notCompared.push(type);
      continue;
    }
    for (const [path, kinds] of g.data) {
      const seen = r.data.get(path);
      if (!seen) problems.push(`${type}: key ${path || '(root)'} never in the service's events`);
      else for (const k of kinds) if (!seen.has(k) && k !== 'null') problems.push(`${type}: ${path} is ${k}, the service gives ${[...seen].join('|')}`);
    }
    for (const [path] of r.data) if (!g.data.has(path)) problems.push(`${type}: key ${path} missing from generated events`);
    for (const keys of g.metadataKeys) if (!r.metadataKeys.has(keys)) problems.push(`${type}: metadata keys ${keys}, the service gives ${[...r.metadataKeys].join(' | ')}`);
    for (const role of g.roles) if (!r.roles.has(role)) problems.push(`${type}: actor role ${role}, the service gives ${[...r.roles].join('|')}`);
    for (const stream of g.streams) if (!r.streams.has(stream)) problems.push(`${type}: stream ${stream}, the service gives ${[...r.streams].join('|')}`);
  }
  const neverGenerated = [...real.keys()].filter((t) => !generated.has(t));
  console.log(`compared ${generated.size - notCompared.length} event types; generated but not produced over HTTP here: ${notCompared.join(', ') || 'none'}; produced over HTTP but never generated: ${neverGenerated.join(', ') || 'none'}`);
  if (problems.length > 0) {
    problems.forEach((p) => console.log(`  MISMATCH ${p}`));
    process.exit(1);
  }
  console.log('OK: every compared generated event has the service\'s key paths, value types, metadata keys, actor roles and stream names');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
