import fc from 'fast-check';
import type { PeriodRecords, RequestRecord } from './report-queries';
import type { ReportContext } from './report-tables';
import { linkedPattern, loadSolver, type LinkedTable } from './linked-suppression';
import { funderTables } from './reports';
import { attackAll, type PublishedReportJson, type TableMeaning } from './testing/lattice-attack';

/**
 * The linked suppression of one quarter's requests tables (three tables sharing the outcome
 * margin and the grand total), attacked by the test attacker's own linear programmes: no hidden
 * count narrower than the threshold, no hidden amount pinned, nothing small published, and a
 * higher threshold only ever hides more.
 */

const context: ReportContext = { newSince: { day: '2026-10-01', label: 'the start of FY2027' } };
const MEANINGS: Record<string, TableMeaning> = {
  requests_by_category: { group: 'requests', rowField: 'category', columnField: 'outcome', additiveCells: true, additiveTotals: true },
  requests_by_provider_type: { group: 'requests', rowField: 'providerType', columnField: 'outcome', additiveCells: true, additiveTotals: true },
  requests_by_county: { group: 'requests', rowField: 'county', columnField: 'outcome', additiveCells: true, additiveTotals: true },
};

const request = fc.record({
  category: fc.constantFrom('groceries', 'lodging', 'medical', 'childcare'),
  requestedCents: fc.integer({ min: 10, max: 300 }).map((n) => n * 100),
  outcome: fc.constantFrom('approved', 'approved', 'denied', 'withdrawn', 'pending'),
  providerType: fc.constantFrom('sexual_assault_center', 'domestic_violence_center', 'immigrant_services'),
  county: fc.constantFrom('york', 'cumberland', 'penobscot'),
});

const records = (requests: readonly Omit<RequestRecord, 'submittedAt' | 'urgency' | 'unmetCents'>[]): PeriodRecords => ({
  requests: requests.map((r) => ({ ...r, submittedAt: 0, urgency: 'standard', unmetCents: r.outcome === 'approved' ? 0 : r.requestedCents })),
  payments: [],
  survivors: [],
  timeliness: [],
  donations: [],
  in_kind: [],
});

const REQUESTS = ['requests_by_category', 'requests_by_provider_type', 'requests_by_county'];

async function publish(list: readonly Omit<RequestRecord, 'submittedAt' | 'urgency' | 'unmetCents'>[], threshold: number): Promise<PublishedReportJson> {
  const { tables } = await funderTables(records(list), { threshold, floor: 6 }, context);
  return { period: { kind: 'fiscal_quarter', start: '2026-10-01', end: '2026-12-31' }, threshold, tables: tables.filter((t) => REQUESTS.includes(t.name)) };
}

describe('linked suppression of a group of tables', () => {
  it('property: no suppressed figure can be narrowed below the threshold from the linked tables', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 40 }), async (list) => {
        const report = await publish(list, 6);
        for (const t of report.tables) {
          for (const c of [...t.rows.flatMap((r) => [...r.cells, r.total]), ...(t.columnTotals ?? []), t.grandTotal]) {
            if (c && !c.suppressed) expect(c.count === 0 || c.count! >= 6).toBe(true);
            if (c?.suppressed) expect(c.amountCents).toBeNull();
          }
        }
        const { findings, conflicts } = await attackAll([report], [], MEANINGS);
        expect(conflicts).toEqual([]);
        expect(findings).toEqual([]);
      }),
      { numRuns: 15, seed: 9 },
    );
  });

  it('property: a higher threshold hides everything the floor hides', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 40 }), async (list) => {
        const [floor, higher] = [await publish(list, 6), await publish(list, 9)];
        floor.tables.forEach((t, i) =>
          t.rows.forEach((row, r) => row.cells.forEach((c, k) => c.suppressed && expect(higher.tables[i]!.rows[r]!.cells[k]!.suppressed).toBe(true))),
        );
        const { findings } = await attackAll([floor, higher], [], MEANINGS);
        expect(findings).toEqual([]);
      }),
      { numRuns: 8, seed: 10 },
    );
  });

  it('the attacker is real: one more published total and it pins the hidden medical requests', async () => {
    // Two medical requests (one denied, one pending) among many groceries.
    const list = [
      ...Array.from({ length: 9 }, () => ({ category: 'groceries', requestedCents: 5_000, outcome: 'approved' as const, providerType: 'sexual_assault_center', county: 'york' })),
      { category: 'medical', requestedCents: 4_000, outcome: 'denied' as const, providerType: 'domestic_violence_center', county: 'cumberland' },
      { category: 'medical', requestedCents: 4_000, outcome: 'pending' as const, providerType: 'domestic_violence_center', county: 'cumberland' },
    ];
    const report = await publish(list, 6);
    expect((await attackAll([report], [], MEANINGS)).findings).toEqual([]);
    // Reveal only the medical row's total (2), as a per-table rule that trusts a hidden pair would:
    // the attacker now pins both medical cells between 0 and 2.
    const naive: PublishedReportJson = {
      ...report,
      tables: report.tables.map((t) =>
        t.name !== 'requests_by_category' ? t : { ...t, rows: t.rows.map((row) => (row.key !== 'medical' ? row : { ...row, total: { count: 2, amountCents: 8_000, suppressed: false } })) },
      ),
    };
    expect((await attackAll([naive], [], MEANINGS)).findings.length).toBeGreaterThan(0);
  });

  it('answers the same figures asked again with the same pattern, and a change of any count or threshold afresh', async () => {
    await loadSolver();
    const table = (medical: number): LinkedTable => ({
      name: 'requests_by_category',
      rowField: 'category',
      rowCodes: ['groceries', 'medical', 'lodging'],
      columnField: 'outcome',
      columnCodes: ['approved', 'denied'],
      counts: [
        [9, 7],
        [medical, 8],
        [12, 6],
      ],
      rowTotals: true,
      columnTotals: true,
    });
    const first = linkedPattern([table(2)], 6);
    expect(first.size).toBeGreaterThan(1); // the 2 and its complements
    first.add('changed by the caller');
    const again = linkedPattern([table(2)], 6);
    expect(again.has('changed by the caller')).toBe(false);
    expect([...again].sort()).toEqual([...first].filter((id) => id !== 'changed by the caller').sort());
    // Not a stale answer: no small cell once the 2 is a 20; a higher threshold hides more.
    expect(linkedPattern([table(20)], 6).size).toBe(0);
    expect(linkedPattern([table(20)], 10).size).toBeGreaterThan(0);
  });
});
