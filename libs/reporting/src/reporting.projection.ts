import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EventHandler, RecordedEvent, SqlExecutor } from '@fund/event-sourcing';
import {
  anonymize,
  mayAnonymize,
  keyerFor,
  type DonationReceivedFact,
  type OrganizationRegisteredFact,
  type PaymentVoidedFact,
  type ReportingFact,
  type RequestDecidedFact,
  type RequestEndedFact,
  type RequestPaidFact,
  type RequestSubmittedFact,
  type StockMovedFact,
  type StockReceivedFact,
  type ApprovalReleasedFact,
  type CommitmentChangedFact,
} from './anonymize';
import { REPORTING_DATA_TABLES, REPORTING_MIGRATIONS } from './reporting.migrations';

/**
 * Keeps the anonymized reporting tables. Every event goes through `anonymize` first; this class
 * never looks at an event itself.
 *
 * A batch is written set-based: its facts are folded in memory per key, then each table gets one
 * multi-row statement (arrays through `unnest`, so there is no parameter limit). The rows are
 * exactly those that applying the facts one at a time (insert-if-absent, keyed update) would
 * give; see `fold` for how order inside a batch is kept. Every write is an upsert or a keyed
 * update, so a batch delivered twice leaves the same rows.
 */
/** The read model's name (its checkpoint): the anonymized facts every funder report is built from. */
export const REPORTING = 'reporting';

@Injectable()
export class ReportingProjection implements EventHandler {
  readonly name = REPORTING;
  readonly migrations = REPORTING_MIGRATIONS;

  readonly accepts = mayAnonymize;

  async handle(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    // Every statement here is a keyed lookup or write. During a rebuild the tables have no
    // statistics, so the planner's cost guesses grow with the table and cross the JIT threshold,
    // and compiling a plan then costs more than running it.
    await tx.query('SET LOCAL jit = off');
    const key = keyerFor(await secret(tx));
    const facts: ReportingFact[] = [];
    for (const event of events) {
      const fact = anonymize(event, key);
      if (fact) facts.push(fact);
    }
    if (facts.length > 0) await write(fold(facts), tx);
  }

  /** TRUNCATE rather than DELETE: a rebuild then refills tables and indexes free of dead rows. */
  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query(`TRUNCATE ${REPORTING_DATA_TABLES.join(', ')}`);
  }
}

/**
 * The HMAC key behind every digest in the reporting tables: random, made once, kept only here
 * and never exported, so a digest cannot be recomputed from a reference by anyone outside the
 * database. Kept across rebuilds (identical rows); dropping the row rotates it on a rebuild.
 * Read in every batch (not cached) so a batch never uses a secret whose insert rolled back.
 */
async function secret(tx: SqlExecutor): Promise<Buffer> {
  const read = async () => (await tx.query<{ secret_hex: string }>('SELECT secret_hex FROM reporting_secret WHERE id = 1')).rows[0]?.secret_hex;
  let hex = await read();
  if (!hex) {
    await tx.query('INSERT INTO reporting_secret (id, secret_hex) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [randomBytes(32).toString('hex')]);
    hex = await read();
  }
  if (!hex) throw new Error('The reporting secret is missing');
  return Buffer.from(hex, 'hex');
}

/**
 * What one batch changes on a request (or payment) row, split by where it falls against the
 * row's first insert in the batch. A keyed update that comes *before* the insert only changes a
 * row that existed before the batch (applied one at a time, it would find no row otherwise), so
 * it runs before the insert. One that comes after is folded into the insert, which then sets it
 * on a new row or, on conflict, on the existing one. Within each side the last fact wins, as it
 * would applied in order.
 */
interface RequestPatch {
  decided?: RequestDecidedFact;
  ended?: RequestEndedFact;
}

interface RequestFold {
  submitted?: RequestSubmittedFact;
  before: RequestPatch;
  after: RequestPatch;
}

interface PaymentFold {
  paid?: RequestPaidFact;
  voidedBefore?: PaymentVoidedFact;
  voidedAfter?: PaymentVoidedFact;
}

interface DonationLine {
  readonly fact: DonationReceivedFact;
  readonly line: number;
  readonly item: { readonly category: string | null; readonly quantity: number | null; readonly amountCents: number };
}

/** A monetary donation is one line; an in-kind donation has a line per item given. */
function donationLines(fact: DonationReceivedFact): DonationLine[] {
  const items =
    fact.donationKind === 'monetary'
      ? [{ category: null, quantity: null, amountCents: fact.amountCents }]
      : fact.items.map((item) => ({ category: item.category, quantity: item.quantity, amountCents: item.amountCents }));
  return items.map((item, line) => ({ fact, line, item }));
}

interface Folded {
  /** Last registration wins (an upsert that updates). */
  readonly organizations: Map<string, OrganizationRegisteredFact>;
  readonly requests: Map<string, RequestFold>;
  readonly payments: Map<string, PaymentFold>;
  /** The rest are insert-if-absent: the first fact for a key wins (for donations, per line). */
  readonly donationLines: Map<string, DonationLine>;
  readonly stockItems: Map<string, StockReceivedFact>;
  readonly stockMovements: Map<string, StockMovedFact>;
  readonly commitments: Map<string, CommitmentChangedFact>;
  readonly releases: Map<string, ApprovalReleasedFact>;
}

function first<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (!map.has(key)) map.set(key, value);
}

