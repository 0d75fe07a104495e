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

/** The relay's tables, read once per batch for the ids the batch mentions, written once at its end. */
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

  private readonly dirty = { organization: new Set<string>(), request: new Set<string>(), disbursement: new Set<string>() };

  /**
   * Takes the changes into the batch's view at once (later events of the batch need them) and
   * marks the rows for {@link save}. A request is touched by most of its events, and one
   * statement per change cost a round trip each: that was most of the relay's time.
   */
  record(changes: readonly FactChange[]): void {
    this.remember(changes);
    for (const change of changes) this.dirty[change.table].add(change.id);
  }

  /**
   * Writes every row the batch changed, each once with its final value (ON CONFLICT DO UPDATE
   * may not touch one row twice in a statement): one upsert per table, in the batch's
   * transaction, so the facts still commit or roll back with the checkpoint.
   */
  async save(): Promise<void> {
    const organizations = [...this.dirty.organization].map((id) => {
      const f = this.organizations.get(id)!;
      return { organization_id: id, provider_type: f.providerType, county: f.county };
    });
    const requests = [...this.dirty.request].map((id) => {
      const f = this.requests.get(id)!;
      return {
        request_id: id,
        category: f.category,
        provider_type: f.providerType,
        county: f.county,
        requested_amount_cents: f.requestedAmountCents,
        submitted_at: f.submittedAt,
        approved_amount_cents: f.approvedAmountCents,
        disbursed_cents: f.disbursedCents,
      };
    });
    const disbursements = [...this.dirty.disbursement].map((id) => {
      const f = this.disbursements.get(id)!;
      return { disbursement_id: id, amount_cents: f.amountCents, payment_method: f.paymentMethod, source: f.source };
    });
    this.dirty.organization.clear();
    this.dirty.request.clear();
    this.dirty.disbursement.clear();
    if (organizations.length > 0) {
      await this.tx.query(
        `INSERT INTO messaging_organizations (organization_id, provider_type, county)
         SELECT organization_id, provider_type, county FROM jsonb_to_recordset($1::jsonb) AS r(organization_id text, provider_type text, county text)
         ON CONFLICT (organization_id) DO UPDATE SET provider_type = EXCLUDED.provider_type, county = EXCLUDED.county`,
        [JSON.stringify(organizations)],
      );
    }
    if (requests.length > 0) {
      await this.tx.query(
        `INSERT INTO messaging_requests (request_id, category, provider_type, county, requested_amount_cents, submitted_at, approved_amount_cents, disbursed_cents)
         SELECT request_id, category, provider_type, county, requested_amount_cents, submitted_at, approved_amount_cents, disbursed_cents
         FROM jsonb_to_recordset($1::jsonb) AS r(request_id text, category text, provider_type text, county text, requested_amount_cents bigint,
           submitted_at timestamptz, approved_amount_cents bigint, disbursed_cents bigint)
         ON CONFLICT (request_id) DO UPDATE SET category = EXCLUDED.category, provider_type = EXCLUDED.provider_type, county = EXCLUDED.county,
           requested_amount_cents = EXCLUDED.requested_amount_cents, submitted_at = EXCLUDED.submitted_at,
           approved_amount_cents = EXCLUDED.approved_amount_cents, disbursed_cents = EXCLUDED.disbursed_cents`,
        [JSON.stringify(requests)],
      );
    }
    if (disbursements.length > 0) {
      await this.tx.query(
        `INSERT INTO messaging_disbursements (disbursement_id, amount_cents, payment_method, source)
         SELECT disbursement_id, amount_cents, payment_method, source
         FROM jsonb_to_recordset($1::jsonb) AS r(disbursement_id text, amount_cents bigint, payment_method text, source text)
         ON CONFLICT (disbursement_id) DO UPDATE SET amount_cents = EXCLUDED.amount_cents, payment_method = EXCLUDED.payment_method, source = EXCLUDED.source`,
        [JSON.stringify(disbursements)],
      );
    }
  }
}
