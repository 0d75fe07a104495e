import fc from 'fast-check';
import { SubscriptionRunner, type SqlDatabase } from '@fund/event-sourcing';
import { createTestDatabase, describeWithPostgres, testPostgresUrl } from '@fund/event-sourcing/testing';
import { READ_DATABASE } from '@fund/platform';
import { createTestApi, type TestApi } from '@fund/platform/testing';
import { fiscalQuarter, fiscalYear, semiAnnualPeriod, type Period } from './periods';
import { ReportingModule } from './reporting.module';
import { ReportingProjection } from './reporting.projection';
import { attackAll, type Finding, type PublishedReportJson, type PublishedStatementJson, type TableMeaning } from './testing/lattice-attack';
import { appendAll, ev, type StreamEvent } from './testing/events';

/**
 * The arbiter of issue 17: the funder as an attacker. For a generated two-year history with
 * small groups it fetches, as a funder over HTTP, every publishable figure (each report and
 * statement of every period of the lattice), once part-way through the history and again after
 * the rest of it (late voids, donations recorded after the quarter they were received in, new
 * requests from survivors already served), and bounds every suppressed figure with linear
 * programmes over everything fetched (lattice-attack.ts). It fails on any suppressed count the
 * funder can pin to within the threshold, any suppressed amount pinned exactly, and any figure
 * of a closed period that changed between the two fetches.
 */

/** What the reporting docs tell any reader (docs: libs/reporting/README.md). */
const additive = (group: string, cells = true): Omit<TableMeaning, 'rowField' | 'columnField'> => ({ group, additiveCells: cells, additiveTotals: true });
const MEANINGS: Record<string, TableMeaning> = {
  requests_by_category: { ...additive('requests'), rowField: 'category', columnField: 'outcome' },
  requests_by_provider_type: { ...additive('requests'), rowField: 'providerType', columnField: 'outcome' },
  requests_by_county: { ...additive('requests'), rowField: 'county', columnField: 'outcome' },
  disbursements_by_category_payment_method: { ...additive('payments'), rowField: 'category', columnField: 'paymentMethod' },
  disbursements_by_provider_type: { ...additive('payments'), rowField: 'providerType', columnField: 'source' },
  disbursements_by_county: { ...additive('payments'), rowField: 'county', columnField: 'source' },
  distributed_by_category: { ...additive('payments'), rowField: 'category', columnField: 'source' },
  // Distinct people: a half-year is not the sum of its quarters.
  survivors_by_trafficking_type_and_age: { group: 'survivors', rowField: 'traffickingType', columnField: 'ageGroup', additiveCells: false, additiveTotals: false },
  survivors_new_and_continuing: { group: 'survivors', rowField: 'status', columnField: 'ageGroup', additiveCells: false, additiveTotals: false },
  survivors_by_gender_and_citizenship: { group: 'survivors', rowField: 'gender', columnField: 'citizenship', additiveCells: false, additiveTotals: false },
  pmt_survivors_by_age_group: { group: 'survivors', rowField: 'pmtAgeGroup', columnField: 'status', additiveCells: false, additiveTotals: false },
  pmt_survivors_by_gender: { group: 'survivors', rowField: 'gender', columnField: 'status', additiveCells: false, additiveTotals: false },
  pmt_survivors_by_victimization: { group: 'survivors', rowField: 'traffickingType', columnField: 'status', additiveCells: false, additiveTotals: false },
  time_to_decision_and_payment: { ...additive('timeliness'), rowField: 'urgency', columnField: 'timing' },
  donations_received: { ...additive('donations'), rowField: 'donorKind', columnField: 'donationKind' },
  in_kind_by_category: { ...additive('in_kind'), rowField: 'category', columnField: 'flow' },
  // The statewide picture: the requests tables' counts again with the unmet need as amounts, and each quarter's totals by quarter.
  unmet_need_by_county: { ...additive('requests'), rowField: 'county', columnField: 'outcome', countsOf: 'requests_by_county', amountGroup: 'requests_unmet' },
  unmet_need_by_category: { ...additive('requests'), rowField: 'category', columnField: 'outcome', countsOf: 'requests_by_category', amountGroup: 'requests_unmet' },
  requests_by_quarter: { group: 'requests', rowField: 'quarter', columnField: 'outcome', additiveCells: false, additiveTotals: false, byQuarter: true },
  unmet_need_by_quarter: { group: 'requests', amountGroup: 'requests_unmet', rowField: 'quarter', columnField: 'outcome', additiveCells: false, additiveTotals: false, byQuarter: true },
};

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();
/** FY2025 Q1 .. FY2026 Q4: eight quarters, all closed by the time the suite runs (the api takes "now" from the clock). */
const QUARTERS = [1, 2, 3, 4, 1, 2, 3, 4].map((q, i) => fiscalQuarter(i < 4 ? 2025 : 2026, q as 1 | 2 | 3 | 4));
/** The first fetch sees what was recorded before FY2026; the second everything. */
const CUT = Date.parse('2025-10-01T00:00:00Z');