function entry<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

function fold(facts: readonly ReportingFact[]): Folded {
  const folded: Folded = {
    organizations: new Map(),
    requests: new Map(),
    payments: new Map(),
    donationLines: new Map(),
    stockItems: new Map(),
    stockMovements: new Map(),
    commitments: new Map(),
    releases: new Map(),
  };
  const request = (key: string) => entry(folded.requests, key, (): RequestFold => ({ before: {}, after: {} }));
  const payment = (key: string) => entry(folded.payments, key, (): PaymentFold => ({}));
  for (const fact of facts) {
    switch (fact.kind) {
      case 'organization_registered':
        folded.organizations.set(fact.orgKey, fact);
        break;
      case 'request_submitted': {
        const r = request(fact.requestKey);
        r.submitted ??= fact;
        break;
      }
      case 'request_decided': {
        const r = request(fact.requestKey);
        (r.submitted ? r.after : r.before).decided = fact;
        break;
      }
      case 'request_ended': {
        const r = request(fact.requestKey);
        (r.submitted ? r.after : r.before).ended = fact;
        break;
      }
      case 'request_paid': {
        const p = payment(fact.paymentKey);
        p.paid ??= fact;
        break;
      }
      case 'payment_voided': {
        const p = payment(fact.paymentKey);
        if (p.paid) p.voidedAfter = fact;
        else p.voidedBefore = fact;
        break;
      }
      case 'donation_received':
        for (const line of donationLines(fact)) first(folded.donationLines, `${fact.donationKey}\u0000${line.line}`, line);
        break;
      case 'stock_received':
        first(folded.stockItems, fact.itemKey, fact);
        break;
      case 'stock_issued':
      case 'stock_written_off':
        first(folded.stockMovements, fact.movementKey, fact);
        break;
      case 'commitment_changed':
        first(folded.commitments, fact.movementKey, fact);
        break;
      case 'approval_released':
        first(folded.releases, fact.requestKey, fact);
        break;
    }
  }
  return folded;
}

/** Column arrays for `unnest`: one array per column, one element per row. */
function columns<T, C extends Record<string, (row: T) => unknown>>(rows: readonly T[], pick: C): { [K in keyof C]: unknown[] } {
  const out = {} as { [K in keyof C]: unknown[] };
  for (const [name, of] of Object.entries(pick) as [keyof C, (row: T) => unknown][]) out[name] = rows.map((row) => of(row));
  return out;
}

async function write(folded: Folded, tx: SqlExecutor): Promise<void> {
  await writeOrganizations(tx, [...folded.organizations.values()]);
  const paymentRequests = await writePayments(tx, folded.payments);
  const submitted = [...folded.requests.values()].flatMap((r) => (r.submitted ? [r.submitted] : []));
  await writeRequests(tx, folded.requests);
  // Requests whose payments changed, and new requests (in case their payments came first).
  const servedSurvivors = await refreshFirstPaid(tx, [...new Set([...paymentRequests, ...submitted.map((s) => s.requestKey)])]);
  await refreshSurvivors(tx, [...new Set([...submitted.map((s) => s.survivorKey), ...servedSurvivors])]);
  await writeDonations(tx, [...folded.donationLines.values()]);
  await writeStockItems(tx, [...folded.stockItems.values()]);
  await writeStockMovements(tx, [...folded.stockMovements.values()]);
  await writeCommitments(tx, [...folded.commitments.values()]);
  await writeReleases(tx, [...folded.releases.values()]);
}

