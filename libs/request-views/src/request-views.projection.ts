import { Injectable } from '@nestjs/common';
import type { EventHandler, Migration, RecordedEvent, SqlExecutor } from '@fund/event-sourcing';
import type { FundRequestEvent, FundRequestSubmitted } from '@fund/fund-requests';

export const REQUEST_VIEW_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'request views, history, receipts due',
    sql: `
CREATE TABLE rv_requests (
  request_id text PRIMARY KEY,
  version bigint NOT NULL,
  organization_id text NOT NULL,
  submitter_id text NOT NULL,
  survivor_reference text NOT NULL,
  status text NOT NULL,
  category text NOT NULL,
  amount_cents bigint NOT NULL,
  approved_cents bigint,
  disbursed_cents bigint NOT NULL DEFAULT 0,
  fund_id text,
  payment_method text NOT NULL,
  urgency text NOT NULL,
  needed_by date NOT NULL,
  expedited boolean NOT NULL,
  ratified boolean,
  question_code text,
  voters jsonb NOT NULL DEFAULT '[]'::jsonb,
  approvals integer NOT NULL DEFAULT 0,
  denials integer NOT NULL DEFAULT 0,
  recusals integer NOT NULL DEFAULT 0,
  submitted_at timestamptz NOT NULL,
  decided_at timestamptz,
  closed_at timestamptz,
  updated_at timestamptz NOT NULL
);
CREATE INDEX rv_requests_org_status ON rv_requests (organization_id, status, submitted_at DESC);
CREATE INDEX rv_requests_status_needed ON rv_requests (status, needed_by);
CREATE TABLE rv_request_history (
  request_id text NOT NULL,
  version bigint NOT NULL,
  event_type text NOT NULL,
  actor_role text NOT NULL,
  occurred_at timestamptz NOT NULL,
  PRIMARY KEY (request_id, version)
);
CREATE TABLE rv_receipts_due (
  disbursement_id text PRIMARY KEY,
  request_id text NOT NULL,
  organization_id text NOT NULL,
  amount_cents bigint NOT NULL,
  due_on date NOT NULL,
  settled boolean NOT NULL DEFAULT false
);
CREATE INDEX rv_receipts_due_open ON rv_receipts_due (settled, due_on);
`,
  },
];

const REQUEST_STREAM = 'fund-request-';

/** One rv_requests row as the projection keeps it in memory while it folds a batch. */
interface RequestRow {
  request_id: string;
  version: number;
  organization_id: string;
  submitter_id: string;
  survivor_reference: string;
  status: string;
  category: string;
  amount_cents: number;
  approved_cents: number | null;
  disbursed_cents: number;
  fund_id: string | null;
  payment_method: string;
  urgency: string;
  needed_by: string;
  expedited: boolean;
  ratified: boolean | null;
  question_code: string | null;
  voters: { memberId: string; vote: string }[];
  approvals: number;
  denials: number;
  recusals: number;
  submitted_at: string;
  decided_at: string | null;
  closed_at: string | null;
  updated_at: string;
}

interface HistoryRow {
  request_id: string;
  version: number;
  event_type: string;
  actor_role: string;
  occurred_at: string;
}

interface ReceiptDueRow {
  disbursement_id: string;
  request_id: string;
  organization_id: string;
  amount_cents: number;
  due_on: string;
  settled: boolean;
}

const REQUEST_COLUMNS = `request_id text, version bigint, organization_id text, submitter_id text, survivor_reference text, status text,
  category text, amount_cents bigint, approved_cents bigint, disbursed_cents bigint, fund_id text, payment_method text, urgency text,
  needed_by date, expedited boolean, ratified boolean, question_code text, voters jsonb, approvals integer, denials integer, recusals integer,
  submitted_at timestamptz, decided_at timestamptz, closed_at timestamptz, updated_at timestamptz`;
const REQUEST_NAMES = REQUEST_COLUMNS.split(',').map((c) => c.trim().split(' ')[0]!);

