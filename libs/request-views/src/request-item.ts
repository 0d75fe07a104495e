/**
 * A rv_requests row as every work queue answers it, so the web app draws them alike. Without the
 * survivor reference: only the queues of the advocates who hold the file add it.
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

const NAMES = [
  'request_id', 'version', 'organization_id', 'status', 'category', 'amount_cents', 'approved_cents', 'disbursed_cents', 'fund_id',
  'payment_method', 'urgency', 'needed_by', 'expedited', 'ratified', 'question_code', 'approvals', 'denials', 'recusals', 'submitted_at',
  'decided_at',
];
/** Qualified with `r.`, so the queries can join other tables. */
export const REQUEST_ITEM_COLUMNS = NAMES.map((n) => `r.${n}`).join(', ');
/** Unqualified, for queries on rv_requests alone. */
export const REQUEST_ITEM_NAMES = NAMES.join(', ');

export const day = (d: string | Date) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));
export const instant = (d: string | Date | null) => (d === null ? null : new Date(d).toISOString());

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
