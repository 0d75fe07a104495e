import * as jpeg from 'jpeg-js';
import { createTestApi, type TestApi } from '@fund/platform/testing';
import { READ_DATABASE } from '@fund/platform';
import type { SqlDatabase } from '@fund/event-sourcing';
import { DonationsModule } from '@fund/donations';
import { FundRequestsModule } from '@fund/fund-requests';
import { FundsModule } from '@fund/funds';
import { InventoryModule } from '@fund/inventory';
import { OrganizationsModule } from '@fund/organizations';
import { PrivacyModule } from '@fund/privacy';
import { DEMO_PROTOCOL_RULES, ProtocolsModule } from '@fund/protocols';
import { heicWithExif, jpegWithGps, metadataFound, pdfWithMetadata, pngWithMetadata } from '@fund/documents/testing';
import { DocumentsModule } from './documents.module';

describe('documents of a request (api)', () => {
  let api: TestApi;
  const t: Record<string, string> = {};
  let requestId = '';
  let disbursementId = '';
  const post = (path: string, who: string, body?: object) => api.http().post(path).set('Authorization', `Bearer ${t[who]}`).send(body);
  const get = (path: string, who: string) => api.http().get(path).set('Authorization', `Bearer ${t[who]}`);
  const upload = (who: string, bytes: Buffer, query = 'kind=receipt', type = 'application/octet-stream', id = requestId) =>
    api.http().post(`/fund-requests/${id}/documents?${query}`).set('Authorization', `Bearer ${t[who]}`).set('Content-Type', type).send(bytes);
  const binary = (res: { body: unknown }) => res.body as Buffer;
  const download = (who: string, documentId: string, id = requestId) =>
    get(`/fund-requests/${id}/documents/${documentId}`, who).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

  beforeAll(async () => {
    process.env.DOCUMENT_MAX_BYTES = String(64 * 1024);
    api = await createTestApi([ProtocolsModule, FundsModule, InventoryModule, DonationsModule, OrganizationsModule, PrivacyModule, FundRequestsModule, DocumentsModule]);
    delete process.env.DOCUMENT_MAX_BYTES;
    t.coord = await api.token({ role: 'coordinator', userId: 'coord-1', organizationId: 'coalition' });
    t.advA = await api.token({ role: 'provider', userId: 'adv-a', organizationId: 'org-a' });
    t.advB = await api.token({ role: 'provider', userId: 'adv-b', organizationId: 'org-b' });
    t.c1 = await api.token({ role: 'council', userId: 'c1', organizationId: 'org-b' });
    t.c2 = await api.token({ role: 'council', userId: 'c2', organizationId: 'org-c' });
    t.auditor = await api.token({ role: 'auditor', userId: 'aud-1', organizationId: 'coalition' });
    await post('/protocols/bootstrap', 'coord', { version: '2026-1', title: 'P', rules: DEMO_PROTOCOL_RULES }).expect(201);
    await post('/funds', 'coord', { fundId: 'general', name: 'General fund', restricted: false }).expect(201);
    await post('/donations/monetary', 'coord', { fundId: 'general', amountCents: 100_000, restricted: false, donorKind: 'individual', receivedOn: '2026-01-05' }).expect(201);
    for (const org of ['org-a', 'org-b', 'org-c']) await post('/organizations', 'coord', { organizationId: org, providerType: 'other', county: 'york' }).expect(201);
    const reference = (await post('/survivor-references', 'advA').expect(201)).body.reference;
    requestId = (await post('/fund-requests', 'advA', { survivorReference: reference, category: 'groceries', amountCents: 5_000, paymentMethod: 'vendor_payment', urgency: 'standard', neededBy: '2099-01-01' }).expect(201)).body
      .requestId;
    await post(`/fund-requests/${requestId}/votes`, 'c1', { vote: 'approve', amountCents: 5_000 }).expect(200);
    disbursementId = (await post(`/fund-requests/${requestId}/disbursements`, 'coord', { source: 'money', amountCents: 5_000, paymentMethod: 'vendor_payment' }).expect(201)).body.disbursementId;
  }, 120_000);
  afterAll(async () => api?.close());

  it('stores a phone photo of a receipt without its GPS, author or camera, and gives it back decodable', async () => {
    const res = await upload('advA', jpegWithGps(), `kind=receipt&disbursementId=${disbursementId}`, 'image/jpeg').expect(201);
    expect(res.body).toMatchObject({ kind: 'receipt', mediaType: 'image/jpeg', disbursementId, removedMetadata: expect.arrayContaining(['exif', 'xmp', 'comment']) });
    const documentId = res.body.documentId as string;

    const db = api.app.get<SqlDatabase>(READ_DATABASE);
    const { rows } = await db.query<{ sealed: Uint8Array }>('SELECT sealed FROM document_bytes WHERE document_id = $1', [documentId]);
    expect(rows).toHaveLength(1);
    // Sealed: not even the JPEG's own markers are visible at rest.
    expect(Buffer.from(rows[0]!.sealed).includes(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);

    const got = binary(await download('advA', documentId).expect(200).expect('Content-Type', 'image/jpeg').expect('Cache-Control', 'no-store'));
    expect(metadataFound(got)).toEqual([]);
    expect(jpeg.decode(got).width).toBe(32);

    const accesses = (await api.allEvents()).filter((e) => e.type === 'ResourceAccessed').map((e) => [(e.data as { resource: string }).resource, e.metadata.actor.userId]);
    expect(accesses).toContainEqual(['fund-request.document', 'adv-a']);
  });

  it('takes PNG, PDF and HEIC the same way, judged from the bytes whatever the declared type', async () => {
    for (const [bytes, type] of [
      [pngWithMetadata(), 'image/png'],
      [await pdfWithMetadata(), 'application/pdf'],
      [heicWithExif(), 'image/heic'],
    ] as const) {
      const res = await upload('coord', bytes, 'kind=invoice', 'application/octet-stream').expect(201);
      expect(res.body.mediaType).toBe(type);
      expect(metadataFound(binary(await download('auditor', res.body.documentId).expect(200)))).toEqual([]);
    }
  });

  it('lists metadata only, to the organization, coordinators and auditors', async () => {
    const list = (await get(`/fund-requests/${requestId}/documents`, 'auditor').expect(200)).body;
    expect(list.readable).toBe(true);
    expect(list.documents.length).toBeGreaterThanOrEqual(4);
    expect(Object.keys(list.documents[0]).sort()).toEqual(['disbursementId', 'documentId', 'kind', 'mediaType', 'removedMetadata', 'sizeBytes', 'uploadedAt']);
    await get(`/fund-requests/${requestId}/documents`, 'advA').expect(200);
    await get(`/fund-requests/${requestId}/documents`, 'c1').expect(403);
  });

  it("answers another organization's request and document exactly like unknown ones, and writes nothing", async () => {
    const documentId = (await get(`/fund-requests/${requestId}/documents`, 'advA').expect(200)).body.documents[0].documentId as string;
    const before = (await api.allEvents()).length;
    const other = await download('advB', documentId).expect(404);
    const unknown = await download('advB', documentId, '00000000-0000-4000-8000-000000000000').expect(404);
    expect(JSON.parse(other.body.toString())).toEqual(JSON.parse(unknown.body.toString()));
    expect((await get(`/fund-requests/${requestId}/documents`, 'advB').expect(404)).body.code).toBe('FUND_REQUEST.NOT_FOUND');
    expect((await upload('advB', jpegWithGps()).expect(404)).body.code).toBe('FUND_REQUEST.NOT_FOUND');
    expect(JSON.parse((await download('advA', '00000000-0000-4000-8000-000000000000').expect(404)).body.toString()).code).toBe('DOCUMENT.NOT_FOUND');
    expect((await api.allEvents()).length).toBe(before);
  });

  it('refuses what is not a supported document, too large, empty or uncleanable, naming the rule, and stores nothing', async () => {
    const db = api.app.get<SqlDatabase>(READ_DATABASE);
    const count = async () => (await db.query<{ n: string }>('SELECT count(*)::text AS n FROM document_bytes')).rows[0]!.n;
    const before = [await count(), (await api.allEvents()).length];
    const code = async (res: Promise<{ status: number; body: { code: string; details?: { field?: string } } }>) => {
      const r = await res;
      return [r.status, r.body.code, r.body.details?.field];
    };
    // An SVG or HTML named receipt.jpg and declared as a JPEG is still not a JPEG.
    expect(await code(upload('advA', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'kind=receipt', 'image/jpeg'))).toEqual([422, 'DOCUMENT.UNSUPPORTED_TYPE', 'body']);
    expect(await code(upload('advA', Buffer.from('GIF89a'), 'kind=receipt', 'image/png'))).toEqual([422, 'DOCUMENT.UNSUPPORTED_TYPE', 'body']);
    expect(await code(upload('advA', Buffer.alloc(0), 'kind=receipt', 'image/png'))).toEqual([422, 'DOCUMENT.EMPTY', 'body']);
    expect(await code(upload('advA', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(70 * 1024)]), 'kind=receipt', 'image/jpeg'))).toEqual([422, 'DOCUMENT.TOO_LARGE', 'body']);
    expect(await code(upload('advA', jpegWithGps().subarray(0, 400), 'kind=receipt', 'image/jpeg'))).toEqual([422, 'DOCUMENT.UNREADABLE', 'body']);
    expect(await code(upload('advA', jpegWithGps(), 'kind=selfie', 'image/jpeg'))).toEqual([400, 'VALIDATION.FAILED', undefined]);
    expect(await code(upload('advA', jpegWithGps(), `kind=receipt&disbursementId=00000000-0000-4000-8000-000000000000`))).toEqual([404, 'FUND_REQUEST.UNKNOWN_DISBURSEMENT', 'disbursementId']);
    expect(await code(post(`/fund-requests/${requestId}/documents?kind=receipt`, 'advA', { file: 'base64...' }))).toEqual([422, 'DOCUMENT.UNSUPPORTED_TYPE', 'body']);
    expect([await count(), (await api.allEvents()).length]).toEqual(before);
  });

  it('lets a receipt point at its document: a receipt or invoice of this request, never a quote or an unknown id', async () => {
    const quote = (await upload('advA', pngWithMetadata(), 'kind=quote').expect(201)).body.documentId as string;
    const receipt = (await upload('advA', jpegWithGps(), `kind=receipt&disbursementId=${disbursementId}`).expect(201)).body.documentId as string;
    const settle = (documentId: string) => post(`/fund-requests/${requestId}/disbursements/${disbursementId}/receipt`, 'advA', { amountCents: 5_000, documentId });
    expect((await settle(quote).expect(422)).body.code).toBe('FUND_REQUEST.DOCUMENT_NOT_A_RECEIPT');
    expect((await settle('00000000-0000-4000-8000-000000000000').expect(404)).body.code).toBe('FUND_REQUEST.UNKNOWN_DOCUMENT');
    await settle(receipt).expect(200);
    const recorded = (await api.allEvents()).filter((e) => e.type === 'ReceiptRecorded');
    expect(recorded.map((e) => e.data)).toEqual([expect.objectContaining({ disbursementId, amountCents: 5_000, documentId: receipt })]);
  });

  it("is destroyed with the request's data key: after shredding it can be listed but never read", async () => {
    const documentId = (await upload('advA', pngWithMetadata(), `kind=receipt&disbursementId=${disbursementId}`).expect(201)).body.documentId as string;
    await download('advA', documentId).expect(200);
    await post(`/fund-requests/${requestId}/narrative/shred`, 'coord').expect(200);
    expect(JSON.parse((await download('advA', documentId).expect(422)).body.toString()).code).toBe('DOCUMENT.SHREDDED');
    expect((await get(`/fund-requests/${requestId}/documents`, 'coord').expect(200)).body.readable).toBe(false);
    expect((await upload('advA', pngWithMetadata()).expect(422)).body.code).toBe('DOCUMENT.REQUEST_SHREDDED');
  });
});
