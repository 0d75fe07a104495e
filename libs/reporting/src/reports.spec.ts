import { PgliteDatabase, SqlEventStore, SubscriptionRunner } from '@fund/event-sourcing';
import { fundActivityStatement } from './fund-activity';
import type { FunderReport, ReportTable } from './report-model';
import { ReportingProjection } from './reporting.projection';
import { FEDERAL_TABLES, pmtReport, quarterlyReport, requestCounty, semiAnnualReport, timsReport, type Audience } from './reports';
import { attackReportTable } from './testing/attacks';
import { appendAll, ev, type StreamEvent } from './testing/events';

const HOUR = 3600_000;
/** A coalition that configured the lowest floor the library accepts, to see small cells at work. */
const FLOOR_3: Audience = { funderFacing: false, floor: 3 };
const DAY = 24 * HOUR;
const iso = (t: number) => new Date(t).toISOString();
const ref = (n: number) => `SR-TEST-${String(n).padStart(4, '0')}-ZZZZ`;

const ORGS = [
  ['org-sa', 'sexual_assault_center', 'cumberland'],
  ['org-dv', 'domestic_violence_center', 'penobscot'],
  ['org-im', 'immigrant_services', 'york'],
  ['org-at', 'anti_trafficking_program', 'kennebec'],
] as const;

interface Payment {
  id: string;
  at: number;
  amountCents: number;
  method: string;
  source: 'money' | 'stock';
  voidedAt?: number;
}
interface Scenario {
  id: string;
  reference: string;
  org: string;
  category: string;
  amountCents: number;
  urgency: string;
  demographics: { ageBand: string; traffickingType: string; county: string; gender: string; citizenship: string };
  submittedAt: number;
  decision: { outcome: 'approved' | 'denied'; at: number } | null;
  withdrawnAt: number | null;
  payments: Payment[];
}