const ORGS = [
  ['org-sa', 'sexual_assault_center', 'cumberland'],
  ['org-dv', 'domestic_violence_center', 'penobscot'],
  ['org-im', 'immigrant_services', 'york'],
  ['org-at', 'anti_trafficking_program', 'kennebec'],
] as const;

const request = fc.record({
  quarter: fc.integer({ min: 0, max: 7 }),
  day: fc.integer({ min: 0, max: 88 }),
  survivor: fc.integer({ min: 0, max: 25 }),
  org: fc.integer({ min: 0, max: 3 }),
  category: fc.constantFrom('groceries', 'lodging', 'transportation', 'medical'),
  amount: fc.integer({ min: 10, max: 200 }).map((n) => n * 100),
  urgency: fc.constantFrom('standard', 'urgent'),
  outcome: fc.constantFrom('paid', 'paid', 'paid', 'approved', 'denied', 'withdrawn', 'pending'),
  decideAfterDays: fc.integer({ min: 0, max: 40 }),
  method: fc.constantFrom('vendor_payment', 'gift_card'),
  voidAfterDays: fc.option(fc.integer({ min: 1, max: 200 }), { freq: 4 }),
  traffickingType: fc.constantFrom('sex', 'labor', 'not_collected'),
  ageBand: fc.constantFrom('25_59', '13_17', '18_24', 'not_collected'),
  gender: fc.constantFrom('female', 'male', 'not_collected'),
});
const donation = fc.record({
  quarter: fc.integer({ min: 0, max: 7 }),
  day: fc.integer({ min: 0, max: 88 }),
  donorKind: fc.constantFrom('individual', 'organization', 'grant', 'anonymous'),
  amount: fc.integer({ min: 10, max: 500 }).map((n) => n * 100),
  recordedLaterDays: fc.option(fc.integer({ min: 1, max: 120 }), { freq: 3 }),
});
const historyArb = fc.record({ requests: fc.array(request, { minLength: 5, maxLength: 45 }), donations: fc.array(donation, { minLength: 0, maxLength: 20 }) });
type History = typeof historyArb extends fc.Arbitrary<infer H> ? H : never;

function events(history: History): { at: number; e: StreamEvent }[] {
  const out: { at: number; e: StreamEvent }[] = ORGS.map(([id, type, county]) => ({ at: 0, e: ev.organizationRegistered(id, type, county, '2024-01-01T09:00:00.000Z') }));
  const push = (at: number, e: StreamEvent) => out.push({ at, e });
  history.requests.forEach((r, i) => {
    const submitted = Date.parse(`${QUARTERS[r.quarter]!.start}T10:00:00Z`) + r.day * DAY;
    const id = `req-${i}`;
    push(
      submitted,
      ev.submitted(
        id,
        {
          reference: `SR-ATK-${String(r.survivor).padStart(4, '0')}-ZZZZ`,
          organizationId: ORGS[r.org]![0],
          category: r.category,
          amountCents: r.amount,
          paymentMethod: r.method,
          urgency: r.urgency,
          demographics: { traffickingType: r.traffickingType, ageBand: r.ageBand, gender: r.gender },
        },
        iso(submitted),
      ),
    );
    const decided = submitted + r.decideAfterDays * DAY + 3_600_000;
    if (r.outcome === 'denied') push(decided, ev.denied(id, iso(decided)));
    if (r.outcome === 'withdrawn') push(decided, ev.withdrawn(id, iso(decided)));
    if (r.outcome === 'approved' || r.outcome === 'paid') {
      push(decided, ev.approved(id, r.amount, iso(decided)));
      push(decided, ev.moneyReserved(id, r.amount, iso(decided)));
    }
    if (r.outcome === 'paid') {
      const paid = decided + DAY;
      push(paid, ev.disbursed(id, `disb-${i}`, { amountCents: r.amount, paymentMethod: r.method }, iso(paid)));
      push(paid, ev.moneyDisbursed(id, `disb-${i}`, r.amount, iso(paid)));
      if (r.voidAfterDays !== null) {
        const voided = paid + r.voidAfterDays * DAY;
        push(voided, ev.voided(id, `disb-${i}`, r.amount, iso(voided)));
        push(voided, ev.fundDisbursementVoided(id, `disb-${i}`, r.amount, iso(voided)));
      }
    }
  });
  history.donations.forEach((d, i) => {
    const received = Date.parse(`${QUARTERS[d.quarter]!.start}T12:00:00Z`) + d.day * DAY;
    const recorded = received + (d.recordedLaterDays ?? 0) * DAY;
    push(recorded, ev.monetaryDonation(`don-${i}`, { amountCents: d.amount, donorKind: d.donorKind, receivedOn: iso(received).slice(0, 10) }, iso(recorded)));
  });
  // Nothing is recorded in the future: the suite's clock is the api's.
  return out.filter((x) => x.at < Date.now()).sort((a, b) => a.at - b.at);
}

