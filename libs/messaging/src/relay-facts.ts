import type { Migration, RecordedEvent, SqlExecutor } from '@fund/event-sourcing';
import type { County, ProviderType } from '@fund/organizations';
import type { DisbursementSource, RequestContext, Unknown } from './integration-events';
import type { PaymentMethod } from '@fund/fund-requests';

/**
 * What the relay must remember to describe later events: a request's approval or payment
 * event does not repeat its category or organization. These rows are internal to the relay
 * (keyed by internal ids, never published, emptied by a reset) and commit in the same
 * transaction as its checkpoint, so a redelivered batch sees exactly the facts it saw before.
 */
export interface OrganizationFacts {
  readonly providerType: ProviderType | Unknown;
  readonly county: County;
}

export interface RequestFacts extends RequestContext {
  readonly requestedAmountCents: number;
  /** ISO instant of the submission, to time decisions and payments. */
  readonly submittedAt: string;
  readonly approvedAmountCents: number;
  /** Paid out so far, net of voids. */
  readonly disbursedCents: number;
}

export interface DisbursementFacts {
  readonly amountCents: number;
  readonly paymentMethod: PaymentMethod | Unknown;
  readonly source: DisbursementSource;
}

export interface KnownFacts {
  organization(organizationId: string): OrganizationFacts | undefined;
  request(requestId: string): RequestFacts | undefined;
  disbursement(disbursementId: string): DisbursementFacts | undefined;
}

export type FactChange =
  | { readonly table: 'organization'; readonly id: string; readonly facts: OrganizationFacts }
  | { readonly table: 'request'; readonly id: string; readonly facts: RequestFacts }
  | { readonly table: 'disbursement'; readonly id: string; readonly facts: DisbursementFacts };

export const RELAY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'kafka relay facts',
    sql: `
CREATE TABLE messaging_organizations (
  organization_id text PRIMARY KEY,
  provider_type text NOT NULL,
  county text NOT NULL
);
CREATE TABLE messaging_requests (
  request_id text PRIMARY KEY,
  category text NOT NULL,
  provider_type text NOT NULL,
  county text NOT NULL,
  requested_amount_cents bigint NOT NULL,
  submitted_at timestamptz NOT NULL,
  approved_amount_cents bigint NOT NULL,
  disbursed_cents bigint NOT NULL
);
CREATE TABLE messaging_disbursements (
  disbursement_id text PRIMARY KEY,
  amount_cents bigint NOT NULL,
  payment_method text NOT NULL,
  source text NOT NULL
);
`,
  },
];

export const RELAY_TABLES = ['messaging_organizations', 'messaging_requests', 'messaging_disbursements'] as const;

const REQUEST_STREAM = 'fund-request-';

/** The request a fund-request stream is about (later events in it do not repeat the id). */
export function requestIdOfStream(streamId: string): string | null {
  return streamId.startsWith(REQUEST_STREAM) && streamId.length > REQUEST_STREAM.length ? streamId.slice(REQUEST_STREAM.length) : null;
}

/** Facts held in memory: unit tests, and the per-batch cache of {@link SqlRelayFacts}. */
export class MemoryRelayFacts implements KnownFacts {
  protected readonly organizations = new Map<string, OrganizationFacts>();
  protected readonly requests = new Map<string, RequestFacts>();
  protected readonly disbursements = new Map<string, DisbursementFacts>();

  organization(organizationId: string): OrganizationFacts | undefined {
    return this.organizations.get(organizationId);
  }

  request(requestId: string): RequestFacts | undefined {
    return this.requests.get(requestId);
  }

  disbursement(disbursementId: string): DisbursementFacts | undefined {
    return this.disbursements.get(disbursementId);
  }

  remember(changes: readonly FactChange[]): void {
    for (const change of changes) {
      if (change.table === 'organization') this.organizations.set(change.id, change.facts);
      else if (change.table === 'request') this.requests.set(change.id, change.facts);
      else this.disbursements.set(change.id, change.facts);
    }
  }
}

const stringOf = (value: unknown): string => (typeof value === 'string' ? value : '');
const instantOf = (value: unknown): string => (value instanceof Date ? value.toISOString() : new Date(stringOf(value)).toISOString());

/** The relay's tables, read once per batch for the ids the batch mentions, written through. */
export class SqlRelayFacts extends MemoryRelayFacts {
  private constructor(private readonly tx: SqlExecutor) {
    super();
  }

