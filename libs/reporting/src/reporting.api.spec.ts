import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { SubscriptionRunner, type SqlDatabase } from '@fund/event-sourcing';
import { DonationsModule } from '@fund/donations';
import { FundRequestsModule } from '@fund/fund-requests';
import { FundsModule } from '@fund/funds';
import { InventoryModule } from '@fund/inventory';
import { OrganizationsModule } from '@fund/organizations';
import { READ_DATABASE } from '@fund/platform';
import { createTestApi, type TestApi } from '@fund/platform/testing';
import { PrivacyModule } from '@fund/privacy';
import { DEMO_PROTOCOL_RULES, ProtocolsModule } from '@fund/protocols';
import { dayOf, fiscalQuarter, fiscalQuarterOf, semiAnnualPeriod } from './periods';
import type { FunderReport, ReportCell, ReportTable } from './report-model';
import { ReportingModule } from './reporting.module';
import { ReportingProjection } from './reporting.projection';
import { attackReportTable } from './testing/attacks';
import { parseCsv } from './testing/csv';

const addDaysIso = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

// Not a word and not a name: the narrative must pass the personal-information screen to be stored.
const NARRATIVE_MARKER = 'zqx7qx';

/** supertest hands binary bodies over as one Buffer with this parser. */
const binary = (res: { on(event: string, listener: (chunk: Buffer) => void): unknown }, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

/** Every string a workbook holds, sheet by sheet. */
/** Every file of a ZIP, as text. */
async function unzip(buffer: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(buffer);
  const out: Record<string, string> = {};
  for (const name of Object.keys(zip.files)) out[name] = await zip.file(name)!.async('string');
  return out;
}

async function workbookText(buffer: Buffer): Promise<{ names: string[]; text: string; workbook: ExcelJS.Workbook }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  const text = workbook.worksheets.map((ws) => JSON.stringify(ws.getSheetValues())).join('\n');
  return { names: workbook.worksheets.map((w) => w.name), text, workbook };
}