async function writeOrganizations(tx: SqlExecutor, facts: readonly OrganizationRegisteredFact[]): Promise<void> {
  if (facts.length === 0) return;
  const c = columns(facts, { key: (f) => f.orgKey, providerType: (f) => f.providerType, county: (f) => f.county });
  await tx.query(
    `INSERT INTO reporting_organizations (org_key, provider_type, county)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT (org_key) DO UPDATE SET provider_type = EXCLUDED.provider_type, county = EXCLUDED.county`,
    [c.key, c.providerType, c.county],
  );
}

/** Writes payments and voids; returns the requests whose payment rows changed. */
async function writePayments(tx: SqlExecutor, payments: ReadonlyMap<string, PaymentFold>): Promise<string[]> {
  const changed: string[] = [];
  const voidsFirst = [...payments.entries()].flatMap(([paymentKey, p]) => (p.voidedBefore ? [{ paymentKey, at: p.voidedBefore.occurredAt }] : []));
  if (voidsFirst.length > 0) {
    const c = columns(voidsFirst, { key: (v) => v.paymentKey, at: (v) => v.at });
    const { rows } = await tx.query<{ request_key: string }>(
      `UPDATE reporting_payments p SET voided_at = v.voided_at
         FROM unnest($1::text[], $2::timestamptz[]) AS v(payment_key, voided_at)
        WHERE p.payment_key = v.payment_key AND p.voided_at IS DISTINCT FROM v.voided_at
       RETURNING p.request_key`,
      [c.key, c.at],
    );
    changed.push(...rows.map((r) => r.request_key));
  }
  const inserts = [...payments.values()].flatMap((p) => (p.paid ? [{ paid: p.paid, voidedAt: p.voidedAfter?.occurredAt ?? null }] : []));
  if (inserts.length > 0) {
    const c = columns(inserts, {
      key: (i) => i.paid.paymentKey,
      request: (i) => i.paid.requestKey,
      at: (i) => i.paid.occurredAt,
      amount: (i) => i.paid.amountCents,
      source: (i) => i.paid.source,
      method: (i) => i.paid.paymentMethod,
      voidedAt: (i) => i.voidedAt,
    });
    // On conflict the existing row keeps its payment and takes only a void that followed it.
    const { rows } = await tx.query<{ request_key: string }>(
      `INSERT INTO reporting_payments (payment_key, request_key, paid_at, amount_cents, source, payment_method, voided_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::bigint[], $5::text[], $6::text[], $7::timestamptz[])
       ON CONFLICT (payment_key) DO UPDATE SET voided_at = EXCLUDED.voided_at
        WHERE EXCLUDED.voided_at IS NOT NULL AND reporting_payments.voided_at IS DISTINCT FROM EXCLUDED.voided_at
       RETURNING request_key`,
      [c.key, c.request, c.at, c.amount, c.source, c.method, c.voidedAt],
    );
    changed.push(...rows.map((r) => r.request_key));
  }
  return changed;
}

const decision = (patch: RequestPatch) => ({
  decidedAt: patch.decided?.occurredAt ?? null,
  outcome: patch.decided?.outcome ?? null,
  approvedCents: patch.decided?.amountCents ?? null,
  endedAt: patch.ended?.occurredAt ?? null,
  endReason: patch.ended?.reason ?? null,
});

/**
 * A patch row carries a decision when its outcome is set and an end when its end reason is set
 * (both are never null in a fact), so one statement applies either or both.
 */
const PATCH_SET = (row: string, patch: string) => `
  decided_at = CASE WHEN ${patch}.outcome IS NULL THEN ${row}.decided_at ELSE ${patch}.decided_at END,
  outcome = COALESCE(${patch}.outcome, ${row}.outcome),
  approved_cents = CASE WHEN ${patch}.outcome IS NULL THEN ${row}.approved_cents ELSE ${patch}.approved_cents END,
  ended_at = CASE WHEN ${patch}.end_reason IS NULL THEN ${row}.ended_at ELSE ${patch}.ended_at END,
  end_reason = COALESCE(${patch}.end_reason, ${row}.end_reason)`;

