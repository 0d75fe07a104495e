import type { PaymentRecord, PeriodRecords, RequestRecord } from './report-queries';
import { REPORT_TABLES, sheetOf, type AnyTableEntry, type ReportContext } from './report-tables';
import { funderTables } from './reports';
import { attackReportTable } from './testing/attacks';

const context: ReportContext = { newSince: { day: '2026-10-01', label: 'the start of FY2027' } };

/** A small, seeded period: lots of groceries and lodging, a few of everything else, three requests expired. */
function records(): PeriodRecords {
  let state = 20270101;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  const categories = ['groceries', 'groceries', 'groceries', 'lodging', 'lodging', 'medical', 'childcare'];
  const counties = ['york', 'york', 'cumberland', 'penobscot', 'aroostook'];
  const requests = Array.from(
    { length: 120 },
    (_, i): RequestRecord => ({
      submittedAt: 0,
      category: pick(categories),
      requestedCents: 1_000 * (1 + Math.floor(next() * 9)),
      unmetCents: 0,
      urgency: pick(['standard', 'standard', 'urgent']),
      outcome: i < 3 ? 'expired' : pick(['approved', 'approved', 'approved', 'denied', 'withdrawn', 'pending']),
      providerType: pick(['sexual_assault_center', 'domestic_violence_center', 'immigrant_services']),
      county: pick(counties),
    }),
  );
  const payments = requests
    .filter((r) => r.outcome === 'approved')
    .map(
      (r, i): PaymentRecord => ({
        survivorKey: `s-${i % 50}`,
        paidAt: 0,
        amountCents: r.requestedCents,
        source: i % 9 === 0 ? 'in_kind' : 'money',
        paymentMethod: pick(['vendor_payment', 'gift_card', 'bus_pass']),
        category: r.category,
        submittedAt: i,
        traffickingType: pick(['sex', 'labor', 'unknown']),
        ageGroup: pick(['adult', 'adult', 'minor']),
        pmtAgeGroup: pick(['18_24', '25_59', '13_17', 'unknown']),
        citizenship: pick(['us_citizen', 'foreign_national']),
        gender: pick(['female', 'male']),
        providerType: r.providerType,
        county: r.county,
        firstServedAt: 0,
      }),
    );
  return { requests, payments, survivors: [], timeliness: [], donations: [], in_kind: [] };
}

describe('the catalogue of funder tables', () => {
  it('names every table and sheet once, and every sheet fits a workbook (31 characters)', () => {
    const names = REPORT_TABLES.map((t) => t.name);
    const sheets = REPORT_TABLES.map((t) => t.sheet);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(sheets).size).toBe(sheets.length);
    for (const sheet of sheets) expect([sheet, sheet.length <= 31]).toEqual([sheet, true]);
    expect(sheetOf('requests_by_county')).toBe('Requests by county');
    expect(sheetOf('not_a_table')).toBeUndefined();
  });

  it('publishes the tables in catalogue order, each through suppression', async () => {
    const { tables } = await funderTables(records(), { threshold: 6, floor: 6 }, context);
    expect(tables.map((t) => t.name)).toEqual(REPORT_TABLES.map((t) => t.name));
    for (const t of tables) {
      for (const c of [...t.rows.flatMap((r) => [...r.cells, r.total]), ...(t.columnTotals ?? []), t.grandTotal]) {
        if (c?.count !== null && c?.count !== undefined) expect([t.name, c.count === 0 || c.count >= 6]).toEqual([t.name, true]);
      }
      expect([t.name, attackReportTable(t)]).toEqual([t.name, []]);
    }
  });

  it('makes a new table out of one entry', async () => {
    const entry: AnyTableEntry = {
      name: 'payments_by_county_and_method',
      title: 'Payments by county and payment method',
      sheet: 'Paid by county and method',
      group: 'payments',
      description: ({ newSince }) => `Payments since ${newSince.day}.`,
      rows: { heading: 'County', field: 'county', codes: ['york', 'cumberland'] },
      columns: { heading: 'Payment method', field: 'paymentMethod', codes: ['vendor_payment', 'gift_card', 'bus_pass'] },
      measure: { countOf: 'payments', amountOf: 'amount disbursed', amount: 'amountCents' },
      totals: { rows: true, columns: true },
    };
    const period = records();
    const [published] = (await funderTables(period, { threshold: 6, floor: 6 }, context, [], [entry])).tables;
    expect(published!.description).toBe('Payments since 2026-10-01.');
    expect(published!.rows.map((r) => r.key)).toEqual(['york', 'cumberland', 'aroostook', 'penobscot']);
    expect(published!.columns.map((c) => c.label)).toEqual(['Vendor payment', 'Gift card', 'Bus pass']);
    expect(published!.grandTotal).toEqual({
      count: period.payments.length,
      amountCents: period.payments.reduce((sum, p) => sum + p.amountCents, 0),
      suppressed: false,
    });
    expect(attackReportTable(published!)).toEqual([]);
  });

  it('hides the same totals in tables of one group that share a dimension (requests by category and by county share the outcomes)', async () => {
    const { tables } = await funderTables(records(), { threshold: 6, floor: 6 }, context);
    const columnTotals = (name: string) => tables.find((t) => t.name === name)!.columnTotals;
    const byCategory = columnTotals('requests_by_category');
    expect(byCategory?.some((c) => c.suppressed)).toBe(true);
    expect(columnTotals('requests_by_county')).toEqual(byCategory);
    expect(columnTotals('requests_by_provider_type')).toEqual(byCategory);
  });
});
