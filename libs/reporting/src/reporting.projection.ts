import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EventHandler, RecordedEvent, SqlExecutor } from '@fund/event-sourcing';
import { anonymize, keyerFor, type ReportingFact } from './anonymize';
import { REPORTING_DATA_TABLES, REPORTING_MIGRATIONS } from './reporting.migrations';

/**
 * Keeps the anonymized reporting tables. Every event goes through `anonymize` first; this class
 * never looks at an event itself. Each write is an upsert or a keyed update, so a batch
 * delivered twice leaves the same rows.
 */
@Injectable()
export class ReportingProjection implements EventHandler {
  readonly name = 'reporting';
  readonly migrations = REPORTING_MIGRATIONS;

  async handle(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    const key = keyerFor(await secret(tx));
    const survivors = new Set<string>();
    const paidRequests = new Set<string>();
    for (const event of events) {
      const fact = anonymize(event, key);
      if (!fact) continue;
      await apply(fact, tx);
      if (fact.kind === 'request_submitted') survivors.add(fact.survivorKey);
      if (fact.kind === 'request_paid' || fact.kind === 'payment_voided') paidRequests.add(fact.requestKey);
    }
    await refreshSurvivors(tx, survivors, paidRequests);
  }

  async reset(tx: SqlExecutor): Promise<void> {
    for (const table of REPORTING_DATA_TABLES) await tx.query(`DELETE FROM ${table}`);
  }
}

/**
 * The HMAC key behind every digest in the reporting tables: random, made once, kept only here
 * and never exported, so a digest cannot be recomputed from a reference by anyone outside the
 * database. Kept across rebuilds (identical rows); dropping the row rotates it on a rebuild.
 */
async function secret(tx: SqlExecutor): Promise<Buffer> {
  await tx.query('INSERT INTO reporting_secret (id, secret_hex) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [randomBytes(32).toString('hex')]);
  const { rows } = await tx.query<{ secret_hex: string }>('SELECT secret_hex FROM reporting_secret WHERE id = 1');
  const hex = rows[0]?.secret_hex;
  if (!hex) throw new Error('The reporting secret is missing');
  return Buffer.from(hex, 'hex');
}

async function apply(fact: ReportingFact, tx: SqlExecutor): Promise<void> {
  switch (fact.kind) {
    case 'organization_registered':
      await tx.query(
        `INSERT INTO reporting_organizations (org_key, provider_type, county) VALUES ($1, $2, $3)
         ON CONFLICT (org_key) DO UPDATE SET provider_type = EXCLUDED.provider_type, county = EXCLUDED.county`,
        [fact.orgKey, fact.providerType, fact.county],
      );
      return;
    case 'request_submitted':
      await tx.query(
        `INSERT INTO reporting_requests (request_key, survivor_key, org_key, submitted_at, category, requested_cents, requested_payment_method,
           urgency, demographic_county, trafficking_type, age_group, citizenship, gender)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (request_key) DO NOTHING`,
        [
          fact.requestKey,
          fact.survivorKey,
          fact.orgKey,
          fact.occurredAt,
          fact.category,
          fact.amountCents,
          fact.paymentMethod,
          fact.urgency,
          fact.county,
          fact.traffickingType,
          fact.ageGroup,
          fact.citizenship,
          fact.gender,
        ],
      );
      return;
    case 'request_decided':
      await tx.query('UPDATE reporting_requests SET decided_at = $2, outcome = $3, approved_cents = $4 WHERE request_key = $1', [
        fact.requestKey,
        fact.occurredAt,
        fact.outcome,
        fact.amountCents,
      ]);
      return;
    case 'request_ended':
      await tx.query('UPDATE reporting_requests SET ended_at = $2, end_reason = $3 WHERE request_key = $1', [fact.requestKey, fact.occurredAt, fact.reason]);
      return;
    case 'request_paid':
      await tx.query(
        `INSERT INTO reporting_payments (payment_key, request_key, paid_at, amount_cents, source, payment_method) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (payment_key) DO NOTHING`,
        [fact.paymentKey, fact.requestKey, fact.occurredAt, fact.amountCents, fact.source, fact.paymentMethod],
      );
      return;
    case 'payment_voided':
      await tx.query('UPDATE reporting_payments SET voided_at = $2 WHERE payment_key = $1', [fact.paymentKey, fact.occurredAt]);
      return;
    case 'donation_received': {
      const lines =
        fact.donationKind === 'monetary'
          ? [{ category: null, quantity: null, amountCents: fact.amountCents }]
          : fact.items.map((item) => ({ category: item.category, quantity: item.quantity, amountCents: item.amountCents }));
      for (const [line, item] of lines.entries()) {
        await tx.query(
          `INSERT INTO reporting_donations (donation_key, line, received_on, donation_kind, donor_kind, restricted, category, quantity, amount_cents)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (donation_key, line) DO NOTHING`,
          [fact.donationKey, line, fact.occurredOn, fact.donationKind, fact.donorKind, fact.restricted, item.category, item.quantity, item.amountCents],
        );
      }
      return;
    }
    case 'stock_received':
      await tx.query(
        `INSERT INTO reporting_stock_items (item_key, stock_kind, category, unit_value_cents) VALUES ($1, $2, $3, $4)
         ON CONFLICT (item_key) DO NOTHING`,
        [fact.itemKey, fact.stockKind, fact.category, fact.unitValueCents],
      );
      return;
    case 'stock_issued':
    case 'stock_written_off':
      await tx.query(
        `INSERT INTO reporting_stock_movements (movement_key, item_key, occurred_on, movement, quantity) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (movement_key) DO NOTHING`,
        [fact.movementKey, fact.itemKey, fact.occurredOn, fact.kind === 'stock_issued' ? 'issued' : 'written_off', fact.quantity],
      );
      return;
    case 'commitment_changed':
      await tx.query('INSERT INTO reporting_commitments (movement_key, occurred_at, delta_cents) VALUES ($1, $2, $3) ON CONFLICT (movement_key) DO NOTHING', [
        fact.movementKey,
        fact.occurredAt,
        fact.deltaCents,
      ]);
      return;
  }
}

/**
 * A survivor is first served by their first payment that was not voided; recomputed from the
 * rows (not accumulated) for the survivors a batch touched, so redelivery and voids stay right.
 */
async function refreshSurvivors(tx: SqlExecutor, survivors: Set<string>, paidRequests: Set<string>): Promise<void> {
  if (paidRequests.size > 0) {
    const { rows } = await tx.query<{ survivor_key: string }>('SELECT DISTINCT survivor_key FROM reporting_requests WHERE request_key = ANY($1)', [[...paidRequests]]);
    rows.forEach((r) => survivors.add(r.survivor_key));
  }
  if (survivors.size === 0) return;
  await tx.query(
    `INSERT INTO reporting_survivors (survivor_key, first_requested_at, first_served_at)
     SELECT r.survivor_key, MIN(r.submitted_at), MIN(p.paid_at) FILTER (WHERE p.voided_at IS NULL)
       FROM reporting_requests r LEFT JOIN reporting_payments p ON p.request_key = r.request_key
      WHERE r.survivor_key = ANY($1)
      GROUP BY r.survivor_key
     ON CONFLICT (survivor_key) DO UPDATE SET first_requested_at = EXCLUDED.first_requested_at, first_served_at = EXCLUDED.first_served_at`,
    [[...survivors]],
  );
}