/** A quarter of activity (FY2027 Q1) with a little before and after it, as plain facts. */
function scenarios(): Scenario[] {
  const categories = [...Array<string>(12).fill('groceries'), ...Array<string>(10).fill('lodging'), ...Array<string>(6).fill('transportation'), 'medical', 'medical'];
  const method: Record<string, string> = { groceries: 'vendor_payment', lodging: 'gift_card', transportation: 'bus_pass', medical: 'vendor_payment' };
  const base = Date.parse('2026-10-01T10:00:00.000Z');
  const list: Scenario[] = categories.map((category, i) => {
    const submittedAt = base + 2 * i * DAY;
    const amountCents = 5_000 + 1_000 * (i % 7);
    const denied = i % 10 === 9;
    const withdrawn = i % 10 === 8;
    const decidedAt = submittedAt + (denied ? DAY : ((i % 4) + 1) * 6 * HOUR);
    const paidAt = decidedAt + ((i % 3) + 1) * DAY;
    const payments: Payment[] =
      denied || withdrawn
        ? []
        : i === 0
          ? [
              { id: 'disb-0a', at: paidAt, amountCents, method: method[category]!, source: 'money', voidedAt: paidAt + DAY },
              { id: 'disb-0b', at: paidAt + 2 * DAY, amountCents, method: method[category]!, source: 'money' },
            ]
          : [{ id: `disb-${i}`, at: paidAt, amountCents, method: method[category]!, source: 'money' }];
    return {
      id: `req-${i}`,
      reference: ref(i % 18),
      org: ORGS[i < 14 ? 0 : i < 24 ? 1 : i < 26 ? 2 : 3][0],
      category,
      amountCents,
      urgency: i % 6 === 0 ? 'urgent' : 'standard',
      demographics: {
        ageBand: i % 5 === 0 ? '13_17' : i % 5 === 1 ? 'not_collected' : '25_59',
        traffickingType: ['sex', 'labor', 'sex', 'both', 'not_collected'][i % 5]!,
        county: i % 3 === 0 ? 'york' : 'not_collected',
        gender: i % 2 ? 'female' : 'male',
        citizenship: i % 4 === 0 ? 'foreign_national' : 'us_citizen',
      },
      submittedAt,
      decision: withdrawn ? null : { outcome: denied ? 'denied' : 'approved', at: decidedAt },
      withdrawnAt: withdrawn ? submittedAt + DAY : null,
      payments,
    };
  });
  const plain = (id: string, over: Partial<Scenario>): Scenario => ({
    id,
    reference: ref(90),
    org: 'org-sa',
    category: 'groceries',
    amountCents: 7_000,
    urgency: 'standard',
    demographics: { ageBand: '25_59', traffickingType: 'labor', county: 'not_collected', gender: 'female', citizenship: 'us_citizen' },
    submittedAt: base,
    decision: null,
    withdrawnAt: null,
    payments: [],
    ...over,
  });
  // Seven survivors were already served last fiscal year: continuing this quarter, new this half.
  for (let n = 0; n < 7; n++) {
    const at = Date.parse('2026-08-10T10:00:00.000Z') + n * DAY;
    list.push(plain(`req-prev-${n}`, { reference: ref(n), submittedAt: at, decision: { outcome: 'approved', at: at + HOUR }, payments: [{ id: `disb-prev-${n}`, at: at + DAY, amountCents: 7_000, method: 'vendor_payment', source: 'money' }] }));
  }
  const late = Date.parse('2026-12-30T10:00:00.000Z');
  list.push(plain('req-late', { reference: ref(91), submittedAt: late, decision: { outcome: 'approved', at: late + 4 * DAY }, payments: [{ id: 'disb-late', at: late + 6 * DAY, amountCents: 7_000, method: 'vendor_payment', source: 'money' }] }));
  list.push(plain('req-late2', { reference: ref(92), submittedAt: late - 2 * DAY, decision: { outcome: 'approved', at: late - DAY }, payments: [{ id: 'disb-late2', at: late + 3 * DAY, amountCents: 7_000, method: 'vendor_payment', source: 'money' }] }));
  list.push(plain('req-unreg', { reference: ref(93), org: 'org-unregistered', category: 'hygiene', submittedAt: base + 5 * DAY, decision: { outcome: 'denied', at: base + 6 * DAY } }));
  list.push(plain('req-child', { reference: ref(94), category: 'childcare', submittedAt: base + 7 * DAY, decision: { outcome: 'approved', at: base + 8 * DAY }, payments: [{ id: 'disb-child', at: base + 9 * DAY, amountCents: 7_000, method: 'vendor_payment', source: 'money' }] }));
  list.push(
    plain('req-stock', {
      reference: ref(95),
      category: 'winter_gear',
      amountCents: 6_000,
      submittedAt: base + 10 * DAY,
      decision: { outcome: 'approved', at: base + 11 * DAY },
      payments: [{ id: 'disb-stock', at: base + 12 * DAY, amountCents: 6_000, method: 'donated_goods', source: 'stock' }],
    }),
  );
  return list;
}