async function writeRequests(tx: SqlExecutor, requests: ReadonlyMap<string, RequestFold>): Promise<void> {
  const updates = [...requests.entries()].flatMap(([requestKey, r]) => (r.before.decided || r.before.ended ? [{ requestKey, ...decision(r.before) }] : []));
  if (updates.length > 0) {
    const c = columns(updates, {
      key: (u) => u.requestKey,
      decidedAt: (u) => u.decidedAt,
      outcome: (u) => u.outcome,
      approved: (u) => u.approvedCents,
      endedAt: (u) => u.endedAt,
      endReason: (u) => u.endReason,
    });
    await tx.query(
      `UPDATE reporting_requests r SET ${PATCH_SET('r', 'u')}
         FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::bigint[], $5::timestamptz[], $6::text[])
              AS u(request_key, decided_at, outcome, approved_cents, ended_at, end_reason)
        WHERE r.request_key = u.request_key`,
      [c.key, c.decidedAt, c.outcome, c.approved, c.endedAt, c.endReason],
    );
  }
  const inserts = [...requests.values()].flatMap((r) => (r.submitted ? [{ s: r.submitted, ...decision(r.after) }] : []));
  if (inserts.length === 0) return;
  const c = columns(inserts, {
    key: (i) => i.s.requestKey,
    survivor: (i) => i.s.survivorKey,
    org: (i) => i.s.orgKey,
    at: (i) => i.s.occurredAt,
    category: (i) => i.s.category,
    amount: (i) => i.s.amountCents,
    method: (i) => i.s.paymentMethod,
    urgency: (i) => i.s.urgency,
    county: (i) => i.s.county,
    trafficking: (i) => i.s.traffickingType,
    age: (i) => i.s.ageGroup,
    pmtAge: (i) => i.s.pmtAgeGroup,
    citizenship: (i) => i.s.citizenship,
    gender: (i) => i.s.gender,
    decidedAt: (i) => i.decidedAt,
    outcome: (i) => i.outcome,
    approved: (i) => i.approvedCents,
    endedAt: (i) => i.endedAt,
    endReason: (i) => i.endReason,
  });
  // A submission already recorded keeps its row (insert-if-absent); only the decision and end
  // that followed it in this batch are applied to it.
  await tx.query(
    `INSERT INTO reporting_requests (request_key, survivor_key, org_key, submitted_at, category, requested_cents, requested_payment_method,
       urgency, demographic_county, trafficking_type, age_group, citizenship, gender, decided_at, outcome, approved_cents, ended_at, end_reason, pmt_age_group)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::text[],
       $10::text[], $11::text[], $12::text[], $13::text[], $14::timestamptz[], $15::text[], $16::bigint[], $17::timestamptz[], $18::text[], $19::text[])
     ON CONFLICT (request_key) DO UPDATE SET ${PATCH_SET('reporting_requests', 'EXCLUDED')}
      WHERE EXCLUDED.outcome IS NOT NULL OR EXCLUDED.end_reason IS NOT NULL`,
    [
      c.key,
      c.survivor,
      c.org,
      c.at,
      c.category,
      c.amount,
      c.method,
      c.urgency,
      c.county,
      c.trafficking,
      c.age,
      c.citizenship,
      c.gender,
      c.decidedAt,
      c.outcome,
      c.approved,
      c.endedAt,
      c.endReason,
      c.pmtAge,
    ],
  );
}

/**
 * `first_paid_at` is the request's first payment not voided, recomputed from the payment rows
 * (not accumulated) so voids, redelivery and order stay right. Returns the survivors of the
 * requests whose value changed.
 *
 * The statements below are shaped so that rows are found through the key indexes whatever the
 * planner believes: during a rebuild the tables have no statistics yet, and a join on the key
 * arrays was planned as a sequential scan of the whole table in every batch. The GROUP BY in the
 * lateral aggregates keeps PostgreSQL from answering MIN by walking the paid_at / submitted_at
 * index in order and filtering on the key, which it chose and which reads most of the table.
 */
async function refreshFirstPaid(tx: SqlExecutor, requestKeys: readonly string[]): Promise<string[]> {
  if (requestKeys.length === 0) return [];
  const { rows } = await tx.query<{ survivor_key: string }>(
    `UPDATE reporting_requests r SET first_paid_at = f.first_paid_at
       FROM unnest($1::text[]) AS k(request_key)
            LEFT JOIN LATERAL (SELECT MIN(p.paid_at) AS first_paid_at FROM reporting_payments p
                                WHERE p.request_key = k.request_key AND p.voided_at IS NULL GROUP BY p.request_key) f ON true
      WHERE r.request_key = ANY($1::text[]) AND r.request_key = k.request_key AND r.first_paid_at IS DISTINCT FROM f.first_paid_at
     RETURNING r.survivor_key`,
    [requestKeys],
  );
  return rows.map((r) => r.survivor_key);
}

/**
 * A survivor is first served by their first payment that was not voided: the earliest
 * `first_paid_at` of their requests, recomputed from the rows for the survivors a batch touched.
 */
