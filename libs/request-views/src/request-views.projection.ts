import { Injectable } from '@nestjs/common';
import type { EventHandler, Migration, RecordedEvent, SqlExecutor } from '@fund/event-sourcing';
import type { FundRequestEvent } from '@fund/fund-requests';

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

/**
 * Work queues and request views. Each event is applied once per request version (the version
 * guard makes a redelivered batch a no-op), so the tables equal a replay from position 0.
 */
@Injectable()
export class RequestViewsProjection implements EventHandler {
  readonly name = 'request-views';
  readonly migrations = REQUEST_VIEW_MIGRATIONS;

  async handle(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    for (const recorded of events) {
      if (!recorded.streamId.startsWith(REQUEST_STREAM)) continue;
      await this.apply(recorded as RecordedEvent<FundRequestEvent>, recorded.streamId.slice(REQUEST_STREAM.length), tx);
    }
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('TRUNCATE rv_requests, rv_request_history, rv_receipts_due');
  }

  private async apply(e: RecordedEvent<FundRequestEvent>, requestId: string, tx: SqlExecutor): Promise<void> {
    const at = e.metadata.occurredAt;
    const v = e.streamVersion;
    if (e.type === 'FundRequestSubmitted') {
      const d = e.data;
      await tx.query(
        `INSERT INTO rv_requests (request_id, version, organization_id, submitter_id, survivor_reference, status, category, amount_cents,
           payment_method, urgency, needed_by, expedited, submitted_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'submitted', $6, $7, $8, $9, $10, $11, $12, $12) ON CONFLICT (request_id) DO NOTHING`,
        [requestId, v, d.organizationId, d.submitterId, d.survivorReference, d.category, d.amountCents, d.paymentMethod, d.urgency, d.neededBy, d.expedited, at],
      );
    } else {
      const set = this.changes(e, at);
      if (set) {
        const { rowCount } = await tx.query(
          `UPDATE rv_requests SET ${set.sql}, version = $2, updated_at = $3 WHERE request_id = $1 AND version < $2`,
          [requestId, v, at, ...set.params],
        );
        if (rowCount === 0) return;
      }
      await this.receipts(e, requestId, tx);
    }
    await tx.query(
      `INSERT INTO rv_request_history (request_id, version, event_type, actor_role, occurred_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [requestId, v, e.type, e.metadata.actor.role, at],
    );
  }

  /** SQL assignments for one event; parameters start at $4. */
  private changes(e: RecordedEvent<FundRequestEvent>, at: string): { sql: string; params: unknown[] } | null {
    switch (e.type) {
      case 'MoreInformationRequested':
        return { sql: `status = 'info_requested', question_code = $4`, params: [e.data.questionCode] };
      case 'InformationProvided':
        return { sql: `status = 'submitted', question_code = NULL`, params: [] };
      case 'RequestVoteCast': {
        const column = e.data.vote === 'approve' ? 'approvals' : e.data.vote === 'deny' ? 'denials' : 'recusals';
        return { sql: `voters = voters || $4::jsonb, ${column} = ${column} + 1`, params: [JSON.stringify([{ memberId: e.data.memberId, vote: e.data.vote }])] };
      }
      case 'FundRequestApproved':
        return {
          sql: `status = 'approved', approved_cents = $4, fund_id = $5, decided_at = $6, ratified = $7`,
          params: [e.data.amountCents, e.data.fundId, at, !e.data.expedited],
        };
      case 'ExpeditedApprovalRatified':
        return { sql: 'ratified = true', params: [] };
      case 'FundRequestDenied':
        return { sql: `status = 'denied', decided_at = $4`, params: [at] };
      case 'FundRequestWithdrawn':
        return { sql: `status = 'withdrawn', closed_at = $4`, params: [at] };
      case 'FundRequestExpired':
        return { sql: `status = 'expired', closed_at = $4`, params: [at] };
      case 'DisbursementRecorded':
        return { sql: `status = 'disbursed', disbursed_cents = disbursed_cents + $4`, params: [e.data.amountCents] };
      case 'RequestDisbursementVoided':
        return { sql: 'disbursed_cents = disbursed_cents - $4', params: [e.data.amountCents] };
      case 'FundRequestClosed':
        return { sql: `status = 'closed', closed_at = $4`, params: [at] };
      case 'ReceiptRecorded':
      case 'LostReceiptAttested':
        return { sql: 'status = status', params: [] };
      default:
        return null;
    }
  }

  private async receipts(e: RecordedEvent<FundRequestEvent>, requestId: string, tx: SqlExecutor): Promise<void> {
    if (e.type === 'DisbursementRecorded' && e.data.receiptDueOn) {
      await tx.query(
        `INSERT INTO rv_receipts_due (disbursement_id, request_id, organization_id, amount_cents, due_on)
         SELECT $1, $2, organization_id, $3, $4 FROM rv_requests WHERE request_id = $2 ON CONFLICT DO NOTHING`,
        [e.data.disbursementId, requestId, e.data.amountCents, e.data.receiptDueOn],
      );
    }
    if (e.type === 'ReceiptRecorded' || e.type === 'LostReceiptAttested' || e.type === 'RequestDisbursementVoided') {
      await tx.query('UPDATE rv_receipts_due SET settled = true WHERE disbursement_id = $1', [e.data.disbursementId]);
    }
  }
}
