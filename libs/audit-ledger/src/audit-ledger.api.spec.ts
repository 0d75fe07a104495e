import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { DonationsModule } from '@fund/donations';
import { SubscriptionRunner, type SqlDatabase } from '@fund/event-sourcing';
import { FundRequestsModule } from '@fund/fund-requests';
import { FundsModule } from '@fund/funds';
import { InventoryModule } from '@fund/inventory';
import { OrganizationsModule } from '@fund/organizations';
import { READ_DATABASE } from '@fund/platform';
import { createTestApi, type TestApi } from '@fund/platform/testing';
import { PrivacyModule } from '@fund/privacy';
import { DEMO_PROTOCOL_RULES, ProtocolsModule } from '@fund/protocols';
import { AuditLedgerModule } from './audit-ledger.module';
import { EvidencePackModule } from './evidence-pack/evidence-pack.module';
import { EXPORT_HEADERS } from './export-ledger/export-ledger.controller';
import { CSV_COLUMNS } from './export-ledger/ledger-csv';
import type { StoredLedgerEntry } from './ledger.canonical';
import { AuditLedgerProjection } from './ledger.projection';
import type { LedgerPage } from './ledger.reader';

const NARRATIVE = 'Monthly passes to reach counseling and court dates, plus a taxi for the first night';