function history(list: readonly Scenario[]): StreamEvent[] {
  const out: { at: number; e: StreamEvent }[] = [];
  const push = (at: number, e: StreamEvent) => out.push({ at, e });
  ORGS.forEach(([id, type, county]) => push(0, ev.organizationRegistered(id, type, county)));
  push(Date.parse('2026-09-01T12:00:00Z'), ev.monetaryDonation('don-grant', { amountCents: 1_000_000, donorKind: 'grant', receivedOn: '2026-09-01' }));
  for (let n = 0; n < 7; n++) {
    push(Date.parse(`2026-10-0${n + 1}T12:00:00Z`), ev.monetaryDonation(`don-ind-${n}`, { amountCents: 10_000, donorKind: 'individual', receivedOn: `2026-10-0${n + 1}` }));
  }
  for (let n = 0; n < 6; n++) {
    const day = `2026-10-${20 + n}`;
    push(Date.parse(`${day}T12:00:00Z`), ev.monetaryDonation(`don-org-${n}`, { amountCents: 8_000, donorKind: 'organization', receivedOn: day }));
    push(
      Date.parse(`${day}T13:00:00Z`),
      ev.inKindDonation(`don-kits-${n}`, { receivedOn: day, items: [{ itemId: `hygiene-kits-${n}`, kind: 'goods', category: 'hygiene', quantity: 5, unitValueCents: 1_000 }] }),
    );
  }
  push(
    Date.parse('2026-10-03T12:00:00Z'),
    ev.inKindDonation('don-goods', {
      receivedOn: '2026-10-03',
      items: [
        { itemId: 'coats', kind: 'goods', category: 'winter_gear', quantity: 10, unitValueCents: 3_000 },
        { itemId: 'bus-passes', kind: 'bus_pass', category: 'transportation', quantity: 20, unitValueCents: 500 },
      ],
    }),
  );
  push(Date.parse('2026-10-03T12:00:01Z'), ev.stockReceived('coats', { kind: 'goods', category: 'winter_gear', quantity: 10, unitValueCents: 3_000 }, '2026-10-03T12:00:01.000Z'));
  push(Date.parse('2026-10-03T12:00:02Z'), ev.stockReceived('bus-passes', { kind: 'bus_pass', category: 'transportation', quantity: 20, unitValueCents: 500 }, '2026-10-03T12:00:02.000Z'));
  push(Date.parse('2026-11-20T12:00:00Z'), ev.stockAdjusted('coats', -1, '2026-11-20T12:00:00.000Z'));
  for (const s of list) {
    push(
      s.submittedAt,
      ev.submitted(s.id, { reference: s.reference, organizationId: s.org, category: s.category, amountCents: s.amountCents, urgency: s.urgency, demographics: s.demographics }, iso(s.submittedAt)),
    );
    if (s.withdrawnAt !== null) push(s.withdrawnAt, ev.withdrawn(s.id, iso(s.withdrawnAt)));
    if (s.decision?.outcome === 'denied') push(s.decision.at, ev.denied(s.id, iso(s.decision.at)));
    if (s.decision?.outcome === 'approved') {
      push(s.decision.at, ev.approved(s.id, s.amountCents, iso(s.decision.at)));
      push(s.decision.at, ev.moneyReserved(s.id, s.amountCents, iso(s.decision.at)));
    }
    for (const p of s.payments) {
      if (p.source === 'money') {
        push(p.at, ev.disbursed(s.id, p.id, { amountCents: p.amountCents, paymentMethod: p.method }, iso(p.at)));
        push(p.at, ev.moneyDisbursed(s.id, p.id, p.amountCents, iso(p.at)));
      } else {
        push(p.at, ev.disbursed(s.id, p.id, { amountCents: p.amountCents, source: 'stock', paymentMethod: p.method, itemId: 'coats', quantity: 2 }, iso(p.at)));
        push(p.at, ev.stockIssued('coats', s.id, p.id, 2, 3_000, iso(p.at)));
        push(p.at, ev.reservationReleased(s.id, p.amountCents, iso(p.at)));
      }
      if (p.voidedAt !== undefined) {
        push(p.voidedAt, ev.voided(s.id, p.id, p.amountCents, iso(p.voidedAt)));
        push(p.voidedAt, ev.fundDisbursementVoided(s.id, p.id, p.amountCents, iso(p.voidedAt)));
      }
    }
  }
  // Appended in time order, as they would have been recorded.
  return out.sort((a, b) => a.at - b.at).map((x) => x.e);
}

const Q1 = { start: Date.parse('2026-10-01T00:00:00Z'), end: Date.parse('2027-01-01T00:00:00Z') };
const inQ1 = (t: number) => t >= Q1.start && t < Q1.end;

function outcomeAtQ1End(s: Scenario): string {
  if (s.withdrawnAt !== null && s.withdrawnAt < Q1.end) return 'withdrawn';
  if (s.decision && s.decision.at < Q1.end) return s.decision.outcome;
  return 'pending';
}

