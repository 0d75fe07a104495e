import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import { SubscriptionRunner, fold, type RecordedEvent, type SqlDatabase } from '@fund/event-sourcing';
import type { DisbursementRecorded, FundRequestSubmitted } from '@fund/fund-requests';
import { payeeDecider, payeeStreamId, type PayeeEvent } from '@fund/funds';
import { READ_DATABASE } from '@fund/platform';
import { createTestApi, type TestApi } from '@fund/platform/testing';
import { protocolDecider, protocolStreamId, type ProtocolEvent } from '@fund/protocols';
import { generateHistory } from '../../../../bench/lib/fund-history';
import { AuditLedgerModule } from '../audit-ledger.module';
import { entryHash, type StoredLedgerEntry } from '../ledger.canonical';
import { AuditLedgerProjection } from '../ledger.projection';
import { fetchEntries } from '../ledger.rows';
import { EvidencePackModule } from './evidence-pack.module';

/**
 * Issue 15's "done when": ten payments sampled at random from a generated year (the benchmark's
 * history generator: the real deciders, payments in money and in stock, voids, receipts and
 * lost-receipt attestations), and for each the evidence pack fetched over HTTP and every link in
 * it checked against the store: each record names an event that exists with that type, stream
 * and data; the protocol's rules are the version's own; the ledger entries are the ledger's rows
 * for the request, with hashes that recompute; the manifest's digests match; and no file holds
 * the request's survivor reference.
 */
type Source = { eventId: string; streamId: string; streamVersion: number; globalPosition: number };

