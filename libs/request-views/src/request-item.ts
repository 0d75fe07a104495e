/**
 * A rv_requests row as the follow-up queues answer it: the same item shape as the other work
 * queues (GET /queues/payments), so the web app draws them alike. Never the survivor reference:
 * these queues are for coordinators and council members, who do not hold the file.
 */
export interface RequestItemRow {
  request_id: string;
  version: string;
  organization_id: string;
  status: string;
  category: string;
  amount_cents: string;
  approved_cents: string | null;
  disbursed_cents: string;
  fund_id: string | null;
  payment_method: string;
  urgency: string;
  needed_by: string | Date;
  expedited: boolean;
  ratified: boolean | null;
  question_code: string | null;
  approvals: number;
  denials: number;
  recusals: number;
  submitted_at: string | Date;
  decided_at: string | Date | null;
}

/** Qualified with `r.`, so the queries can join other tables. */
export const REQUEST_ITEM_COLUMNS = `r.request_id, r.version, r.organization_id, r.status, r.category, r.amount_cents, r.approved_cents,
  r.disbursed_cents, r.fund_id, r.payment_method, r.urgency, r.needed_by, r.expedited, r.ratified, r.question_code, r.approvals,
  r.denials, r.recusals, r.submitted_at, r.decided_at`;

const day = (d: string | Date) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));
const instant = (d: string | Date | null) => (d === null ? null : new Date(d).toISOString());

export function requestItem(row: RequestItemRow) {
  const approved = row.approved_cents === null ? null : Number(row.approved_cents);
  return {
    requestId: row.request_id,
    version: Number(row.version),
    organizationId: row.organization_id,
    status: row.status,
    category: row.category,
    amountCents: Number(row.amount_cents),
    approvedCents: approved,
    disbursedCents: Number(row.disbursed_cents),
    remainingToPayCents: approved === null ? null : approved - Number(row.disbursed_cents),
    fundId: row.fund_id,
    paymentMethod: row.payment_method,
    urgency: row.urgency,
    neededBy: day(row.needed_by),
    expedited: row.expedited,
    ratified: row.ratified,
    openQuestion: row.question_code,
    votes: { approvals: row.approvals, denials: row.denials, recusals: row.recusals },
    submittedAt: instant(row.submitted_at),
    decidedAt: instant(row.decided_at),
  };
}
