import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import ExcelJS from 'exceljs';
import type { INestApplication } from '@nestjs/common';
import { loadOrCreateLocalSigningKey, mintLocalToken } from '@fund/auth';
import type { Role, SqlDatabase } from '@fund/event-sourcing';
import { loadConfig, READ_DATABASE } from '@fund/platform';
import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { createApp } from '../apps/api/src/create-app';
import { OpenApiContract } from './support/openapi-contract';
import { WrittenPositions } from './support/consistency';

/**
 * A fund run through the real api with its projections running in-process (embedded store):
 * the ledger balances and verifies, tampering with one stored row is caught at that row, the
 * quarterly export's numbers match what happened, and every export is recorded.
 */
describe('audit ledger and funder reports over a seeded fund (black box)', () => {
  let app: INestApplication;
  let dataDir: string;
  /** Every response of this suite must be what the OpenAPI document says. */
  let contract: { take(): string[] };
  const token: Record<string, string> = {};
  const http = () => request(app.getHttpServer());
  const written = new WrittenPositions();
  const post = (path: string, who: string, body?: object) =>
    http()
      .post(path)
      .set('Authorization', `Bearer ${token[who]}`)
      .send(body)
      .on('response', (res: { headers: Record<string, unknown> }) => written.note(res.headers));
  // Every read waits for the projections to pass the last write (X-Min-Position).
  const get = (path: string, who: string) => http().get(path).set('Authorization', `Bearer ${token[who]}`).set(written.header());
  const paid: number[] = [];


  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sf-reports-'));
    app = await createApp(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_WRITES_PER_MINUTE: '10000' }));
    // Listening once: supertest would otherwise listen and close a port around every request.
    await app.listen(0, '127.0.0.1');
    contract = OpenApiContract.of(app).watch(app.getHttpServer());
    const key = loadOrCreateLocalSigningKey(dataDir);
    const users: [string, Role, string][] = [
      ['coord', 'coordinator', 'coalition'],
      ['payer', 'coordinator', 'coalition'],
      ['adv', 'provider', 'ssac-portland'],
      ['member', 'council', 'dv-bangor'],
      ['auditor', 'auditor', 'coalition'],
      ['funder', 'funder', 'board'],
    ];
    for (const [userId, role, organizationId] of users) token[userId] = await mintLocalToken(key, { userId, role, organizationId });

    await post('/protocols/bootstrap', 'coord', { version: '2026-1', title: 'Protocol', rules: DEMO_PROTOCOL_RULES }).expect(201);
    await post('/funds', 'coord', { fundId: 'general', name: 'General', restricted: false }).expect(201);
    await post('/donations/monetary', 'coord', { fundId: 'general', amountCents: 300_000, restricted: false, donorKind: 'individual', receivedOn: '2026-10-01' }).expect(201);
    await post('/organizations', 'coord', { organizationId: 'ssac-portland', providerType: 'sexual_assault_center', county: 'cumberland' }).expect(201);
    // Eight grocery requests paid by vendor payment: enough to pass small-cell suppression.
    for (let i = 0; i < 8; i++) {
      const reference = (await post('/survivor-references', 'adv').expect(201)).body.reference;
      const id = (
        await post('/fund-requests', 'adv', { survivorReference: reference, category: 'groceries', amountCents: 10_000 + i * 500, paymentMethod: 'vendor_payment', urgency: 'standard', neededBy: '2099-01-01' }).expect(201)
      ).body.requestId;
      await post(`/fund-requests/${id}/votes`, 'member', { vote: 'approve', amountCents: 10_000 + i * 500 }).expect(200);
      await post(`/fund-requests/${id}/disbursements`, 'payer', { source: 'money', amountCents: 9_000 + i * 100, paymentMethod: 'vendor_payment' }).expect(201);
      paid.push(9_000 + i * 100);
    }
  }, 120_000);

  afterEach(() => expect(contract.take()).toEqual([]));

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('balances: debits equal credits, and the ledger agrees with the fund', async () => {
    const verify = (await get('/ledger/verify', 'auditor').expect(200)).body;
    expect(verify).toMatchObject({ ok: true, firstBroken: null });
    expect(verify.totalDebitCents).toBe(verify.totalCreditCents);
    const balance = (await get('/ledger/trial-balance', 'auditor').expect(200)).body;
    const fund = (await get('/funds/general', 'coord').expect(200)).body;
    const cash = JSON.stringify(balance).match(/"account":"cash:general"[^}]*/)?.[0] ?? '';
    expect(cash).toContain(String(fund.balanceCents));
  });

  it("the quarterly export's numbers match the events, and the export is recorded", async () => {
    const today = new Date();
    const fiscalYear = today.getUTCMonth() >= 9 ? today.getUTCFullYear() + 1 : today.getUTCFullYear();
    const quarter = [2, 2, 2, 3, 3, 3, 4, 4, 4, 1, 1, 1][today.getUTCMonth()]!;
    // The quarter is still open: a funder may not read it yet (its figures could still move), the coalition's staff may.
    const early = (await get(`/reports/quarterly?fiscalYear=${fiscalYear}&quarter=${quarter}`, 'funder').expect(400)).body;
    expect(early.details.errors).toEqual([expect.objectContaining({ field: 'quarter', rule: 'closedPeriod' })]);
    const report = (await get(`/reports/quarterly?fiscalYear=${fiscalYear}&quarter=${quarter}`, 'coord').expect(200)).body;
    const table = report.tables.find((t: { name: string }) => t.name === 'disbursements_by_category_payment_method');
    const groceries = table.rows.find((r: { key: string }) => r.key === 'groceries');
    const vendor = table.columns.findIndex((c: { key: string }) => c.key === 'vendor_payment');
    expect(groceries.cells[vendor]).toMatchObject({ count: 8, amountCents: paid.reduce((a, b) => a + b, 0), suppressed: false });

    const xlsx = await get(`/reports/quarterly/export?fiscalYear=${fiscalYear}&quarter=${quarter}&format=xlsx`, 'coord')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Uint8Array.from(xlsx.body as Buffer).buffer);
    expect(workbook.worksheets.length).toBeGreaterThan(5);
    const sheetText = JSON.stringify(workbook.worksheets.map((w) => w.getSheetValues()));
    expect(sheetText).toContain(String(paid.reduce((a, b) => a + b, 0) / 100));

    const day = new Date().toISOString().slice(0, 10);
    const log = (await get(`/access-log?day=${day}`, 'auditor').expect(200)).body.accesses;
    expect(log).toEqual(expect.arrayContaining([expect.objectContaining({ userId: 'coord', role: 'coordinator', resource: 'reports.quarterly.export', filters: expect.objectContaining({ format: 'xlsx' }) })]));
    expect(log).toEqual(expect.arrayContaining([expect.objectContaining({ userId: 'auditor', resource: 'ledger.verify' })]));
  });

  it('catches a tampered ledger row, naming the entry', async () => {
    const db = app.get<SqlDatabase>(READ_DATABASE);
    const { rows } = await db.query<{ seq: string }>(`SELECT seq FROM ledger_entries WHERE event_type = 'MoneyDisbursed' ORDER BY seq LIMIT 1 OFFSET 3`);
    const seq = Number(rows[0]!.seq);
    await db.query('UPDATE ledger_lines SET debit_cents = debit_cents + 100 WHERE entry_seq = $1 AND debit_cents > 0 AND line_no = (SELECT min(line_no) FROM ledger_lines WHERE entry_seq = $1 AND debit_cents > 0)', [seq]);
    const verify = (await get('/ledger/verify', 'auditor').expect(200)).body;
    expect(verify.ok).toBe(false);
    expect(Number(verify.firstBroken.seq)).toBe(seq);
  });
});