const table = (report: FunderReport, name: string): ReportTable => {
  const found = report.tables.find((t) => t.name === name);
  if (!found) throw new Error(`no table ${name}`);
  return found;
};
const cell = (t: ReportTable, row: string, column: string) => {
  const r = t.rows.find((x) => x.key === row);
  const c = t.columns.findIndex((x) => x.key === column);
  return r?.cells[c];
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return Math.round(m * 10) / 10;
};

describe('funder reports from the reporting tables', () => {
  let db: PgliteDatabase;
  let quarterly: FunderReport;
  let semiAnnual: FunderReport;
  const list = scenarios();

  beforeAll(async () => {
    db = await PgliteDatabase.open();
    const store = await SqlEventStore.create(db);
    const projection = new ReportingProjection();
    const runner = new SubscriptionRunner(store, db, projection);
    await runner.prepare();
    await appendAll(store, history(list));
    await runner.catchUp();
    quarterly = await quarterlyReport(db, { fiscalYear: 2027, quarter: 1, now: new Date('2027-01-15T00:00:00Z') });
    semiAnnual = await semiAnnualReport(db, { year: 2026, half: 2 });
  }, 60_000);
  afterAll(async () => db?.close());

  it('states its period and threshold', () => {
    expect(quarterly).toMatchObject({ report: 'quarterly', threshold: 6, period: { label: 'FY2027 Q1', start: '2026-10-01', end: '2026-12-31' }, generatedAt: '2027-01-15T00:00:00.000Z' });
    expect(semiAnnual.period).toMatchObject({ start: '2026-07-01', end: '2026-12-31' });
    expect(quarterly.tables.map((t) => t.name)).toEqual([
      'requests_by_category',
      'requests_by_provider_type',
      'requests_by_county',
      'disbursements_by_category_payment_method',
      'disbursements_by_provider_type',
      'disbursements_by_county',
      'survivors_by_trafficking_type_and_age',
      'survivors_new_and_continuing',
      'survivors_by_gender_and_citizenship',
      'pmt_survivors_by_age_group',
      'pmt_survivors_by_gender',
      'pmt_survivors_by_victimization',
      'time_to_decision_and_payment',
      'donations_received',
      'distributed_by_category',
      'in_kind_by_category',
    ]);
  });

  it('gives the PMT and TIMS tables as the very tables of the quarterly and semi-annual reports, PMT age groups adding up to the new survivors', async () => {
    const pmt = await pmtReport(db, { fiscalYear: 2027, quarter: 1, now: new Date('2027-01-15T00:00:00Z') });
    const tims = await timsReport(db, { year: 2026, half: 2 });
    expect(pmt.report).toBe('pmt');
    expect(tims.report).toBe('tims');
    expect(pmt.tables.map((t) => t.name)).toEqual([...FEDERAL_TABLES.pmt]);
    expect(tims.tables.map((t) => t.name)).toEqual([...FEDERAL_TABLES.tims]);
    for (const t of pmt.tables) expect(t).toEqual(table(quarterly, t.name));
    for (const t of tims.tables) expect(t).toEqual(table(semiAnnual, t.name));
    // The status margins are one figure, whichever survivors table shows it.
    const byAge = table(quarterly, 'pmt_survivors_by_age_group');
    const status = table(quarterly, 'survivors_new_and_continuing');
    expect(byAge.columnTotals).toEqual(status.rows.map((r) => r.total));
    expect(byAge.rows.map((r) => r.key)).toEqual(['0_12', '13_17', '18_24', '25_59', '60_plus', 'unknown']);
  });

  it('publishes requests by category and outcome as they were at the end of the quarter, small cells hidden', async () => {
    const t = table(quarterly, 'requests_by_category');
    const q1 = list.filter((s) => inQ1(s.submittedAt));
    expect(t.grandTotal).toEqual({ count: q1.length, amountCents: q1.reduce((a, s) => a + s.amountCents, 0), suppressed: false });
    for (const row of t.rows) {
      row.cells.forEach((c, i) => {
        const expected = q1.filter((s) => s.category === row.key && outcomeAtQ1End(s) === t.columns[i]!.key);
        if (!c.suppressed) expect([row.key, t.columns[i]!.key, c.count, c.amountCents]).toEqual([row.key, t.columns[i]!.key, expected.length, expected.reduce((a, s) => a + s.amountCents, 0)]);
      });
    }
    // Two medical requests (one withdrawn, one denied): hidden, with their row total.
    expect(cell(t, 'medical', 'withdrawn')).toEqual({ count: null, amountCents: null, suppressed: true });
    expect(cell(t, 'medical', 'denied')?.suppressed).toBe(true);
    expect(t.rows.find((r) => r.key === 'medical')?.total?.suppressed).toBe(true);
    // Pending at the end of the quarter: req-late, decided in January, and nothing else.
    const pending = t.columnTotals![t.columns.findIndex((c) => c.key === 'pending')]!;
    expect(pending.suppressed).toBe(true);
    const three = await quarterlyReport(db, { fiscalYear: 2027, quarter: 1 }, FLOOR_3);
    expect(table(three, 'requests_by_category').grandTotal?.count).toBe(q1.length);
  });

  it('passes every table of both reports through suppression: nothing small published, nothing recoverable', () => {
    for (const report of [quarterly, semiAnnual]) {
      for (const t of report.tables) {
        const all = [...t.rows.flatMap((r) => [...r.cells, ...(r.total ? [r.total] : [])]), ...(t.columnTotals ?? []), ...(t.grandTotal ? [t.grandTotal] : [])];
        for (const c of all) {
          if (c.count !== null) expect([t.name, c.count === 0 || c.count >= report.threshold]).toEqual([t.name, true]);
          if (c.suppressed) expect([c.amountCents, c.medianDays ?? null]).toEqual([null, null]);
        }
        expect([t.name, attackReportTable(t)]).toEqual([t.name, []]);
      }
    }
  });

  it('hides the same outcome totals in every table that shares them', () => {
    const margins = ['requests_by_category', 'requests_by_provider_type', 'requests_by_county'].map((n) => table(quarterly, n).columnTotals);
    expect(margins[1]).toEqual(margins[0]);
    expect(margins[2]).toEqual(margins[0]);
  });

  it("counts a request in the survivor's county when recorded, else in the organization's", () => {
    expect(requestCounty('york', 'cumberland')).toBe('york');
    expect(requestCounty('out_of_state', 'cumberland')).toBe('out_of_state');
    expect(requestCounty('not_collected', 'cumberland')).toBe('cumberland');
    expect(requestCounty('unknown', 'penobscot')).toBe('penobscot');
    expect(requestCounty('not_collected', null)).toBe('unknown');
    const t = table(quarterly, 'requests_by_county');
    const county = (s: Scenario) => (s.demographics.county !== 'not_collected' ? s.demographics.county : (ORGS.find((o) => o[0] === s.org)?.[2] ?? 'unknown'));
    const q1 = list.filter((s) => inQ1(s.submittedAt));
    for (const row of t.rows) {
      if (row.total && !row.total.suppressed) expect([row.key, row.total.count]).toEqual([row.key, q1.filter((s) => county(s) === row.key).length]);
    }
    const york = t.rows.find((r) => r.key === 'york')!.total!;
    expect(york.suppressed ? null : york.count).toBe(york.suppressed ? null : q1.filter((s) => county(s) === 'york').length);
    // Kennebec (two requests) and the unregistered organization's one are never shown.
    for (const small of ['kennebec', 'unknown']) expect([small, t.rows.find((r) => r.key === small)?.total?.suppressed]).toEqual([small, true]);
    // The unregistered organization's request has no county and no provider type: "unknown".
    expect(t.rows.find((r) => r.key === 'unknown')?.total?.suppressed).toBe(true);
    expect(table(quarterly, 'requests_by_provider_type').rows.map((r) => r.key)).toContain('unknown');
  });

  it('counts distinct survivors served, new and continuing within the fiscal year (quarter) or the period (half)', () => {
    const served = new Set(list.flatMap((s) => (s.payments.some((p) => !p.voidedAt && inQ1(p.at)) ? [s.reference] : [])));
    const newCont = table(quarterly, 'survivors_new_and_continuing');
    expect(newCont.grandTotal?.count).toBe(served.size);
    expect(table(quarterly, 'survivors_by_trafficking_type_and_age').grandTotal?.count).toBe(served.size);
    expect(table(quarterly, 'survivors_by_gender_and_citizenship').grandTotal?.count).toBe(served.size);
    // The seven served last August are continuing in FY2027; in the July-December half they are new.
    expect(newCont.rows.find((r) => r.key === 'continuing')?.total?.count).toBe(7);
    expect(newCont.rows.find((r) => r.key === 'new')?.total?.count).toBe(served.size - 7);
    // The half (July-December) shows a figure only where both its quarters do; what it shows is exact.
    const half = table(semiAnnual, 'survivors_new_and_continuing');
    const continuing = half.rows.find((r) => r.key === 'continuing')!.total!;
    if (!continuing.suppressed) expect(continuing.count).toBe(0);
    if (!half.grandTotal!.suppressed) expect(half.grandTotal!.count).toBe(served.size);
  });

  it('gives median days from request to decision and from decision to first payment', () => {
    const t = table(quarterly, 'time_to_decision_and_payment');
    const decided = list.filter((s) => s.decision && inQ1(s.decision.at));
    const toDecision = decided.map((s) => (s.decision!.at - s.submittedAt) / DAY);
    const firstPaid = list.flatMap((s) => {
      const first = s.payments.filter((p) => !p.voidedAt).map((p) => p.at).sort((a, b) => a - b)[0];
      return first !== undefined && inQ1(first) && s.decision ? [(first - s.decision.at) / DAY] : [];
    });
    expect(t.columnTotals?.[0]).toEqual({ count: decided.length, amountCents: null, medianDays: median(toDecision), suppressed: false });
    expect(t.columnTotals?.[1]).toEqual({ count: firstPaid.length, amountCents: null, medianDays: median(firstPaid), suppressed: false });
    // Five urgent requests were decided: too few for a median of their own.
    expect(cell(t, 'urgent', 'request_to_decision')).toEqual({ count: null, amountCents: null, medianDays: null, suppressed: true });
  });

  it('shows donations received and in-kind goods on their own lines by category', () => {
    const donations = table(quarterly, 'donations_received');
    expect(cell(donations, 'individual', 'monetary')).toEqual({ count: 7, amountCents: 70_000, suppressed: false });
    expect(cell(donations, 'organization', 'monetary')).toEqual({ count: 6, amountCents: 48_000, suppressed: false });
    expect(cell(donations, 'organization', 'in_kind')).toEqual({ count: 7, amountCents: 70_000, suppressed: false });
    // The grant came in September, before the quarter.
    expect(cell(donations, 'grant', 'monetary')).toEqual({ count: 0, amountCents: 0, suppressed: false });
    expect(donations.grandTotal).toEqual({ count: 20, amountCents: 188_000, suppressed: false });
    const inKind = table(quarterly, 'in_kind_by_category');
    // Two coats handed over and one written off: hidden, and (the column totals being 2 and 1)
    // enough of the received column with them that neither can be narrowed below six values.
    const expected: Record<string, { count: number; amountCents: number }> = {
      transportation: { count: 20, amountCents: 10_000 },
      winter_gear: { count: 10, amountCents: 30_000 },
      hygiene: { count: 30, amountCents: 30_000 },
    };
    for (const [key, value] of Object.entries(expected)) {
      const c = cell(inKind, key, 'received')!;
      expect(c.suppressed ? { key, suppressed: true } : { key, ...value }).toEqual(c.suppressed ? { key, suppressed: true } : { key, count: c.count, amountCents: c.amountCents });
    }
    expect(inKind.columnTotals!.filter((c) => c.suppressed).length).toBeGreaterThanOrEqual(2);
    expect(cell(inKind, 'winter_gear', 'distributed')?.suppressed).toBe(true);
    expect(cell(inKind, 'winter_gear', 'written_off')?.suppressed).toBe(true);
    expect(inKind.rows.every((r) => r.total === null)).toBe(true);
    const distributed = table(quarterly, 'distributed_by_category');
    const paidQ1 = list.flatMap((s) => s.payments.filter((p) => !p.voidedAt && inQ1(p.at)));
    if (!distributed.grandTotal!.suppressed) expect(distributed.grandTotal).toEqual({ count: paidQ1.length, amountCents: paidQ1.reduce((a, p) => a + p.amountCents, 0), suppressed: false });
  });

  it('carries no reference, request id, digest or other id anywhere', () => {
    for (const report of [quarterly, semiAnnual]) {
      const json = JSON.stringify(report);
      expect(json).not.toMatch(/[0-9a-f]{64}/);
      for (const raw of ['SR-TEST', 'req-', 'disb-', 'org-', 'don-', 'coats', 'DONOR-0042', 'adv-']) expect([raw, json.includes(raw)]).toEqual([raw, false]);
    }
  });

  it('lets a lower floor show more, refuses a threshold below the floor, and a higher one only hides more', async () => {
    const three = await quarterlyReport(db, { fiscalYear: 2027, quarter: 1 }, FLOOR_3);
    const hidden = (r: FunderReport) => r.tables.flatMap((t) => t.rows.flatMap((row) => row.cells)).filter((c) => c.suppressed).length;
    expect(hidden(three)).toBeLessThan(hidden(quarterly));
    expect(three.threshold).toBe(3);
    await expect(quarterlyReport(db, { fiscalYear: 2027, quarter: 1, threshold: 2 }, FLOOR_3)).rejects.toMatchObject({
      code: 'VALIDATION.FAILED',
      details: { errors: [{ field: 'threshold', rule: 'coalitionFloor', floor: 3 }] },
    });
    await expect(quarterlyReport(db, { fiscalYear: 2027, quarter: 1, threshold: 5 })).rejects.toMatchObject({ details: { errors: [{ field: 'threshold', floor: 6 }] } });
    // Asking for 8 starts from the floor's pattern: everything hidden at 6 stays hidden.
    const eight = await quarterlyReport(db, { fiscalYear: 2027, quarter: 1, threshold: 8 });
    expect(eight.threshold).toBe(8);
    quarterly.tables.forEach((t, i) => {
      const at8 = eight.tables[i]!;
      t.rows.forEach((row, r) => row.cells.forEach((c, k) => c.suppressed && expect([t.name, row.key, k, at8.rows[r]!.cells[k]!.suppressed]).toEqual([t.name, row.key, k, true])));
    });
    expect(hidden(eight)).toBeGreaterThan(hidden(quarterly));
  });

  describe('fund activity statement', () => {
    it('adds up: opening + donations - disbursements + voids returned = closing, and the next quarter opens there', async () => {
      const q1 = await fundActivityStatement(db, { from: '2026-10-01', to: '2026-12-31' });
      const q2 = await fundActivityStatement(db, { from: '2027-01-01', to: '2027-03-31' });
      const money = list.flatMap((s) => s.payments.filter((p) => p.source === 'money'));
      const augustPaid = money.filter((p) => p.at < Q1.start).reduce((a, p) => a + p.amountCents, 0);
      expect(q1.openingBalanceCents).toBe(1_000_000 - augustPaid);
      expect(q1.donationsCents).toBe(118_000);
      expect(q1.donations.map((l) => [l.key, l.count, l.amountCents])).toEqual([
        ['individual', 7, 70_000],
        ['organization', 6, 48_000],
      ]);
      const paidQ1 = money.filter((p) => inQ1(p.at));
      expect(q1.disbursementsCents).toBe(paidQ1.reduce((a, p) => a + p.amountCents, 0));
      const voided = money.filter((p) => p.voidedAt !== undefined && inQ1(p.voidedAt)).reduce((a, p) => a + p.amountCents, 0);
      expect(q1.voidsReturnedCents).toBe(voided);
      expect(q1.closingBalanceCents).toBe(q1.openingBalanceCents! + q1.donationsCents! - q1.disbursementsCents! + q1.voidsReturnedCents!);
      expect(q2.openingBalanceCents).toBe(q1.closingBalanceCents);
      // req-late2 was approved on 29 December and paid on 2 January.
      expect(q1.commitmentsOutstandingCents).toBe(7_000);
      expect(q1.availableCents).toBe(q1.closingBalanceCents! - 7_000);
      expect(q2.commitmentsOutstandingCents).toBe(0);
    });

    it('combines categories with fewer payments than the threshold into one line', async () => {
      const q1 = await fundActivityStatement(db, { from: '2026-10-01', to: '2026-12-31' });
      // Childcare (1 payment) joins the next-smallest category, transportation (6).
      expect(q1.disbursements.map((l) => [l.key, l.count])).toEqual([
        ['groceries', 11],
        ['lodging', 8],
        ['combined', 7],
      ]);
      expect(q1.disbursements.find((l) => l.key === 'combined')?.label).toMatch(/^Other categories/);
      expect(q1.inKind).toMatchObject({ receivedCents: 70_000, distributedCents: 6_000, writtenOffCents: 3_000 });
    });

    it('takes any range of days internally, and only a closed lattice period for a funder', async () => {
      const funder: Audience = { funderFacing: true, floor: 6 };
      const now = new Date('2027-06-01T00:00:00Z');
      expect((await fundActivityStatement(db, { from: '2026-10-02', to: '2026-11-30' })).period).toMatchObject({ kind: 'custom', start: '2026-10-02' });
      await expect(fundActivityStatement(db, { from: '2027-01-01', to: '2026-12-31' })).rejects.toMatchObject({ details: { errors: [{ field: 'to' }] } });
      for (const [from, to] of [
        ['2026-10-02', '2026-12-31'],
        ['2026-10-01', '2026-11-30'],
        ['2026-11-01', '2027-01-31'],
        ['2026-10-01', '2027-03-31'],
      ]) {
        await expect(fundActivityStatement(db, { from: from!, to: to!, now }, funder)).rejects.toMatchObject({
          code: 'VALIDATION.FAILED',
          details: { errors: [{ field: 'from', rule: 'publishablePeriod' }, { field: 'to', rule: 'publishablePeriod' }] },
        });
      }
      await expect(fundActivityStatement(db, { from: '2027-04-01', to: '2027-06-30', now }, funder)).rejects.toMatchObject({ details: { errors: [{ rule: 'closedPeriod' }] } });
      const q1 = await fundActivityStatement(db, { from: '2026-10-01', to: '2026-12-31', now }, funder);
      expect(q1).toMatchObject({ audience: 'funder', openingBalanceCents: null, closingBalanceCents: null, availableCents: null, voidsReturnedCents: null });
      // Its lines are the report's figures: donations by donor kind are the donations table's monetary column.
      const report = await quarterlyReport(db, { fiscalYear: 2027, quarter: 1, now }, funder);
      const donations = table(report, 'donations_received');
      for (const line of q1.donations) expect(line).toMatchObject({ count: cell(donations, line.key, 'monetary')!.count, amountCents: cell(donations, line.key, 'monetary')!.amountCents });
      // No count from 1 to 5 anywhere, and no amount beside a hidden count.
      for (const line of [...q1.donations, ...q1.disbursements, ...q1.inKind.received, ...q1.inKind.distributed]) {
        expect([line.key, line.count === null || line.count === 0 || line.count >= 6]).toEqual([line.key, true]);
        if (line.count === null) expect(line.amountCents).toBeNull();
      }
    });
  });
});