describe('evidence packs of ten payments sampled from a generated year', () => {
  let api: TestApi;
  let events: RecordedEvent[];
  let byId: Map<string, RecordedEvent>;
  let payments: RecordedEvent<DisbursementRecorded>[];
  let token: string;
  const seed = Number(process.env.EVIDENCE_SAMPLE_SEED ?? Date.now() % 1_000_000);

  beforeAll(async () => {
    api = await createTestApi([AuditLedgerModule, EvidencePackModule]);
    await generateHistory(api.store, { events: 1_500, days: 365, concurrency: 4, seed: 15 });
    const runner = new SubscriptionRunner(api.store, api.app.get<SqlDatabase>(READ_DATABASE), api.app.get(AuditLedgerProjection), { batchSize: 500 });
    await runner.catchUp();
    events = await api.allEvents();
    byId = new Map(events.map((e) => [e.metadata.eventId, e]));
    payments = events.filter((e): e is RecordedEvent<DisbursementRecorded> => e.type === 'DisbursementRecorded');
    token = await api.token({ userId: 'auditor-1', role: 'auditor', organizationId: 'coalition' });
  }, 600_000);
  afterAll(async () => api?.close());

  /** Ten distinct payments, chosen by a seeded generator (the seed is in the test's name when it fails). */
  function sample(): RecordedEvent<DisbursementRecorded>[] {
    let a = seed >>> 0;
    const next = () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = Math.imul(a ^ (a >>> 15), a | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pool = [...payments];
    return Array.from({ length: 10 }, () => pool.splice(Math.floor(next() * pool.length), 1)[0]!);
  }

  const sourceOf = (s: Source, type: string) => {
    const event = byId.get(s.eventId);
    expect({ type: event?.type, streamId: event?.streamId, globalPosition: event?.globalPosition, streamVersion: event?.streamVersion }).toEqual({ type, streamId: s.streamId, globalPosition: s.globalPosition, streamVersion: s.streamVersion });
    return event!;
  };

  it('is a year worth sampling: payments in money and in stock, receipts and attestations', () => {
    expect(payments.length).toBeGreaterThan(40);
    expect(new Set(payments.map((p) => p.data.source))).toEqual(new Set(['money', 'stock']));
    expect(events.some((e) => e.type === 'LostReceiptAttested')).toBe(true);
  });

  it(`proves every link of ten sampled payments against the store (seed ${seed})`, async () => {
    const db = api.app.get<SqlDatabase>(READ_DATABASE);
    for (const payment of sample()) {
      const requestId = payment.streamId.slice('fund-request-'.length);
      const { disbursementId } = payment.data;
      const res = await api
        .http()
        .get(`/fund-requests/${requestId}/disbursements/${disbursementId}/evidence-pack`)
        .set('Authorization', `Bearer ${token}`)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const zip = await JSZip.loadAsync(res.body as Buffer);
      const bytes = async (name: string) => zip.file(name)!.async('nodebuffer');
      const read = async (name: string) => JSON.parse((await bytes(name)).toString('utf8'));

      // The manifest names every other file with its digest; nothing is in the ZIP that it does not name.
      const manifest = await read('manifest.json');
      expect(manifest).toMatchObject({ requestId, disbursementId });
      expect(manifest.files.map((f: { name: string }) => f.name).sort()).toEqual(Object.keys(zip.files).filter((n) => n !== 'manifest.json').sort());
      for (const f of manifest.files) expect(createHash('sha256').update(await bytes(f.name)).digest('hex')).toBe(f.sha256);

      // No survivor reference anywhere.
      const submitted = events.find((e) => e.streamId === payment.streamId && e.type === 'FundRequestSubmitted') as RecordedEvent<FundRequestSubmitted>;
      for (const name of Object.keys(zip.files)) expect((await bytes(name)).toString('utf8')).not.toContain(submitted.data.survivorReference);

      const request = await read('request.json');
      expect(sourceOf(request.source, 'FundRequestSubmitted').metadata.eventId).toBe(submitted.metadata.eventId);
      expect(request).toMatchObject({ requestId, category: submitted.data.category, requestedCents: submitted.data.amountCents, paymentMethod: submitted.data.paymentMethod });

      const approval = await read('approval.json');
      for (const vote of approval.votes) expect(sourceOf(vote.source, 'RequestVoteCast').data).toMatchObject({ memberId: vote.memberId, vote: vote.vote });
      const approved = sourceOf(approval.approval.source, 'FundRequestApproved');
      expect(approved.data).toMatchObject({ amountCents: approval.approval.approvedCents, fundId: approval.approval.fundId });

      const protocol = await read('protocol.json');
      expect(protocol.version).toBe(approved.metadata.protocolVersion);
      const version = fold(protocolDecider, (await api.store.readStream<ProtocolEvent>(protocolStreamId(protocol.version))).events);
      expect('rules' in version && protocol.rules).toEqual(JSON.parse(JSON.stringify('rules' in version ? version.rules : null)));

      const reservation = await read('reservation.json');
      expect(reservation.movements.length).toBeGreaterThan(0);
      for (const m of reservation.movements) {
        const event = sourceOf(m.source, m.event);
        expect(event.data).toMatchObject({ requestId, amountCents: m.amountCents });
      }

      const paid = await read('payment.json');
      expect(sourceOf(paid.sourceEvent, 'DisbursementRecorded').metadata.eventId).toBe(payment.metadata.eventId);
      expect(paid).toMatchObject({ disbursementId, source: payment.data.source, amountCents: payment.data.amountCents, fundId: payment.data.fundId, cardSerials: payment.data.serials, itemId: payment.data.itemId });
      if (payment.data.payeeId) {
        const payee = fold(payeeDecider, (await api.store.readStream<PayeeEvent>(payeeStreamId(payment.data.payeeId))).events);
        expect(paid.payee).toMatchObject({ payeeId: payment.data.payeeId, name: payee.status === 'registered' ? payee.name : 'missing' });
      }

      const receipt = await read('receipt.json');
      if (receipt.status !== 'none') expect(sourceOf(receipt.source, receipt.status === 'receipt_recorded' ? 'ReceiptRecorded' : 'LostReceiptAttested').data).toMatchObject({ disbursementId });
      else expect(events.some((e) => e.streamId === payment.streamId && (e.type === 'ReceiptRecorded' || e.type === 'LostReceiptAttested') && (e.data as { disbursementId: string }).disbursementId === disbursementId)).toBe(false);

      // The entries are exactly the ledger's rows for the request, each journaling an event of the store, each hash recomputed.
      const packed = (await read('ledger-entries.json')) as StoredLedgerEntry[];
      const rows = await fetchEntries(db, { requestId, limit: 1_000 });
      expect(packed.map((e) => [e.seq, e.hash])).toEqual(rows.map((e) => [e.seq, e.hash]));
      expect(packed.some((e) => e.references.disbursementId === disbursementId)).toBe(true);
      for (const entry of packed) {
        expect(byId.get(entry.eventId)).toMatchObject({ type: entry.eventType, streamId: entry.streamId, globalPosition: entry.globalPosition });
        expect(entryHash(entry.prevHash, entry)).toBe(entry.hash);
      }
      const proof = await read('chain-proof.json');
      expect(proof).toMatchObject({ allProven: true, chain: { ok: true, firstBroken: null } });
      for (const p of proof.entries) expect(createHash('sha256').update(`${p.prevHash}\n${p.canonical}`).digest('hex')).toBe(p.hash);
    }
  }, 300_000);
});