  static async load(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<SqlRelayFacts> {
    const facts = new SqlRelayFacts(tx);
    const organizationIds = new Set<string>();
    const requestIds = new Set<string>();
    const disbursementIds = new Set<string>();
    for (const event of events) {
      const requestId = requestIdOfStream(event.streamId);
      if (requestId !== null) requestIds.add(requestId);
      const data = event.data as Record<string, unknown>;
      if (event.type === 'FundRequestSubmitted' && typeof data.organizationId === 'string') organizationIds.add(data.organizationId);
      if (event.type === 'RequestDisbursementVoided' && typeof data.disbursementId === 'string') disbursementIds.add(data.disbursementId);
    }
    if (organizationIds.size > 0) {
      const { rows } = await tx.query<{ organization_id: string; provider_type: string; county: string }>(
        'SELECT organization_id, provider_type, county FROM messaging_organizations WHERE organization_id = ANY($1::text[])',
        [[...organizationIds]],
      );
      for (const r of rows) {
        facts.organizations.set(r.organization_id, { providerType: r.provider_type as OrganizationFacts['providerType'], county: r.county as County });
      }
    }
    if (requestIds.size > 0) {
      const { rows } = await tx.query<Record<string, unknown>>(
        `SELECT request_id, category, provider_type, county, requested_amount_cents, submitted_at, approved_amount_cents, disbursed_cents
         FROM messaging_requests WHERE request_id = ANY($1::text[])`,
        [[...requestIds]],
      );
      for (const r of rows) {
        facts.requests.set(stringOf(r.request_id), {
          category: stringOf(r.category) as RequestFacts['category'],
          providerType: stringOf(r.provider_type) as RequestFacts['providerType'],
          county: stringOf(r.county) as County,
          requestedAmountCents: Number(r.requested_amount_cents),
          submittedAt: instantOf(r.submitted_at),
          approvedAmountCents: Number(r.approved_amount_cents),
          disbursedCents: Number(r.disbursed_cents),
        });
      }
    }
    if (disbursementIds.size > 0) {
      const { rows } = await tx.query<{ disbursement_id: string; amount_cents: string | number; payment_method: string; source: string }>(
        'SELECT disbursement_id, amount_cents, payment_method, source FROM messaging_disbursements WHERE disbursement_id = ANY($1::text[])',
        [[...disbursementIds]],
      );
      for (const r of rows) {
        facts.disbursements.set(r.disbursement_id, {
          amountCents: Number(r.amount_cents),
          paymentMethod: r.payment_method as DisbursementFacts['paymentMethod'],
          source: r.source === 'stock' ? 'stock' : 'money',
        });
      }
    }
    return facts;
  }

  /** Writes the changes in the batch's transaction and keeps them for the rest of the batch. */
  async apply(changes: readonly FactChange[]): Promise<void> {
    this.remember(changes);
    for (const change of changes) {
      if (change.table === 'organization') {
        await this.tx.query(
          `INSERT INTO messaging_organizations (organization_id, provider_type, county) VALUES ($1, $2, $3)
           ON CONFLICT (organization_id) DO UPDATE SET provider_type = EXCLUDED.provider_type, county = EXCLUDED.county`,
          [change.id, change.facts.providerType, change.facts.county],
        );
      } else if (change.table === 'request') {
        const f = change.facts;
        await this.tx.query(
          `INSERT INTO messaging_requests (request_id, category, provider_type, county, requested_amount_cents, submitted_at, approved_amount_cents, disbursed_cents)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (request_id) DO UPDATE SET category = EXCLUDED.category, provider_type = EXCLUDED.provider_type, county = EXCLUDED.county,
             requested_amount_cents = EXCLUDED.requested_amount_cents, submitted_at = EXCLUDED.submitted_at,
             approved_amount_cents = EXCLUDED.approved_amount_cents, disbursed_cents = EXCLUDED.disbursed_cents`,
          [change.id, f.category, f.providerType, f.county, f.requestedAmountCents, f.submittedAt, f.approvedAmountCents, f.disbursedCents],
        );
      } else {
        const f = change.facts;
        await this.tx.query(
          `INSERT INTO messaging_disbursements (disbursement_id, amount_cents, payment_method, source) VALUES ($1, $2, $3, $4)
           ON CONFLICT (disbursement_id) DO UPDATE SET amount_cents = EXCLUDED.amount_cents, payment_method = EXCLUDED.payment_method, source = EXCLUDED.source`,
          [change.id, f.amountCents, f.paymentMethod, f.source],
        );
      }
    }
  }
}