describe('reports over HTTP (embedded store)', () => {
  let api: TestApi;
  const t: Record<string, string> = {};
  const references: string[] = [];
  const requestIds: string[] = [];
  // The write side takes "now" from the clock: the reports asked for are the current ones.
  const today = dayOf(new Date());
  const { fiscalYear, quarter } = fiscalQuarterOf(today);
  const half = Number(today.slice(5, 7)) <= 6 ? 1 : 2;
  const quarterly = `/reports/quarterly?fiscalYear=${fiscalYear}&quarter=${quarter}`;

  const post = (path: string, token: string, body?: object) => {
    const req = api.http().post(path).set('Authorization', `Bearer ${token}`);
    return body === undefined ? req : req.send(body);
  };
  const get = (path: string, token: string) => api.http().get(path).set('Authorization', `Bearer ${token}`);
  const download = (path: string, token: string) => get(path, token).buffer(true).parse(binary);
  const table = (report: FunderReport, name: string) => report.tables.find((x) => x.name === name) as ReportTable;
  const cell = (tbl: ReportTable, row: string, column: string) => tbl.rows.find((r) => r.key === row)!.cells[tbl.columns.findIndex((c) => c.key === column)]!;
  const forbiddenStrings = () => [...references, ...requestIds, NARRATIVE_MARKER, 'org-a', 'org-b', 'org-c', 'org-d', 'org-council', 'adv-', 'coord-', 'DONOR-77'];

  beforeAll(async () => {
    api = await createTestApi([ProtocolsModule, FundsModule, DonationsModule, InventoryModule, OrganizationsModule, PrivacyModule, FundRequestsModule, ReportingModule]);
    t.coord = await api.token({ role: 'coordinator', userId: 'coord-1', organizationId: 'coalition' });
    t.coord2 = await api.token({ role: 'coordinator', userId: 'coord-2', organizationId: 'coalition' });
    t.advA = await api.token({ role: 'provider', userId: 'adv-a', organizationId: 'org-a' });
    t.advB = await api.token({ role: 'provider', userId: 'adv-b', organizationId: 'org-b' });
    t.council = await api.token({ role: 'council', userId: 'c1', organizationId: 'org-council' });
    t.funder = await api.token({ role: 'funder', userId: 'fun-1', organizationId: 'board' });
    t.auditor = await api.token({ role: 'auditor', userId: 'aud-1', organizationId: 'coalition' });

    await post('/protocols/bootstrap', t.coord!, { version: '2026-1', title: 'Emergency fund protocol', rules: DEMO_PROTOCOL_RULES }).expect(201);
    await post('/funds', t.coord!, { fundId: 'general', name: 'General fund', restricted: false }).expect(201);
    for (let i = 0; i < 6; i++) {
      await post('/donations/monetary', t.coord!, { fundId: 'general', amountCents: 100_000, restricted: false, donorKind: 'individual', donorReference: 'DONOR-77', receivedOn: today }).expect(201);
    }
    const orgs = [
      ['org-a', 'sexual_assault_center', 'cumberland'],
      ['org-b', 'domestic_violence_center', 'penobscot'],
      ['org-c', 'immigrant_services', 'york'],
      ['org-d', 'anti_trafficking_program', 'kennebec'],
    ] as const;
    for (const [organizationId, providerType, county] of orgs) await post('/organizations', t.coord!, { organizationId, providerType, county }).expect(201);
    for (const org of ['org-c', 'org-d']) t[org] = await api.token({ role: 'provider', userId: `adv-${org.slice(-1)}`, organizationId: org });

    // Survivors get groceries (org-a, 7), transportation (org-c, 6) and lodging (org-d, 6), each
    // approved and paid; org-b sends two medical requests, one denied and one still pending.
    const groups = [
      { token: t.advA!, category: 'groceries', count: 7, amount: (i: number) => 10_000 + i * 100 },
      { token: t['org-c']!, category: 'transportation', count: 6, amount: () => 5_000 },
      { token: t['org-d']!, category: 'lodging', count: 6, amount: () => 8_000 },
    ];
    for (const group of groups) {
      for (let i = 0; i < group.count; i++) {
        const reference = (await post('/survivor-references', group.token).expect(201)).body.reference as string;
        references.push(reference);
        const body = {
          survivorReference: reference,
          category: group.category,
          amountCents: group.amount(i),
          paymentMethod: 'vendor_payment',
          urgency: 'standard',
          neededBy: '2099-01-01',
          demographics: { ageBand: '25_59', traffickingType: 'labor' },
          ...(i === 0 ? { narrative: `Help for the week, marker ${NARRATIVE_MARKER} asked` } : {}),
        };
        const requestId = (await post('/fund-requests', group.token, body).expect(201)).body.requestId as string;
        requestIds.push(requestId);
        await post(`/fund-requests/${requestId}/votes`, t.council!, { vote: 'approve', amountCents: body.amountCents }).expect(200);
        await post(`/fund-requests/${requestId}/disbursements`, t.coord2!, { source: 'money', amountCents: body.amountCents, paymentMethod: 'vendor_payment' }).expect(201);
      }
    }
    for (let i = 0; i < 2; i++) {
      const reference = (await post('/survivor-references', t.advB!).expect(201)).body.reference as string;
      references.push(reference);
      const requestId = (
        await post('/fund-requests', t.advB!, { survivorReference: reference, category: 'medical', amountCents: 4_000, paymentMethod: 'vendor_payment', urgency: 'urgent', neededBy: '2099-01-01' }).expect(201)
      ).body.requestId as string;
      requestIds.push(requestId);
      if (i === 0) await post(`/fund-requests/${requestId}/votes`, t.council!, { vote: 'deny', reasonCode: 'other_resources_available' }).expect(200);
    }

    const projection = new SubscriptionRunner(api.store, api.app.get<SqlDatabase>(READ_DATABASE), api.app.get(ReportingProjection));
    await projection.catchUp();
  }, 120_000);
  afterAll(async () => api?.close());

  it('gives a coordinator the quarter in progress, small cells suppressed and the rest exact', async () => {
    const res = await get(quarterly, t.coord!).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const report = res.body as FunderReport;
    expect(report).toMatchObject({ report: 'quarterly', threshold: 6, period: fiscalQuarter(fiscalYear, quarter) });
    // Each figure is either hidden or exact; the two medical requests (a denial and one pending)
    // and their total are always hidden, with enough around them that neither can be narrowed.
    const shown = (c: ReportCell | null | undefined, expected: { count: number; amountCents: number }) =>
      expect(c?.suppressed ? 'suppressed' : { count: c?.count, amountCents: c?.amountCents }).toEqual(c?.suppressed ? 'suppressed' : expected);
    const requests = table(report, 'requests_by_category');
    shown(cell(requests, 'groceries', 'approved'), { count: 7, amountCents: 72_100 });
    expect(cell(requests, 'medical', 'denied')).toEqual({ count: null, amountCents: null, suppressed: true });
    expect(cell(requests, 'medical', 'pending').suppressed).toBe(true);
    expect(requests.rows.filter((r) => r.total?.suppressed).map((r) => r.key)).toContain('medical');
    shown(requests.grandTotal, { count: 21, amountCents: 72_100 + 30_000 + 48_000 + 8_000 });
    const paid = table(report, 'disbursements_by_category_payment_method');
    shown(cell(paid, 'groceries', 'vendor_payment'), { count: 7, amountCents: 72_100 });
    shown(cell(paid, 'lodging', 'vendor_payment'), { count: 6, amountCents: 48_000 });
    shown(paid.grandTotal, { count: 19, amountCents: 150_100 });
    // Provider type and county come from the submitting organization (no county was recorded).
    shown(table(report, 'requests_by_provider_type').rows.find((r) => r.key === 'sexual_assault_center')?.total, { count: 7, amountCents: 72_100 });
    shown(table(report, 'requests_by_county').rows.find((r) => r.key === 'cumberland')?.total, { count: 7, amountCents: 72_100 });
    expect(table(report, 'requests_by_county').rows.find((r) => r.key === 'penobscot')?.total?.suppressed).toBe(true);
    shown(table(report, 'disbursements_by_county').rows.find((r) => r.key === 'kennebec')?.total, { count: 6, amountCents: 48_000 });
    const survivors = table(report, 'survivors_by_trafficking_type_and_age');
    shown(cell(survivors, 'labor', 'adult'), { count: 19, amountCents: 150_100 });
    shown(cell(table(report, 'donations_received'), 'individual', 'monetary'), { count: 6, amountCents: 600_000 });
    // Something is published: suppression does not hide a whole report.
    expect(report.tables.flatMap((x) => x.rows.flatMap((r) => r.cells)).filter((c) => !c.suppressed && (c.count ?? 0) > 0).length).toBeGreaterThan(0);
    for (const tbl of report.tables) expect([tbl.name, attackReportTable(tbl)]).toEqual([tbl.name, []]);
  });

  it('gives the semi-annual report and the fund activity statement', async () => {
    const semi = (await get(`/reports/semi-annual?year=${today.slice(0, 4)}&half=${half}`, t.coord!).expect(200)).body as FunderReport;
    expect(semi.period).toEqual(semiAnnualPeriod(Number(today.slice(0, 4)), half as 1 | 2));
    const groceries = cell(table(semi, 'requests_by_category'), 'groceries', 'approved');
    expect(groceries.suppressed ? 'suppressed' : groceries.count).toBe(cell(table((await get(quarterly, t.coord!)).body as FunderReport, 'requests_by_category'), 'groceries', 'approved').suppressed ? 'suppressed' : 7);
    const q = fiscalQuarter(fiscalYear, quarter);
    const statement = (await get(`/reports/fund-activity?from=${q.start}&to=${q.end}`, t.auditor!).expect(200)).body;
    expect(statement).toMatchObject({
      openingBalanceCents: 0,
      donationsCents: 600_000,
      disbursementsCents: 150_100,
      closingBalanceCents: 600_000 - 150_100,
      commitmentsOutstandingCents: 0,
      disbursements: [
        { key: 'groceries', count: 7, amountCents: 72_100 },
        { key: 'lodging', count: 6, amountCents: 48_000 },
        { key: 'transportation', count: 6, amountCents: 30_000 },
      ],
    });
  });

  it("gives funders closed periods of the lattice only, at the coalition's floor or higher", async () => {
    const open = await get(quarterly, t.funder!).expect(400);
    expect(open.body.details.errors).toEqual([expect.objectContaining({ field: 'quarter', rule: 'closedPeriod' })]);
    await get(`/reports/semi-annual?year=${today.slice(0, 4)}&half=${half}`, t.funder!).expect(400);
    await get(`/reports/annual?fiscalYear=${fiscalYear}`, t.funder!).expect(400);
    const last = (await get(`/reports/annual?fiscalYear=${fiscalYear - 1}`, t.funder!).expect(200)).body as FunderReport;
    expect(last).toMatchObject({ report: 'annual', threshold: 6, period: { kind: 'fiscal_year', label: `FY${fiscalYear - 1}` } });
    const low = await get(`/reports/annual?fiscalYear=${fiscalYear - 1}&threshold=5`, t.funder!).expect(400);
    expect(low.body.details.errors).toEqual([expect.objectContaining({ field: 'threshold', rule: 'coalitionFloor', floor: 6 })]);
    expect(low.body.message).toContain('floor');
    expect((await get(`/reports/annual?fiscalYear=${fiscalYear - 1}&threshold=9`, t.funder!).expect(200)).body.threshold).toBe(9);
    // Coordinators too: the floor is the coalition's, not the reader's.
    await get(`${quarterly}&threshold=5`, t.coord!).expect(400);
    const q = fiscalQuarter(fiscalYear, quarter);
    const range = await get(`/reports/fund-activity?from=${q.start}&to=${addDaysIso(q.end, -10)}`, t.funder!).expect(400);
    expect(range.body.details.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'from', rule: 'publishablePeriod' })]));
    const statement = (await get(`/reports/fund-activity?from=${q.start}&to=${addDaysIso(q.end, -10)}`, t.coord!).expect(200)).body;
    expect(statement).toMatchObject({ audience: 'internal', period: { kind: 'custom' } });
  });

  it('refuses providers and council members, and anyone without a token', async () => {
    await get(quarterly, t.advA!).expect(403);
    await get(quarterly, t.council!).expect(403);
    await get(`${quarterly.replace('quarterly', 'quarterly/export')}&format=csv`, t.advA!).expect(403);
    await api.http().get(quarterly).expect(401);
    await get(quarterly, t.coord!).expect(200);
  });

  it.each([
    [`${quarterly}&threshold=2`, 'threshold'],
    [`/reports/quarterly?fiscalYear=${fiscalYear}&quarter=5`, 'quarter'],
    [`/reports/quarterly?quarter=1`, 'fiscalYear'],
    [`${quarterly}&county=york`, 'county'],
    ['/reports/semi-annual?year=2026&half=3', 'half'],
    ['/reports/fund-activity?from=2026-10-02&to=2026-12-31', 'from'],
    ['/reports/fund-activity?from=2026-10-01&to=31/12/2026', 'to'],
    [`${quarterly.replace('quarterly', 'quarterly/export')}&format=docx`, 'format'],
  ])('refuses %s with 400 naming %s', async (path, field) => {
    const res = await get(path, t.funder!).expect(400);
    expect(res.body.code).toBe('VALIDATION.FAILED');
    expect(res.body.details.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('streams the quarterly report as CSV stating period and threshold, and it parses back', async () => {
    const res = await download(`${quarterly.replace('quarterly', 'quarterly/export')}&format=csv&threshold=7`, t.coord!).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="quarterly-report-FY${fiscalYear}-Q${quarter}.csv"`);
    const text = (res.body as Buffer).toString('utf8');
    const rows = parseCsv(text);
    const q = fiscalQuarter(fiscalYear, quarter);
    expect(rows).toContainEqual(['Period', `FY${fiscalYear} Q${quarter} (${q.start} to ${q.end})`]);
    expect(rows).toContainEqual(['Suppression threshold', '7: counts from 1 to 6 are suppressed']);
    expect(rows.filter((r) => r[0] === 'Table')).toHaveLength(16);
    // The file carries the figures of the JSON report at the same threshold, and no others.
    const json = (await get(`${quarterly}&threshold=7`, t.coord!).expect(200)).body as FunderReport;
    const approved = cell(table(json, 'requests_by_category'), 'groceries', 'approved');
    const groceries = rows.find((r) => r[0] === 'Groceries' && r.length === 13);
    expect(groceries?.slice(1, 3)).toEqual(approved.suppressed ? ['suppressed', 'suppressed'] : [String(approved.count), (approved.amountCents! / 100).toFixed(2)]);
    for (const s of forbiddenStrings()) expect([s, text.includes(s)]).toEqual([s, false]);
    expect(text).not.toMatch(/[0-9a-f]{64}/);
  });

  it('streams a real XLSX workbook with a sheet per table and an About sheet', async () => {
    const res = await download(`${quarterly.replace('quarterly', 'quarterly/export')}&format=xlsx`, t.coord!).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="quarterly-report-FY${fiscalYear}-Q${quarter}.xlsx"`);
    const { names, text, workbook } = await workbookText(res.body as Buffer);
    expect(names).toHaveLength(17);
    expect(names[0]).toBe('About');
    expect(text).toContain('Suppression threshold');
    const ws = workbook.getWorksheet('Requests by category')!;
    // Title, header line and description above the column header, all repeated on every printed page.
    expect(ws.getRow(1).getCell(1).value).toBe('Requests by expense category');
    expect(String(ws.getRow(2).getCell(1).value)).toContain('Suppression threshold: 6');
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:4' });
    expect(ws.getRow(4).getCell(1).value).toBe('Expense category');
    expect(ws.getRow(4).getCell(2).value).toBe('Approved: requests');
    expect(ws.getRow(4).getCell(2).font?.bold).toBe(true);
    const groceries = ws.getRow(6);
    expect(groceries.getCell(1).value).toBe('Groceries');
    const approved = cell(table((await get(quarterly, t.coord!).expect(200)).body as FunderReport, 'requests_by_category'), 'groceries', 'approved');
    expect([groceries.getCell(2).value, groceries.getCell(3).value]).toEqual(approved.suppressed ? ['suppressed', 'suppressed'] : [approved.count, approved.amountCents! / 100]);
    for (const s of forbiddenStrings()) expect([s, text.includes(s)]).toEqual([s, false]);
    expect(text).not.toMatch(/[0-9a-f]{64}/);
  });

  it('exports the semi-annual report and the fund activity statement too', async () => {
    const semi = await download(`/reports/semi-annual/export?year=${today.slice(0, 4)}&half=${half}&format=xlsx`, t.coord!).expect(200);
    expect(semi.headers['content-disposition']).toBe(`attachment; filename="semi-annual-report-${today.slice(0, 4)}-H${half}.xlsx"`);
    expect((await workbookText(semi.body as Buffer)).names).toContain('Survivors new and continuing');
    const q = fiscalQuarter(fiscalYear, quarter);
    const csv = await download(`/reports/fund-activity/export?from=${q.start}&to=${q.end}&format=csv`, t.coord!).expect(200);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="fund-activity-${q.start}-to-${q.end}.csv"`);
    const rows = parseCsv((csv.body as Buffer).toString('utf8'));
    expect(rows).toContainEqual(['Closing balance', '', '4499.00']);
    const xlsx = await download(`/reports/fund-activity/export?from=${q.start}&to=${q.end}&format=xlsx`, t.coord!).expect(200);
    expect((await workbookText(xlsx.body as Buffer)).names).toEqual(['About', 'Statement', 'In-kind memo']);
  });

  it('gives PMT and TIMS tables, and exports them as ZIP (a CSV per table and every figure in long form) and PDF with the award in the header', async () => {
    const pmt = (await get(`/reports/pmt?fiscalYear=${fiscalYear}&quarter=${quarter}`, t.coord!).expect(200)).body as FunderReport;
    expect(pmt.report).toBe('pmt');
    expect(table(pmt, 'pmt_survivors_by_age_group')).toEqual(table((await get(quarterly, t.coord!).expect(200)).body as FunderReport, 'pmt_survivors_by_age_group'));
    const tims = (await get(`/reports/tims?year=${today.slice(0, 4)}&half=${half}`, t.coord!).expect(200)).body as FunderReport;
    expect(tims.tables.map((x) => x.name)).toContain('survivors_by_gender_and_citizenship');
    const zip = await download(`/reports/pmt/export?fiscalYear=${fiscalYear}&quarter=${quarter}&format=zip&award=VOCA%2015POVC-26-GG-00123`, t.coord!).expect(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    const files = await unzip(zip.body as Buffer);
    expect(Object.keys(files).sort()).toEqual(['01-survivors-new-and-continuing.csv', '02-pmt-age-groups.csv', '03-pmt-gender.csv', '04-pmt-victimization-type.csv', '05-distributed-by-category.csv', 'about.csv', 'figures.csv']);
    const figures = parseCsv(files['figures.csv']!.replace(/^\ufeff/, ''));
    expect(figures[0]).toEqual(['coalition', 'award', 'period', 'threshold', 'table', 'row_key', 'row_label', 'column_key', 'column_label', 'measure', 'value', 'suppressed']);
    expect(figures[1]!.slice(1, 2)).toEqual(['VOCA 15POVC-26-GG-00123']);
    for (const f of figures.slice(1)) expect(f[11] === 'true' ? f[10] : 'hidden').toBe(f[11] === 'true' ? '' : 'hidden');
    for (const s of forbiddenStrings()) expect([s, Object.values(files).join('\n').includes(s)]).toEqual([s, false]);
    const pdf = await download(`/reports/tims/export?year=${today.slice(0, 4)}&half=${half}&format=pdf`, t.coord!).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await get(`/reports/pmt/export?fiscalYear=${fiscalYear}&quarter=${quarter}&format=zip&award=%3Cb%3E`, t.coord!).expect(400);
  });

  it("gives the Provider Council and coordinators the statewide picture: the quarterly report's figures, unmet need hidden with its counts, and each quarter's published totals by quarter", async () => {
    const statewide = `/reports/statewide?fiscalYear=${fiscalYear}&quarter=${quarter}`;
    const report = (await get(statewide, t.coord!).expect(200)).body as FunderReport;
    expect(report).toMatchObject({ report: 'statewide', threshold: 6, period: fiscalQuarter(fiscalYear, quarter) });
    expect(report.tables.map((x) => x.name)).toEqual(['requests_by_county', 'unmet_need_by_county', 'requests_by_category', 'unmet_need_by_category', 'time_to_decision_and_payment']);
    const full = (await get(quarterly, t.coord!).expect(200)).body as FunderReport;
    expect(table(report, 'requests_by_county')).toEqual(table(full, 'requests_by_county'));
    expect(table(report, 'time_to_decision_and_payment')).toEqual(table(full, 'time_to_decision_and_payment'));
    // The unmet tables are the requests tables' counts, hidden exactly where those are.
    for (const [unmetName, requestsName] of [['unmet_need_by_county', 'requests_by_county'], ['unmet_need_by_category', 'requests_by_category']] as const) {
      const unmet = table(report, unmetName);
      const requests = table(report, requestsName);
      const counts = (x: ReportTable) => [...x.rows.flatMap((r) => [...r.cells, r.total]), ...(x.columnTotals ?? []), x.grandTotal].map((c) => (c?.suppressed ? 'suppressed' : c?.count));
      expect(counts(unmet)).toEqual(counts(requests));
      expect(unmet.amountOf).toBe('unmet need');
    }
    // Approved in full: nothing unmet; the denied and pending medical requests are (hidden, with their counts).
    const groceries = cell(table(report, 'unmet_need_by_category'), 'groceries', 'approved');
    expect(groceries.suppressed ? 'suppressed' : groceries.amountCents).toBe(groceries.suppressed ? 'suppressed' : 0);
    expect(cell(table(report, 'unmet_need_by_category'), 'medical', 'denied').suppressed).toBe(true);
    const grand = table(report, 'unmet_need_by_category').grandTotal!;
    expect(grand.suppressed ? 'suppressed' : grand.amountCents).toBe(grand.suppressed ? 'suppressed' : 8_000);

    // The year in progress (coordinators): one line per quarter so far, each that quarter's published totals.
    const year = (await get(`/reports/statewide?fiscalYear=${fiscalYear}`, t.coord!).expect(200)).body as FunderReport;
    const byQuarter = table(year, 'requests_by_quarter');
    expect(byQuarter.rows).toHaveLength(quarter);
    const line = byQuarter.rows.find((r) => r.key === `FY${fiscalYear}_Q${quarter}`)!;
    expect(line.cells).toEqual(table(full, 'requests_by_county').columnTotals);
    expect(line.total).toEqual(table(full, 'requests_by_county').grandTotal);
    expect(byQuarter.grandTotal).toEqual(table(year, 'requests_by_county').grandTotal);
    expect(table(year, 'unmet_need_by_quarter').rows).toHaveLength(quarter);

    // Council members read it as funders do: closed periods only, the floor or higher.
    const open = await get(statewide, t.council!).expect(400);
    expect(open.body.details.errors).toEqual([expect.objectContaining({ field: 'quarter', rule: 'closedPeriod' })]);
    expect((await get(`/reports/statewide?fiscalYear=${fiscalYear - 1}`, t.council!).expect(200)).body.tables.map((x: ReportTable) => x.name)).toContain('requests_by_quarter');
    await get(`/reports/statewide?fiscalYear=${fiscalYear - 1}&threshold=4`, t.council!).expect(400);
    for (const token of [t.advA!, t.funder!, t.auditor!]) await get(statewide, token).expect(403);

    const xlsx = await download(`/reports/statewide/export?fiscalYear=${fiscalYear}&quarter=${quarter}&format=xlsx`, t.coord!).expect(200);
    expect(xlsx.headers['content-disposition']).toBe(`attachment; filename="statewide-FY${fiscalYear}-Q${quarter}.xlsx"`);
    const { names, text } = await workbookText(xlsx.body as Buffer);
    expect(names).toEqual(['About', 'Requests by county', 'Unmet need by county', 'Requests by category', 'Unmet need by category', 'Time to decision and payment']);
    for (const s of forbiddenStrings()) expect([s, text.includes(s)]).toEqual([s, false]);
    const csv = await download(`/reports/statewide/export?fiscalYear=${fiscalYear}&format=csv`, t.coord!).expect(200);
    expect(parseCsv((csv.body as Buffer).toString('utf8')).filter((r) => r[0] === 'Table')).toHaveLength(7);
  });

  it('never carries a survivor reference, request id, narrative or id in any JSON answer', async () => {
    const q = fiscalQuarter(fiscalYear, quarter);
    const bodies = await Promise.all([
      get(quarterly, t.coord!).expect(200),
      get(`/reports/semi-annual?year=${today.slice(0, 4)}&half=${half}`, t.coord!).expect(200),
      get(`/reports/fund-activity?from=${q.start}&to=${q.end}`, t.coord!).expect(200),
      get(`/reports/annual?fiscalYear=${fiscalYear - 1}`, t.funder!).expect(200),
    ]);
    for (const res of bodies) {
      const json = JSON.stringify(res.body);
      for (const s of forbiddenStrings()) expect([s, json.includes(s)]).toEqual([s, false]);
      expect(json).not.toMatch(/[0-9a-f]{64}/);
    }
    // The references did reach the store: the reports leave them out, not the test.
    expect(JSON.stringify(await api.allEvents())).toContain(references[0]);
  });
});