async function refreshSurvivors(tx: SqlExecutor, survivorKeys: readonly string[]): Promise<void> {
  if (survivorKeys.length === 0) return;
  await tx.query(
    `INSERT INTO reporting_survivors (survivor_key, first_requested_at, first_served_at)
     SELECT k.survivor_key, m.first_requested_at, m.first_served_at
       FROM unnest($1::text[]) AS k(survivor_key)
            CROSS JOIN LATERAL (SELECT MIN(r.submitted_at) AS first_requested_at, MIN(r.first_paid_at) AS first_served_at
                                  FROM reporting_requests r WHERE r.survivor_key = k.survivor_key GROUP BY r.survivor_key) m
     ON CONFLICT (survivor_key) DO UPDATE SET first_requested_at = EXCLUDED.first_requested_at, first_served_at = EXCLUDED.first_served_at
      WHERE (reporting_survivors.first_requested_at, reporting_survivors.first_served_at)
            IS DISTINCT FROM (EXCLUDED.first_requested_at, EXCLUDED.first_served_at)`,
    [survivorKeys],
  );
}

async function writeDonations(tx: SqlExecutor, lines: readonly DonationLine[]): Promise<void> {
  if (lines.length === 0) return;
  const c = columns(lines, {
    key: (l) => l.fact.donationKey,
    line: (l) => l.line,
    on: (l) => l.fact.occurredOn,
    recordedOn: (l) => l.fact.recordedOn,
    kind: (l) => l.fact.donationKind,
    donor: (l) => l.fact.donorKind,
    restricted: (l) => l.fact.restricted,
    category: (l) => l.item.category,
    quantity: (l) => l.item.quantity,
    amount: (l) => l.item.amountCents,
  });
  await tx.query(
    `INSERT INTO reporting_donations (donation_key, line, received_on, donation_kind, donor_kind, restricted, category, quantity, amount_cents, recorded_on)
     SELECT * FROM unnest($1::text[], $2::integer[], $3::date[], $4::text[], $5::text[], $6::boolean[], $7::text[], $8::integer[], $9::bigint[], $10::date[])
     ON CONFLICT (donation_key, line) DO NOTHING`,
    [c.key, c.line, c.on, c.kind, c.donor, c.restricted, c.category, c.quantity, c.amount, c.recordedOn],
  );
}

async function writeStockItems(tx: SqlExecutor, facts: readonly StockReceivedFact[]): Promise<void> {
  if (facts.length === 0) return;
  const c = columns(facts, { key: (f) => f.itemKey, kind: (f) => f.stockKind, category: (f) => f.category, unit: (f) => f.unitValueCents });
  await tx.query(
    `INSERT INTO reporting_stock_items (item_key, stock_kind, category, unit_value_cents)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
     ON CONFLICT (item_key) DO NOTHING`,
    [c.key, c.kind, c.category, c.unit],
  );
}

async function writeStockMovements(tx: SqlExecutor, facts: readonly StockMovedFact[]): Promise<void> {
  if (facts.length === 0) return;
  const c = columns(facts, {
    key: (f) => f.movementKey,
    item: (f) => f.itemKey,
    on: (f) => f.occurredOn,
    movement: (f) => (f.kind === 'stock_issued' ? 'issued' : 'written_off'),
    quantity: (f) => f.quantity,
  });
  await tx.query(
    `INSERT INTO reporting_stock_movements (movement_key, item_key, occurred_on, movement, quantity)
     SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::integer[])
     ON CONFLICT (movement_key) DO NOTHING`,
    [c.key, c.item, c.on, c.movement, c.quantity],
  );
}

async function writeReleases(tx: SqlExecutor, facts: readonly ApprovalReleasedFact[]): Promise<void> {
  if (facts.length === 0) return;
  const c = columns(facts, { key: (f) => f.requestKey, at: (f) => f.occurredAt, cents: (f) => f.releasedCents });
  await tx.query(
    `INSERT INTO reporting_approval_releases (request_key, released_at, released_cents)
     SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::bigint[])
     ON CONFLICT (request_key) DO NOTHING`,
    [c.key, c.at, c.cents],
  );
}

async function writeCommitments(tx: SqlExecutor, facts: readonly CommitmentChangedFact[]): Promise<void> {
  if (facts.length === 0) return;
  const c = columns(facts, { key: (f) => f.movementKey, at: (f) => f.occurredAt, delta: (f) => f.deltaCents });
  await tx.query(
    `INSERT INTO reporting_commitments (movement_key, occurred_at, delta_cents)
     SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::bigint[])
     ON CONFLICT (movement_key) DO NOTHING`,
    [c.key, c.at, c.delta],
  );
}