/**
 * Every period of the lattice that is over at `now`: quarters, calendar halves, fiscal years.
 * The first fetch plays a funder at the cut (events after it are appended only afterwards, as
 * the clock would have recorded them), the second a funder today.
 */
function lattice(now: number): { quarters: Period[]; halves: Period[]; years: Period[] } {
  const today = new Date(now).toISOString().slice(0, 10);
  const closed = (p: Period) => p.end < today;
  return {
    quarters: [fiscalQuarter(2024, 4), ...QUARTERS].filter(closed),
    halves: [semiAnnualPeriod(2024, 2), semiAnnualPeriod(2025, 1), semiAnnualPeriod(2025, 2), semiAnnualPeriod(2026, 1), semiAnnualPeriod(2026, 2)].filter(closed),
    years: [fiscalYear(2025), fiscalYear(2026)].filter(closed),
  };
}

interface Fetched {
  readonly reports: PublishedReportJson[];
  readonly statements: PublishedStatementJson[];
}

async function fetchEverything(api: TestApi, token: string, now: number, federal?: { readonly council: string }): Promise<Fetched> {
  const get = async (path: string, as = token) => {
    const res = await api.http().get(path).set('Authorization', `Bearer ${as}`);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as unknown;
  };
  const { quarters, halves, years } = lattice(now);
  const reports: PublishedReportJson[] = [];
  const statements: PublishedStatementJson[] = [];
  for (const q of quarters) {
    const fy = Number(q.label.slice(2, 6));
    reports.push((await get(`/reports/quarterly?fiscalYear=${fy}&quarter=${q.label.slice(-1)}`)) as PublishedReportJson);
  }
  for (const h of halves) reports.push((await get(`/reports/semi-annual?year=${h.start.slice(0, 4)}&half=${h.start.slice(5, 7) === '01' ? 1 : 2}`)) as PublishedReportJson);
  for (const y of years) reports.push((await get(`/reports/annual?fiscalYear=${y.label.slice(2)}`)) as PublishedReportJson);
  // The federal tables are figures of the same reports: fetched too (at the end, and for the
  // latest quarter and half and each fiscal year, to keep the suite's time), any difference is a conflict.
  if (federal) {
    const q = quarters.at(-1);
    const h = halves.at(-1);
    if (q) reports.push((await get(`/reports/pmt?fiscalYear=${q.label.slice(2, 6)}&quarter=${q.label.slice(-1)}`)) as PublishedReportJson);
    for (const y of years) reports.push((await get(`/reports/pmt?fiscalYear=${y.label.slice(2)}`)) as PublishedReportJson);
    if (h) reports.push((await get(`/reports/tims?year=${h.start.slice(0, 4)}&half=${h.start.slice(5, 7) === '01' ? 1 : 2}`)) as PublishedReportJson);
    // The statewide picture, as a council member reads it (issue 17.6): the same figures, the unmet need, the quarters side by side.
    for (const quarter of quarters.slice(-4)) reports.push((await get(`/reports/statewide?fiscalYear=${quarter.label.slice(2, 6)}&quarter=${quarter.label.slice(-1)}`, federal.council)) as PublishedReportJson);
    for (const y of years) reports.push((await get(`/reports/statewide?fiscalYear=${y.label.slice(2)}`, federal.council)) as PublishedReportJson);
  }
  for (const p of [...quarters, ...halves, ...years]) statements.push((await get(`/reports/fund-activity?from=${p.start}&to=${p.end}`)) as PublishedStatementJson);
  return { reports, statements };
}

const describeFinding = (f: Finding) => `${f.measure} ${f.figure} in [${f.lower}, ${f.upper}] (threshold ${f.threshold})`;