/**
 * Work queues and request views. A batch is folded in memory (rows the batch touches are read
 * once, each event applied to its request at most once thanks to the version guard) and written
 * back with one statement per table, so a rebuild costs a few statements per thousand events.
 * A redelivered batch is a no-op, and the tables equal a replay from position 0 at any batch size.
 */
/** The read model's name (its checkpoint): queues, request history, receipts due. */
export const REQUEST_VIEWS = 'request-views';

@Injectable()
export class RequestViewsProjection implements EventHandler {
  readonly name = REQUEST_VIEWS;
  readonly migrations = REQUEST_VIEW_MIGRATIONS;

  accepts(event: RecordedEvent): boolean {
    return event.streamId.startsWith(REQUEST_STREAM);
  }

  async handle(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    const mine = events.filter((e) => this.accepts(e)) as RecordedEvent<FundRequestEvent>[];
    if (mine.length === 0) return;
    const rows = await this.load(tx, [...new Set(mine.map((e) => e.streamId.slice(REQUEST_STREAM.length)))]);
    const changed = new Set<string>();
    const history: HistoryRow[] = [];
    const receiptsDue = new Map<string, ReceiptDueRow>();
    const settled = new Set<string>();

    for (const e of mine) {
      const requestId = e.streamId.slice(REQUEST_STREAM.length);
      const at = e.metadata.occurredAt;
      const row = rows.get(requestId);
      if (e.type === 'FundRequestSubmitted') {
        if (!row) {
          rows.set(requestId, submitted(requestId, e.streamVersion, e.data, at));
          changed.add(requestId);
        }
      } else {
        const known = isKnown(e.type);
        if (known) {
          // The version guard: an event this row already reflects (a redelivery) changes nothing.
          if (!row || row.version >= e.streamVersion) continue;
          apply(row, e, at);
          row.version = e.streamVersion;
          row.updated_at = at;
          changed.add(requestId);
        }
        if (e.type === 'DisbursementRecorded' && e.data.receiptDueOn && row && !receiptsDue.has(e.data.disbursementId)) {
          receiptsDue.set(e.data.disbursementId, {
            disbursement_id: e.data.disbursementId,
            request_id: requestId,
            organization_id: row.organization_id,
            amount_cents: e.data.amountCents,
            due_on: e.data.receiptDueOn,
            settled: false,
          });
        }
        if (e.type === 'ReceiptRecorded' || e.type === 'LostReceiptAttested' || e.type === 'RequestDisbursementVoided') {
          const due = receiptsDue.get(e.data.disbursementId);
          if (due) due.settled = true;
          else settled.add(e.data.disbursementId);
        }
      }
      history.push({ request_id: requestId, version: e.streamVersion, event_type: e.type, actor_role: e.metadata.actor.role, occurred_at: at });
    }

    if (changed.size > 0) {
      await tx.query(
        `INSERT INTO rv_requests (${REQUEST_NAMES.join(', ')})
         SELECT ${REQUEST_NAMES.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${REQUEST_COLUMNS})
         ON CONFLICT (request_id) DO UPDATE SET ${REQUEST_NAMES.filter((c) => c !== 'request_id')
           .map((c) => `${c} = EXCLUDED.${c}`)
           .join(', ')}`,
        [JSON.stringify([...changed].map((id) => rows.get(id)))],
      );
    }
    if (receiptsDue.size > 0) {
      await tx.query(
        `INSERT INTO rv_receipts_due (disbursement_id, request_id, organization_id, amount_cents, due_on, settled)
         SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS r(disbursement_id text, request_id text, organization_id text, amount_cents bigint, due_on date, settled boolean)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify([...receiptsDue.values()])],
      );
    }
    if (settled.size > 0) await tx.query('UPDATE rv_receipts_due SET settled = true WHERE disbursement_id = ANY($1::text[])', [[...settled]]);
    if (history.length > 0) {
      await tx.query(
        `INSERT INTO rv_request_history (request_id, version, event_type, actor_role, occurred_at)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS h(request_id text, version bigint, event_type text, actor_role text, occurred_at timestamptz)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(history)],
      );
    }
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('TRUNCATE rv_requests, rv_request_history, rv_receipts_due');
  }

  private async load(tx: SqlExecutor, requestIds: string[]): Promise<Map<string, RequestRow>> {
    // As JSON, so dates, timestamps and bigints come back exactly as they were written.
    const { rows } = await tx.query<{ row: RequestRow }>('SELECT to_jsonb(r) AS row FROM rv_requests r WHERE request_id = ANY($1::text[])', [requestIds]);
    return new Map(rows.map(({ row }) => [row.request_id, row]));
  }
}