describe('audit ledger over HTTP (embedded store)', () => {
  let api: TestApi;
  let reference: string;
  let requestId: string;
  let taxiId: string;
  const today = new Date().toISOString().slice(0, 10);
  const t: Record<string, string> = {};
  const post = (path: string, who: string, body?: object) => api.http().post(path).set('Authorization', `Bearer ${t[who]}`).send(body);
  const get = (path: string, who: string) => api.http().get(path).set('Authorization', `Bearer ${t[who]}`);

  beforeAll(async () => {
    api = await createTestApi([PrivacyModule, ProtocolsModule, OrganizationsModule, FundsModule, DonationsModule, InventoryModule, FundRequestsModule, AuditLedgerModule, EvidencePackModule]);
    for (const [userId, role, organizationId] of [
      ['coordinator', 'coordinator', 'coalition'],
      ['payer', 'coordinator', 'coalition'],
      ['advocate', 'provider', 'ssac-portland'],
      ['member1', 'council', 'dv-bangor'],
      ['member2', 'council', 'vw-augusta'],
      ['auditor', 'auditor', 'coalition'],
      ['funder', 'funder', 'board'],
    ] as const) {
      t[userId] = await api.token({ userId, role, organizationId });
    }

    // A whole life: money and goods in, a request approved, paid in stock and money (one payment
    // voided and paid again), a card lost, the request closed with the rest released.
    await post('/protocols/bootstrap', 'coordinator', { version: '2026-1', title: 'Emergency fund protocol', rules: DEMO_PROTOCOL_RULES }).expect(201);
    await post('/funds', 'coordinator', { fundId: 'general', name: 'General donations', restricted: false }).expect(201);
    await post('/payees', 'coordinator', { payeeId: 'coastal-cab-co', name: 'Coastal Cab Co', kind: 'business', taxId: '12-3456789' }).expect(201);
    await post('/donations/monetary', 'coordinator', { fundId: 'general', amountCents: 200_000, restricted: false, donorKind: 'individual', receivedOn: '2026-10-01' }).expect(201);
    await post('/donations/in-kind', 'coordinator', {
      donorKind: 'organization',
      receivedOn: '2026-10-02',
      items: [{ itemId: 'bus-pass-monthly', kind: 'bus_pass', category: 'transportation', quantity: 3, unitValueCents: 4_000, valuationMethod: 'face_value', serials: ['BP-1', 'BP-2', 'BP-3'] }],
    }).expect(201);
    await post('/organizations', 'coordinator', { organizationId: 'ssac-portland', providerType: 'sexual_assault_center', county: 'cumberland' }).expect(201);
    reference = (await post('/survivor-references', 'advocate').expect(201)).body.reference;
    const submitted = await post('/fund-requests', 'advocate', {
      survivorReference: reference,
      category: 'transportation',
      amountCents: 30_000,
      paymentMethod: 'bus_pass',
      urgency: 'urgent',
      neededBy: '2099-01-31',
      demographics: { ageBand: '18_24', traffickingType: 'sex' },
      narrative: NARRATIVE,
    }).expect(201);
    const id = submitted.body.requestId as string;
    requestId = id;
    await post(`/fund-requests/${id}/votes`, 'member1', { vote: 'approve', amountCents: 30_000 }).expect(200);
    await post(`/fund-requests/${id}/votes`, 'member2', { vote: 'approve', amountCents: 25_000 }).expect(200);
    await post(`/fund-requests/${id}/disbursements`, 'payer', { source: 'stock', itemId: 'bus-pass-monthly', quantity: 2, serials: ['BP-1', 'BP-3'] }).expect(201);
    const wrong = await post(`/fund-requests/${id}/disbursements`, 'payer', { source: 'money', amountCents: 6_500, paymentMethod: 'vendor_payment' }).expect(201);
    await post(`/fund-requests/${id}/disbursements/${wrong.body.disbursementId}/void`, 'payer').expect(200);
    const taxi = await post(`/fund-requests/${id}/disbursements`, 'payer', {
      source: 'money',
      amountCents: 6_500,
      paymentMethod: 'vendor_payment',
      paidOn: today,
      payeeId: 'coastal-cab-co',
      paymentReference: { kind: 'vendor_invoice', value: 'CC-2231' },
    }).expect(201);
    taxiId = taxi.body.disbursementId as string;
    await post(`/fund-requests/${id}/disbursements/${taxi.body.disbursementId}/receipt`, 'advocate', { amountCents: 6_500 }).expect(200);
    await post('/stock/bus-pass-monthly/adjustments', 'coordinator', { quantityDelta: -1, reason: 'lost', serials: ['BP-2'] }).expect(201);
    await post(`/fund-requests/${id}/closure`, 'coordinator').expect(200);

    // createTestApi runs no projections: build the ledger the way the worker would.
    await new SubscriptionRunner(api.store, api.app.get<SqlDatabase>(READ_DATABASE), api.app.get(AuditLedgerProjection)).catchUp();
  }, 120_000);
  afterAll(async () => api?.close());

  it('lists every movement with its lines, a page at a time', async () => {
    const all: StoredLedgerEntry[] = [];
    let after: number | null = 0;
    while (after !== null) {
      const page = (await get(`/ledger?limit=4&after=${after}`, 'auditor').expect(200)).body as LedgerPage;
      expect(page.entries.length).toBeLessThanOrEqual(4);
      all.push(...page.entries);
      after = page.nextAfter;
    }
    expect(all.map((e) => e.eventType)).toEqual([
      'MonetaryDonationRecorded',
      'StockReceived',
      'MoneyReserved',
      'StockIssued',
      'ReservationReleased', // covered by the passes
      'MoneyDisbursed',
      'DisbursementVoided',
      'MoneyDisbursed',
      'StockAdjusted',
      'ReservationReleased', // underspent, at closing
    ]);
    expect(all.map((e) => e.seq)).toEqual([...all.map((e) => e.seq)].sort((a, b) => a - b));
    const disbursed = all.find((e) => e.eventType === 'MoneyDisbursed')!;
    expect(disbursed).toMatchObject({ fundId: 'general', category: 'transportation', protocolVersion: '2026-1', actorUserId: 'payer', actorRole: 'coordinator' });
    expect(disbursed.lines).toEqual([
      { line: 1, account: 'assistance:transportation', accountLabel: 'Assistance given (transportation)', debitCents: 6_500, creditCents: 0 },
      { line: 2, account: 'cash:general', accountLabel: 'Cash held (fund general)', debitCents: 0, creditCents: 6_500 },
      { line: 3, account: 'net-assets:general:committed', accountLabel: 'Net assets committed to approved requests (fund general)', debitCents: 6_500, creditCents: 0 },
      { line: 4, account: 'net-assets:general:available', accountLabel: 'Net assets available (fund general)', debitCents: 0, creditCents: 6_500 },
    ]);
  });

  it('ties every entry to its business records, its effective date and its hash format, with labels beside the codes', async () => {
    const all = (await get('/ledger?limit=1000', 'auditor').expect(200)).body.entries as (StoredLedgerEntry & { label: string })[];
    const recorded = all[0]!.occurredAt.slice(0, 10);
    const view = all.map((e) => [e.eventType, e.label, e.references, e.effectiveDate, e.effectiveDateSource, e.canonicalFormat]);
    const none = { requestId: null, disbursementId: null, donationId: null, itemId: null, serials: null, payeeId: null, paymentReference: null };
    const onRequest = (disbursementId: string | null, extra: object = {}) => ({ ...none, requestId, disbursementId, ...extra });
    const paidTwice = all.filter((e) => e.eventType === 'MoneyDisbursed').map((e) => e.references.disbursementId!);
    expect(view).toEqual([
      ['MonetaryDonationRecorded', 'Money donated', { ...none, donationId: expect.any(String) }, '2026-10-01', 'event', 2],
      ['StockReceived', 'Cards or goods received', { ...none, donationId: expect.any(String), itemId: 'bus-pass-monthly', serials: ['BP-1', 'BP-2', 'BP-3'] }, '2026-10-02', 'event', 2],
      ['MoneyReserved', 'Money reserved for an approved request', onRequest(null), recorded, 'recorded', 2],
      ['StockIssued', 'Cards or goods handed over', onRequest(expect.any(String), { itemId: 'bus-pass-monthly', serials: ['BP-1', 'BP-3'] }), recorded, 'recorded', 2],
      ['ReservationReleased', 'Reservation released', onRequest(null), recorded, 'recorded', 2],
      ['MoneyDisbursed', 'Money paid out', onRequest(paidTwice[0]!), recorded, 'recorded', 2],
      ['DisbursementVoided', 'Payment voided', onRequest(paidTwice[0]!), recorded, 'recorded', 2],
      [
        'MoneyDisbursed',
        'Money paid out',
        onRequest(taxiId, { payeeId: 'coastal-cab-co', paymentReference: { kind: 'vendor_invoice', value: 'CC-2231' } }),
        today,
        'event',
        2,
      ],
      ['StockAdjusted', 'Stock written off', { ...none, itemId: 'bus-pass-monthly', serials: ['BP-2'] }, recorded, 'recorded', 2],
      ['ReservationReleased', 'Reservation released', onRequest(null), recorded, 'recorded', 2],
    ]);
    expect(paidTwice[0]).not.toBe(taxiId);
    // The actor is a role and an organization of staff (the council's deciding vote reserves the
    // money), never anyone the fund helps.
    expect(new Set(all.map((e) => `${e.actorRole}@${e.actorOrganizationId}`))).toEqual(new Set(['coordinator@coalition', 'council@vw-augusta']));
  });

  it('filters by request and by effective date (when the money or goods moved)', async () => {
    const ofRequest = (await get(`/ledger?requestId=${requestId}`, 'auditor').expect(200)).body.entries as StoredLedgerEntry[];
    expect(ofRequest.map((e) => e.eventType)).toEqual(['MoneyReserved', 'StockIssued', 'ReservationReleased', 'MoneyDisbursed', 'DisbursementVoided', 'MoneyDisbursed', 'ReservationReleased']);
    expect((await get('/ledger?requestId=00000000-0000-4000-8000-000000000000', 'auditor').expect(200)).body.entries).toEqual([]);
    const received = (await get('/ledger?from=2026-10-01&to=2026-10-02', 'auditor').expect(200)).body.entries as StoredLedgerEntry[];
    expect(received.map((e) => [e.eventType, e.effectiveDate])).toEqual([
      ['MonetaryDonationRecorded', '2026-10-01'],
      ['StockReceived', '2026-10-02'],
    ]);
    const cashOfRequest = (await get(`/ledger?requestId=${requestId}&account=cash:general&fundId=general`, 'auditor').expect(200)).body.entries as StoredLedgerEntry[];
    expect(cashOfRequest.map((e) => e.eventType)).toEqual(['MoneyDisbursed', 'DisbursementVoided', 'MoneyDisbursed']);
  });

  it('filters by fund, account and period, and lets the coordinator read too', async () => {
    const cash = (await get('/ledger?fundId=general&account=cash:general', 'coordinator').expect(200)).body.entries as StoredLedgerEntry[];
    expect(cash.map((e) => e.eventType)).toEqual(['MonetaryDonationRecorded', 'MoneyDisbursed', 'DisbursementVoided', 'MoneyDisbursed']);
    const stock = (await get('/ledger?account=stock:bus-pass-monthly', 'auditor').expect(200)).body.entries as StoredLedgerEntry[];
    expect(stock.map((e) => e.eventType)).toEqual(['StockReceived', 'StockIssued', 'StockAdjusted']);
    expect((await get('/ledger?from=2000-01-01&to=2000-12-31', 'auditor').expect(200)).body).toEqual({ entries: [], nextAfter: null });
  });

  it('gives the evidence pack of a payment as one ZIP: request facts without the survivor, approval, protocol, payment, receipt, entries and their proof', async () => {
    const path = `/fund-requests/${requestId}/disbursements/${taxiId}/evidence-pack`;
    const res = await get(path, 'auditor')
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200)
      .expect('Content-Type', 'application/zip');
    const zip = await JSZip.loadAsync(res.body as Buffer);
    const read = async (name: string) => JSON.parse(await zip.file(name)!.async('string'));
    for (const name of Object.keys(zip.files)) {
      const text = await zip.file(name)!.async('string');
      expect(text).not.toContain(reference);
      expect(text).not.toContain(NARRATIVE.slice(0, 20));
    }
    expect(await read('request.json')).toMatchObject({ requestId, category: 'transportation', narrative: 'withheld: the narrative is not part of the evidence pack' });
    expect((await read('approval.json')).votes.map((v: { memberId: string }) => v.memberId)).toEqual(['member1', 'member2']);
    expect(await read('protocol.json')).toMatchObject({ version: '2026-1', rules: { giftCardFaceValueLimitCents: DEMO_PROTOCOL_RULES.giftCardFaceValueLimitCents } });
    expect(await read('payment.json')).toMatchObject({ disbursementId: taxiId, amountCents: 6_500, paidOn: today, payee: { payeeId: 'coastal-cab-co', name: 'Coastal Cab Co' }, paymentReference: { kind: 'vendor_invoice', value: 'CC-2231' } });
    expect(await read('receipt.json')).toMatchObject({ status: 'receipt_recorded', amountCents: 6_500 });
    const proof = await read('chain-proof.json');
    expect(proof).toMatchObject({ allProven: true, chain: { ok: true } });
    const ledger = (await get(`/ledger?requestId=${requestId}&limit=100`, 'auditor').expect(200)).body as LedgerPage;
    expect(proof.entries.map((e: { hash: string }) => e.hash)).toEqual(ledger.entries.map((e) => e.hash));
    await get(path, 'coordinator').expect(200);
    await get(path, 'advocate').expect(403);
    await get(`/fund-requests/${requestId}/disbursements/00000000-0000-4000-8000-000000000000/evidence-pack`, 'auditor').expect(404);
  });

  it('verifies the chain and the balance for the auditor', async () => {
    const res = await get('/ledger/verify', 'auditor').expect(200);
    expect(res.body).toMatchObject({ ok: true, entries: 10, firstBroken: null });
    expect(res.body.totalDebitCents).toBe(res.body.totalCreditCents);
  });

  it('gives the trial balance per account, now and as of a day', async () => {
    const now = (await get('/ledger/trial-balance', 'coordinator').expect(200)).body;
    expect(now).toMatchObject({ asOf: null, balanced: true });
    const balance = Object.fromEntries((now.accounts as { account: string; balanceCents: number }[]).map((a) => [a.account, a.balanceCents]));
    expect(balance).toMatchObject({
      'cash:general': 193_500,
      'stock:bus-pass-monthly': 0,
      'assistance:transportation': 14_500,
      'stock-writeoff:lost': 4_000,
      'net-assets:general:committed': 0,
      'donations:monetary:individual': -200_000,
      // Posting scheme 2: the in-kind revenue account names the gift's valuation method (docs/adr/0016).
      'donations:in-kind:transportation:face_value': -12_000,
    });
    expect((await get('/ledger/trial-balance?asOf=2000-01-01', 'auditor').expect(200)).body).toEqual({
      asOf: '2000-01-01',
      accounts: [],
      totalDebitCents: 0,
      totalCreditCents: 0,
      balanced: true,
    });
  });

  it('exports the period as one clean CSV table: exactly one header row, then one row per line; what the file is, in the headers', async () => {
    const res = await get('/ledger/export.csv?from=2000-01-01&to=2099-12-31', 'auditor').buffer(true).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="ledger-2000-01-01-2099-12-31.csv"');
    const verified = (await get('/ledger/verify', 'auditor').expect(200)).body;
    expect(res.headers[EXPORT_HEADERS.headSeq.toLowerCase()]).toBe(String(verified.lastSeq));
    expect(res.headers[EXPORT_HEADERS.headHash.toLowerCase()]).toBe(verified.lastHash);
    expect(res.headers[EXPORT_HEADERS.filters.toLowerCase()]).toBe('from=2000-01-01; to=2099-12-31');
    expect(Date.parse(res.headers[EXPORT_HEADERS.generatedAt.toLowerCase()] as string)).not.toBeNaN();
    const rows = res.text.trimEnd().split('\n').map((line) => line.split(','));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    // No other row looks like a header or a comment: every row after the first is a ledger line.
    expect(rows.slice(1).every((r) => /^\d+$/.test(r[0]!) && r.length === CSV_COLUMNS.length)).toBe(true);
    const body = rows.slice(1).map((r) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i]])));
    const lineCount = (await get('/ledger?limit=1000', 'auditor').expect(200)).body.entries.reduce((n: number, e: StoredLedgerEntry) => n + e.lines.length, 0);
    expect(body).toHaveLength(lineCount);
    expect(body.every((r) => r.hash?.length === 64)).toBe(true);
    expect(body.find((r) => r.event_type === 'MonetaryDonationRecorded' && r.line_no === '1')).toMatchObject({
      account: 'cash:general',
      account_label: 'Cash held (fund general)',
      entry_label: 'Money donated',
      effective_date: '2026-10-01',
      effective_date_source: 'event',
      debit_cents: '200000',
      credit_cents: '0',
      debit_usd: '2000.00',
      credit_usd: '0.00',
      fund_id: 'general',
      canonical_format: '2',
    });
    expect(body.find((r) => r.disbursement_id === taxiId && r.line_no === '2')).toMatchObject({
      request_id: requestId,
      payee_id: 'coastal-cab-co',
      payment_reference_kind: 'vendor_invoice',
      payment_reference: 'CC-2231',
      account: 'cash:general',
      credit_cents: '6500',
      effective_date: today,
    });
    const debits = body.reduce((s, r) => s + Number(r.debit_cents), 0);
    const credits = body.reduce((s, r) => s + Number(r.credit_cents), 0);
    expect(debits).toBe(credits);
  });

  it('exports only what the filters select, and says which filters', async () => {
    const res = await get(`/ledger/export.csv?from=2000-01-01&to=2099-12-31&requestId=${requestId}&account=cash:general`, 'auditor').buffer(true).expect(200);
    expect(res.headers[EXPORT_HEADERS.filters.toLowerCase()]).toBe(`from=2000-01-01; to=2099-12-31; account=cash:general; requestId=${requestId}`);
    const rows = res.text.trimEnd().split('\n').slice(1).map((line) => line.split(','));
    const at = (c: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(c);
    expect(new Set(rows.map((r) => r[at('event_type')]))).toEqual(new Set(['MoneyDisbursed', 'DisbursementVoided']));
    expect(rows.every((r) => r[at('request_id')] === requestId)).toBe(true);
  });

  it('exports a workbook: an About sheet, and the ledger with a frozen header, dollars as numbers, printed landscape one page wide', async () => {
    const res = await get('/ledger/export.xlsx?from=2000-01-01&to=2099-12-31', 'auditor')
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="ledger-2000-01-01-2099-12-31.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['About', 'Ledger']);
    const about = Object.fromEntries(workbook.getWorksheet('About')!.getSheetValues().filter(Boolean).map((r) => [(r as unknown[])[1], (r as unknown[])[2]]));
    expect(about['Chain head hash']).toBe(res.headers[EXPORT_HEADERS.headHash.toLowerCase()]);
    expect(about['Filters']).toBe('from=2000-01-01; to=2099-12-31');
    const ledger = workbook.getWorksheet('Ledger')!;
    expect(ledger.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ledger.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(ledger.pageSetup.printTitlesRow).toBe('1:1');
    // Paper gets the columns a payment is sampled by (up to the actor's role); ids and hashes stay in the file.
    const printedHeaders = (ledger.getRow(1).values as unknown[]).slice(1, 1 + 17);
    expect(printedHeaders.at(-1)).toBe('Actor role');
    expect(ledger.pageSetup.printArea).toMatch(/^\$?A\$?1:\$?Q\$?\d+$/);
    const header = (ledger.getRow(1).values as unknown[]).slice(1);
    expect(header.filter((h) => h === 'Seq')).toHaveLength(1);
    const debitAt = header.indexOf('Debit') + 1;
    const donation = ledger.getRow(2);
    expect(donation.getCell(debitAt).value).toBe(2000);
    expect(donation.getCell(debitAt).numFmt).toBe('"$"#,##0.00');
    const lines = (await get('/ledger?limit=1000', 'auditor').expect(200)).body.entries.reduce((n: number, e: StoredLedgerEntry) => n + e.lines.length, 0);
    expect(ledger.actualRowCount).toBe(lines + 1);
  });

  it('never lets a narrative, a survivor reference or demographics into the ledger', async () => {
    const csv = (await get('/ledger/export.csv?from=2000-01-01&to=2099-12-31', 'auditor').buffer(true).expect(200)).text;
    const json = JSON.stringify((await get('/ledger?limit=1000', 'auditor').expect(200)).body);
    for (const text of [csv, json]) {
      expect(text).not.toContain(reference);
      expect(text).not.toContain('counseling');
      expect(text).not.toContain(NARRATIVE.slice(0, 20));
      expect(text).not.toContain('18_24');
    }
  });

  it.each([
    ['/ledger', 'funder'],
    ['/ledger', 'advocate'],
    ['/ledger/trial-balance', 'member1'],
    ['/ledger/verify', 'funder'],
    ['/ledger/verify', 'coordinator'],
    ['/ledger/export.csv?from=2026-01-01&to=2026-12-31', 'coordinator'],
    ['/ledger/export.csv?from=2026-01-01&to=2026-12-31', 'advocate'],
    ['/ledger/export.csv?from=2026-01-01&to=2026-12-31', 'funder'],
    ['/ledger/export.xlsx?from=2026-01-01&to=2026-12-31', 'coordinator'],
  ])('refuses %s to the %s with 403', async (path, who) => {
    await get(path, who).expect(403);
  });

  it('refuses a caller without a token with 401', async () => {
    await api.http().get('/ledger/verify').expect(401);
  });

  it.each([
    ['/ledger?from=2026-13-01', 'from'],
    ['/ledger?from=2026-02-30', 'from'],
    ['/ledger?to=yesterday', 'to'],
    ['/ledger?from=2026-10-02&to=2026-10-01', 'to'],
    ['/ledger?limit=0', 'limit'],
    ['/ledger?limit=1001', 'limit'],
    ['/ledger?limit=ten', 'limit'],
    ['/ledger?after=-1', 'after'],
    ['/ledger?fundId=General%20Fund', 'fundId'],
    ['/ledger?account=cash%3Bdrop', 'account'],
    ['/ledger?narrative=x', 'narrative'],
    ['/ledger/verify?from=2026-1-1', 'from'],
    ['/ledger/trial-balance?asOf=31-12-2026', 'asOf'],
    ['/ledger/export.csv?to=2026-12-31', 'from'],
    ['/ledger/export.csv?from=2026-01-01', 'to'],
    ['/ledger/export.csv?from=2026-12-31&to=2026-01-01', 'to'],
    ['/ledger/export.xlsx?from=2026-01-01', 'to'],
    ['/ledger/export.csv?from=2026-01-01&to=2026-12-31&requestId=SR-7Q4KX9', 'requestId'],
    ['/ledger?requestId=1%27%20OR%201%3D1', 'requestId'],
  ])('refuses %s with 400 naming %s', async (path, field) => {
    const who = path.startsWith('/ledger/export') || path.startsWith('/ledger/verify') ? 'auditor' : 'coordinator';
    const res = await get(path, who).expect(400);
    expect(res.body.code).toBe('VALIDATION.FAILED');
    expect(res.body.details.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
  // Last, so the ledger read above never sees this request; the projection is not run again.
  describe('a payment naming its payee, refused', () => {
    let approvedId: string;
    beforeAll(async () => {
      const fresh = (await post('/survivor-references', 'advocate').expect(201)).body.reference as string;
      const submitted = await post('/fund-requests', 'advocate', {
        survivorReference: fresh,
        category: 'transportation',
        amountCents: 1_000,
        paymentMethod: 'vendor_payment',
        urgency: 'standard',
        neededBy: '2099-01-31',
      }).expect(201);
      approvedId = submitted.body.requestId as string;
      // Up to $250 one approval decides (the demo protocol's first tier).
      await post(`/fund-requests/${approvedId}/votes`, 'member1', { vote: 'approve', amountCents: 1_000 }).expect(200);
    });

    it.each([
      ['an unregistered payee', { payeeId: 'nobody-registered', paymentReference: { kind: 'check_number', value: '10452' } }, 'FUND_REQUEST.PAYEE_NOT_REGISTERED'],
      ['a payee without a reference', { payeeId: 'coastal-cab-co' }, 'FUND_REQUEST.PAYMENT_REFERENCE_REQUIRED'],
      ['an ACH trace that is not one', { payeeId: 'coastal-cab-co', paymentReference: { kind: 'ach_trace', value: '123' } }, 'FUND_REQUEST.PAYMENT_REFERENCE_INVALID'],
      ['a payment dated tomorrow', { paidOn: '2099-01-01' }, 'FUND_REQUEST.PAID_ON_IN_FUTURE'],
    ])('refuses a payment naming %s with 422 naming the rule, and writes nothing', async (_, change, code) => {
      const before = await api.store.headPosition();
      const res = await post(`/fund-requests/${approvedId}/disbursements`, 'payer', { source: 'money', amountCents: 100, paymentMethod: 'vendor_payment', ...change });
      expect([res.status, res.body.code]).toEqual([422, code]);
      expect(await api.store.headPosition()).toEqual(before);
    });
  });
});