/**
 * What each history published on the store that ran first, once attacked and found sound. The
 * same history on the other store publishing exactly the same figures is the same attack with the
 * same answer, so the solver runs once per history; any difference is attacked afresh.
 */
const vetted = new Map<string, string>();
const published = (fetched: readonly Fetched[]): string =>
  JSON.stringify(fetched, (key, value: unknown) => (key === 'generatedAt' ? undefined : value));

/** One generated history on a fresh store: two fetches, then the attack over both. */
async function attackHistory(history: History, databaseUrl: string | undefined, log: string[]): Promise<string[]> {
  const api = await createTestApi([ReportingModule], databaseUrl ? { databaseUrl } : {});
  try {
    const funder = await api.token({ role: 'funder', userId: 'fun-1', organizationId: 'board' });
    const runner = new SubscriptionRunner(api.store, api.app.get<SqlDatabase>(READ_DATABASE), api.app.get(ReportingProjection));
    const all = events(history);
    // Catch up to what was written, not to what is visible: on a shared PostgreSQL server another
    // client's long transaction hides newer events for a while, and a report fetched then was empty.
    await runner.catchUp(undefined, await appendAll(api.store, all.filter((x) => x.at < CUT).map((x) => x.e)));
    const first = await fetchEverything(api, funder, CUT);
    await runner.catchUp(undefined, await appendAll(api.store, all.filter((x) => x.at >= CUT).map((x) => x.e)));
    const council = await api.token({ role: 'council', userId: 'cm-1', organizationId: 'org-sa' });
    const second = await fetchEverything(api, funder, Date.now(), { council });
    const key = JSON.stringify(history);
    if (vetted.get(key) === published([first, second])) {
      log.push(`${history.requests.length} requests, ${history.donations.length} donations: published exactly what the other store published, which was attacked and found sound`);
      return [];
    }
    const { findings, conflicts, suppressed } = await attackAll([...first.reports, ...second.reports], [...first.statements, ...second.statements], MEANINGS);
    const problems = [...conflicts.map((c) => `changed after more events: ${c}`), ...findings.map(describeFinding)];
    log.push(`${history.requests.length} requests, ${history.donations.length} donations: ${suppressed} suppressed figures, ${problems.length} problems`);
    if (conflicts.length > 0) {
      // The fetches disagree, so each is attacked on its own as well.
      for (const f of [first, second]) problems.push(...(await attackAll(f.reports, f.statements, MEANINGS)).findings.map(describeFinding));
    }
    if (problems.length === 0) vetted.set(key, published([first, second]));
    return problems;
  } finally {
    await api.close();
  }
}

/** Two histories per store keep each suite near a minute on a shared two-core machine; ATTACKER_RUNS for more. */
const RUNS = Number(process.env.ATTACKER_RUNS ?? 2);

async function property(databaseUrl: () => Promise<{ url: string | undefined; drop(): Promise<void> }>): Promise<void> {
  const log: string[] = [];
  let firstFailure: string[] | undefined;
  await fc.assert(
    fc.asyncProperty(historyArb, async (history) => {
      const db = await databaseUrl();
      try {
        const problems = await attackHistory(history, db.url, log);
        if (problems.length > 0 && !firstFailure) firstFailure = problems;
        return problems.length === 0;
      } finally {
        await db.drop();
      }
    }),
    { numRuns: RUNS, endOnFailure: true, seed: Number(process.env.ATTACKER_SEED ?? 17) },
  ).catch((error: unknown) => {
    // eslint-disable-next-line no-console
    console.log(`attacker runs:\n${log.join('\n')}\nfirst failing history, problems (${firstFailure?.length ?? 0}):\n${(firstFailure ?? []).slice(0, 40).join('\n')}`);
    throw error;
  });
  expect(log).toHaveLength(RUNS);
  if (process.env.ATTACKER_LOG) console.log(log.join('\n')); // eslint-disable-line no-console
}

describe('the funder as attacker (embedded store)', () => {
  it('cannot pin any suppressed figure across every report, period and fetch', async () => {
    await property(async () => ({ url: undefined, drop: async () => undefined }));
  }, 300_000);
});

describeWithPostgres('the funder as attacker (PostgreSQL)', () => {
  it('cannot pin any suppressed figure across every report, period and fetch', async () => {
    expect(testPostgresUrl()).toBeDefined();
    await property(async () => {
      const db = await createTestDatabase('sf_attack');
      return { url: db.url, drop: () => db.drop() };
    });
  }, 300_000);
});