function submitted(requestId: string, version: number, d: FundRequestSubmitted['data'], at: string): RequestRow {
  return {
    request_id: requestId,
    version,
    organization_id: d.organizationId,
    submitter_id: d.submitterId,
    survivor_reference: d.survivorReference,
    status: 'submitted',
    category: d.category,
    amount_cents: d.amountCents,
    approved_cents: null,
    disbursed_cents: 0,
    fund_id: null,
    payment_method: d.paymentMethod,
    urgency: d.urgency,
    needed_by: d.neededBy,
    expedited: d.expedited,
    ratified: null,
    question_code: null,
    voters: [],
    approvals: 0,
    denials: 0,
    recusals: 0,
    submitted_at: at,
    decided_at: null,
    closed_at: null,
    updated_at: at,
  };
}

const KNOWN = new Set<string>([
  'MoreInformationRequested',
  'InformationProvided',
  'RequestVoteCast',
  'FundRequestApproved',
  'ExpeditedApprovalRatified',
  'FundRequestDenied',
  'FundRequestWithdrawn',
  'FundRequestExpired',
  'DisbursementRecorded',
  'RequestDisbursementVoided',
  'FundRequestClosed',
  'ReservationMovedToFund',
  'GrantCommitmentReleased',
  'ReceiptRecorded',
  'LostReceiptAttested',
]);

/** Events that move the row (and its version); the others only add a history line. */
function isKnown(type: string): boolean {
  return KNOWN.has(type);
}

function apply(row: RequestRow, e: RecordedEvent<FundRequestEvent>, at: string): void {
  switch (e.type) {
    case 'MoreInformationRequested':
      row.status = 'info_requested';
      row.question_code = e.data.questionCode;
      return;
    case 'InformationProvided':
      row.status = 'submitted';
      row.question_code = null;
      return;
    case 'RequestVoteCast':
      row.voters = [...row.voters, { memberId: e.data.memberId, vote: e.data.vote }];
      if (e.data.vote === 'approve') row.approvals += 1;
      else if (e.data.vote === 'deny') row.denials += 1;
      else row.recusals += 1;
      return;
    case 'FundRequestApproved':
      row.status = 'approved';
      row.approved_cents = e.data.amountCents;
      row.fund_id = e.data.fundId;
      row.decided_at = at;
      row.ratified = !e.data.expedited;
      return;
    case 'ExpeditedApprovalRatified':
      row.ratified = true;
      return;
    case 'FundRequestDenied':
      row.status = 'denied';
      row.decided_at = at;
      return;
    case 'FundRequestWithdrawn':
      row.status = 'withdrawn';
      row.closed_at = at;
      return;
    case 'FundRequestExpired':
      row.status = 'expired';
      row.closed_at = at;
      return;
    case 'DisbursementRecorded':
      row.status = 'disbursed';
      row.disbursed_cents += e.data.amountCents;
      return;
    case 'RequestDisbursementVoided':
      row.disbursed_cents -= e.data.amountCents;
      return;
    case 'FundRequestClosed':
      row.status = 'closed';
      row.closed_at = at;
      return;
    // A grant's close-out (docs/adr/0021): the money waits in another fund, or what was paid is all there is.
    case 'ReservationMovedToFund':
      row.fund_id = e.data.toFundId;
      return;
    case 'GrantCommitmentReleased':
      row.approved_cents = row.disbursed_cents;
      if (row.disbursed_cents === 0) {
        row.status = 'closed';
        row.closed_at = at;
      }
      return;
    default:
      return;
  }
}
