import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
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
import { AuditLedgerProjection } from '../ledger.projection';
import type { FinancialStatementsView } from './statements.view';
import { LedgerStatementsModule } from './statements.module';

const AWARD = '2026-V2-GX-0042';
const binary = (res: { on: (event: string, fn: (chunk?: Buffer) => void) => void }, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk) => chunks.push(chunk!));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('financial statements over HTTP (embedded store)', () => {
  let api: TestApi;
  const today = new Date().toISOString().slice(0, 10);
  const period = { from: '2026-10-01', to: today };
  const query = `from=${period.from}&to=${period.to}`;
  const t: Record<string, string> = {};
  const post = (path: string, who: string, body?: object) => api.http().post(path).set('Authorization', `Bearer ${t[who]}`).send(body);
  const get = (path: string, who: string) => api.http().get(path).set('Authorization', `Bearer ${t[who]}`);

  beforeAll(async () => {
    api = await createTestApi([PrivacyModule, ProtocolsModule, OrganizationsModule, FundsModule, DonationsModule, InventoryModule, FundRequestsModule, LedgerStatementsModule]);
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
    await post('/protocols/bootstrap', 'coordinator', { version: '2026-1', title: 'Emergency fund protocol', rules: DEMO_PROTOCOL_RULES }).expect(201);
    await post('/funds', 'coordinator', { fundId: 'general', name: 'General donations', restricted: false }).expect(201);
    await post('/funds', 'coordinator', { fundId: 'voca', name: 'VOCA subaward', restricted: true }).expect(201);
    await post('/funds/voca/restrictions', 'coordinator', {
      purpose: { categories: ['lodging', 'transportation'], paymentMethods: ['vendor_payment'] },
      period: { firstDay: '2026-10-01', lastDay: '2027-09-30', liquidationDeadline: '2027-12-29' },
      budgetLines: [
        { lineId: 'housing', categories: ['lodging'], amountCents: 300_000 },
        { lineId: 'transport', categories: ['transportation'], amountCents: 100_000 },
      ],
      reference: AWARD,
    }).expect(201);
    await post('/payees', 'coordinator', { payeeId: 'harbor-motel', name: 'Harbor Motel', kind: 'business', taxId: '12-3456789' }).expect(201);
    await post('/donations/monetary', 'coordinator', { fundId: 'general', amountCents: 200_000, restricted: false, donorKind: 'individual', receivedOn: '2026-10-01' }).expect(201);
    await post('/donations/monetary', 'coordinator', { fundId: 'voca', amountCents: 400_000, restricted: true, donorKind: 'grant', receivedOn: '2026-10-01' }).expect(201);
    await post('/donations/in-kind', 'coordinator', {
      donorKind: 'organization',
      receivedOn: '2026-10-02',
      items: [{ itemId: 'winter-coat', kind: 'goods', category: 'winter_gear', quantity: 4, unitValueCents: 6_000, valuationMethod: 'fair_market_value', serials: null }],
    }).expect(201);
    await post('/organizations', 'coordinator', { organizationId: 'ssac-portland', providerType: 'sexual_assault_center', county: 'cumberland' }).expect(201);
    const reference = (await post('/survivor-references', 'advocate').expect(201)).body.reference;
    const submitted = await post('/fund-requests', 'advocate', {
      survivorReference: reference,
      category: 'lodging',
      amountCents: 30_000,
      paymentMethod: 'vendor_payment',
      urgency: 'urgent',
      neededBy: '2099-01-31',
    }).expect(201);
    const id = submitted.body.requestId as string;
    await post(`/fund-requests/${id}/votes`, 'member1', { vote: 'approve', amountCents: 30_000 }).expect(200);
    await post(`/fund-requests/${id}/votes`, 'member2', { vote: 'approve', amountCents: 30_000 }).expect(200);
    await post(`/fund-requests/${id}/disbursements`, 'payer', {
      source: 'money',
      amountCents: 20_000,
      paymentMethod: 'vendor_payment',
      paidOn: today,
      payeeId: 'harbor-motel',
      paymentReference: { kind: 'vendor_invoice', value: 'HM-1001' },
    }).expect(201);
    await new SubscriptionRunner(api.store, api.app.get<SqlDatabase>(READ_DATABASE), api.app.get(AuditLedgerProjection)).catchUp();
  }, 120_000);
  afterAll(async () => api?.close());

  it('reads the four statements: restricted money, its release, unspent restricted money, budget vs actual and the in-kind disclosure', async () => {
    const s = (await get(`/ledger/statements?${query}`, 'coordinator').expect(200)).body as FinancialStatementsView;
    expect(s.period).toEqual(period);
    expect(s.activities.monetaryRevenue.map((l) => [l.key, l.withoutRestrictionsCents, l.withRestrictionsCents])).toEqual([
      ['donations:monetary:grant', 0, 400_000],
      ['donations:monetary:individual', 200_000, 0],
    ]);
    expect(s.activities.inKindRevenue).toEqual([expect.objectContaining({ key: 'donations:in-kind:winter_gear', withoutRestrictionsCents: 24_000 })]);
    expect(s.activities.releasesFromRestriction).toMatchObject({ withoutRestrictionsCents: 20_000, withRestrictionsCents: -20_000 });
    expect(s.activities.netAssetsEnding).toMatchObject({ withoutRestrictionsCents: 224_000, withRestrictionsCents: 380_000 });
    const voca = s.fundPositions.funds.find((f) => f.fundId === 'voca')!;
    expect(voca).toMatchObject({ restricted: true, closingCashCents: 380_000, committedCents: 10_000, withRestrictionsCents: 380_000, releasedInPeriodCents: 20_000 });
    expect(s.budgetVersusActual).toEqual([
      expect.objectContaining({
        fundId: 'voca',
        awardReference: AWARD,
        lines: [
          expect.objectContaining({ lineId: 'housing', budgetCents: 300_000, spentCents: 20_000, committedCents: 10_000, remainingCents: 270_000 }),
          expect.objectContaining({ lineId: 'transport', budgetCents: 100_000, spentCents: 0, committedCents: 0, remainingCents: 100_000 }),
        ],
      }),
    ]);
    expect(s.inKindDisclosure.rows).toEqual([expect.objectContaining({ category: 'winter_gear', receivedCents: 24_000, usedCents: 0, monetizedCents: 0, valuationTechniques: ['fair_market_value'] })]);
  });

  it('is for staff and auditors: a funder is refused, and a period without both days is a 400 naming the field', async () => {
    expect((await get(`/ledger/statements?${query}`, 'funder').expect(403)).body.code).toBe('AUTH.ROLE_NOT_ALLOWED');
    const res = await get('/ledger/statements?from=2026-10-01', 'auditor').expect(400);
    expect(JSON.stringify(res.body)).toContain('to');
    await get(`/ledger/statements.csv?${query}&statement=everything`, 'auditor').expect(400);
  });

  it('exports one statement per CSV, a single table whose every row names the statement, its subject and the period', async () => {
    const res = await get(`/ledger/statements.csv?${query}&statement=budget-vs-actual`, 'auditor').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const rows = res.text.trim().split('\n');
    expect(rows[0]).toBe('Statement,Subject,Period,Budget line,Categories,Budget (USD),Spent in period (USD),Spent to date (USD),Committed (USD),Remaining (USD)');
    expect(rows[1]).toBe(`Budget versus actual,"VOCA subaward, award ${AWARD}",${period.from} to ${period.to},housing,lodging,3000.00,200.00,200.00,100.00,2700.00`);
  });

  it("exports a grant's close-out figures through the same writers: before the close, what a close-out today starts from", async () => {
    const json = (await get('/funds/voca/close-out', 'auditor').expect(200)).body;
    expect(json).toMatchObject({ closedOn: null, award: { reference: AWARD, budgetCents: 400_000, receivedCents: 400_000 }, totals: { spentCents: 20_000, keptCents: 10_000, unspentCents: 370_000 } });
    const csv = await get('/ledger/statements/close-out.csv?fundId=voca', 'auditor').expect(200);
    const rows = csv.text.trim().split('\n');
    expect(rows[0]).toBe('Statement,Subject,Period,Budget line,Categories,Budget (USD),Spent (USD),Kept to pay (USD),Released (USD),Moved (USD),Unspent (USD)');
    expect(rows[1]).toBe(`Grant close-out,"VOCA subaward, award ${AWARD}",2026-10-01 to 2027-09-30,housing,lodging,3000.00,200.00,100.00,0.00,0.00,2700.00`);
    const xlsx = await get('/ledger/statements/close-out.xlsx?fundId=voca', 'coordinator').buffer(true).parse(binary).expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Close-out voca']);
    expect(book.worksheets[0]!.pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1 });
    expect(book.worksheets[0]!.headerFooter.oddHeader).toContain(`VOCA subaward, award ${AWARD}`);
    await get('/ledger/statements/close-out.csv?fundId=voca', 'funder').expect(403);
    expect((await get('/ledger/statements/close-out.csv?fundId=general', 'auditor').expect(422)).body.code).toBe('FUND.NOT_RESTRICTED');
    await get('/ledger/statements/close-out.xlsx?fundId=nope', 'auditor').expect(404);
  });

  describe('the workbook', () => {
    let body: Buffer;
    let workbook: ExcelJS.Workbook;

    beforeAll(async () => {
      const res = await get(`/ledger/statements.xlsx?${query}`, 'coordinator').buffer(true).parse(binary).expect(200);
      body = res.body as Buffer;
      workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(body as unknown as ArrayBuffer);
    });

    it('has a sheet per statement and per grant, each printed landscape, one page wide, title and headers repeated, named in the page header', () => {
      expect(workbook.worksheets.map((w) => w.name)).toEqual(['Activities', 'Fund positions', 'Budget 1 voca', 'In-kind disclosure']);
      for (const ws of workbook.worksheets) {
        expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:3' });
        expect(ws.headerFooter.oddHeader).toContain('Survivor support fund coalition');
        expect(ws.headerFooter.oddHeader).toContain(`${period.from} to ${period.to}`);
      }
      expect(workbook.getWorksheet('Budget 1 voca')!.headerFooter.oddHeader).toContain(`VOCA subaward, award ${AWARD}`);
      const budget = workbook.getWorksheet('Budget 1 voca')!;
      const elapsed = budget.getRow(budget.rowCount);
      expect(elapsed.getCell(1).value).toBe('Period of performance elapsed');
      expect(elapsed.getCell(7)).toMatchObject({ numFmt: '0.0%' });
      expect(elapsed.getCell(7).value).toBeCloseTo((Date.parse(`${today}T00:00:00Z`) - Date.parse('2026-10-01T00:00:00Z')) / 86_400_000 / 365 + 1 / 365, 3);
      expect(workbook.getWorksheet('Activities')!.getRow(3).values).toEqual([undefined, 'Line', 'Without donor restrictions (USD)', 'With donor restrictions (USD)', 'Total (USD)']);
    });

    const soffice = ['soffice', 'libreoffice'].find((cmd) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0);
    const pdfinfo = spawnSync('pdfinfo', ['-v'], { stdio: 'ignore' }).status === 0;
    if (!soffice || !pdfinfo) {
      it.skip(`renders to PDF with LibreOffice (skipped: ${!soffice ? 'soffice' : 'pdfinfo'} is not installed)`, () => undefined);
      return;
    }

    it('opens in LibreOffice and prints on landscape pages, one per statement', () => {
      const dir = mkdtempSync(join(tmpdir(), 'sf-statements-'));
      try {
        writeFileSync(join(dir, 'statements.xlsx'), body);
        // A profile of its own, so a LibreOffice already running on the machine does not take the job.
        execFileSync(soffice, [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'statements.xlsx')], { stdio: 'ignore', timeout: 110_000 });
        expect(readdirSync(dir)).toContain('statements.pdf');
        const info = execFileSync('pdfinfo', ['-f', '1', '-l', '99', join(dir, 'statements.pdf')], { encoding: 'utf8' });
        const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
        expect(pages).toBe(workbook.worksheets.length);
        const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => [Number(m[1]), Number(m[2])]);
        expect(sizes).toHaveLength(pages);
        for (const [width, height] of sizes) expect(width).toBeGreaterThan(height!);
        if (process.env.KEEP_STATEMENTS_PDF) execFileSync('cp', [join(dir, 'statements.pdf'), process.env.KEEP_STATEMENTS_PDF]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 120_000);
  });
});
