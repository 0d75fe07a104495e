import { followUp, type Decision, type FollowUp, type Plan } from '@fund/event-sourcing';
import { admitDatedEntry, fundDecider, fundStreamId, type GRANT_PAYMENT_METHODS, type ReleaseReason } from '@fund/funds';
import { stockDecider, stockStreamId } from '@fund/inventory';
import { organizationDecider, organizationStreamId, survivorReferenceDecider, survivorStreamId } from '@fund/organizations';
import type { ProtocolInForce } from '@fund/protocols';
import type { FundRequestState } from './fund-request.decider';
import type { FundRequestEvent } from './fund-request.events';
import type { PaymentMethod } from './vocabulary';

/** A grant allows exactly the payment methods a request can name: this fails to compile if the two lists drift apart. */
type GrantMethod = (typeof GRANT_PAYMENT_METHODS)[number];
export const GRANT_METHODS_ARE_REQUEST_METHODS: [PaymentMethod] extends [GrantMethod] ? ([GrantMethod] extends [PaymentMethod] ? true : never) : never = true;

export interface FundRequestDecision extends Decision<FundRequestState, FundRequestEvent> {
  readonly protocol: ProtocolInForce;
}

type Known = Exclude<FundRequestState, { status: 'none' }>;

/**
 * What a fund-request decision means for the other aggregates, read off its events: money
 * moves in the fund, the survivor reference's 12-month cap counts or stops counting, stock
 * leaves, receipts fall due or are settled. Appended atomically with the request's own events;
 * a follow-up's decider may still refuse (an over-committed fund, a cap reached), and then
 * nothing at all is written.
 */
export function fundRequestPlan({ before, events, protocol }: FundRequestDecision): Plan {
  if (before.status === 'none') return [];
  return events.flatMap((event) => followUpsOf(event, before, protocol));
}

function followUpsOf(event: FundRequestEvent, request: Known, protocol: ProtocolInForce): FollowUp[] {
  switch (event.type) {
    case 'FundRequestApproved':
      return reserve(request, event.data, protocol);
    case 'FundRequestWithdrawn':
      return release(request, event.data.releasedCents, 'withdrawn', protocol);
    case 'FundRequestClosed':
      return release(request, event.data.releasedCents, 'underspent', protocol);
    case 'DisbursementRecorded':
      return disburse(request, event.data, protocol);
    case 'RequestDisbursementVoided':
      return voidPayment(request, event.data.disbursementId, protocol);
    case 'ReservationMovedToFund':
      return moveReservation(request, event.data, protocol);
    case 'GrantCommitmentReleased':
      // The closing fund released the money in its own decision; the 12-month cap stops counting it.
      return event.data.releasedCents > 0
        ? [followUp(survivorStreamId(request.facts.survivorReference), survivorReferenceDecider, { type: 'ReleaseSupport', data: { requestId: request.facts.requestId, amountCents: event.data.releasedCents } })]
        : [];
    case 'ReceiptRecorded':
    case 'LostReceiptAttested':
      return [settleReceipt(request, event.data.disbursementId)];
    default:
      return [];
  }
}

const under = (protocol: ProtocolInForce) => ({ protocolVersion: protocol.version });
const approvalOf = (request: Known) => ('approval' in request ? request.approval : null);

/**
 * The decisive approval reserves the money and counts it against the survivor reference's
 * 12-month cap. The reservation states what it is for (category, payment method, the decision
 * day, the agency when known), so a restricted fund checks its grant and budget line on the very
 * state it appends to.
 */
function reserve(request: Known, approved: Extract<FundRequestEvent, { type: 'FundRequestApproved' }>['data'], protocol: ProtocolInForce): FollowUp[] {
  const { requestId, survivorReference, category, paymentMethod } = request.facts;
  const { amountCents, fundId } = approved;
  const charge = { category, paymentMethod, on: approved.decidedAt.slice(0, 10), ...(approved.agency ?? {}) };
  return [
    followUp(fundStreamId(fundId), fundDecider, { type: 'ReserveMoney', data: { requestId, amountCents, charge } }, under(protocol)),
    followUp(survivorStreamId(survivorReference), survivorReferenceDecider, {
      type: 'CommitSupport',
      data: { requestId, amountCents, now: new Date(approved.decidedAt), capPer12MonthsCents: protocol.rules.capPerSurvivorPer12MonthsCents },
    }),
  ];
}

/**
 * A grant's close-out moved the reservation: the fund it moves to reserves the same money, stating
 * the same charge dated the day of the move, so that fund's restrictions, budget line and balance
 * decide whether it takes it (a grant whose period is over, or closed itself, refuses).
 */
function moveReservation(request: Known, moved: Extract<FundRequestEvent, { type: 'ReservationMovedToFund' }>['data'], protocol: ProtocolInForce): FollowUp[] {
  const approval = approvalOf(request);
  if (!approval) return [];
  const { requestId, category, paymentMethod } = request.facts;
  const charge = { category, paymentMethod, on: moved.movedAt.slice(0, 10), ...(approval.agency ?? {}) };
  return [followUp(fundStreamId(moved.toFundId), fundDecider, { type: 'ReserveMoney', data: { requestId, amountCents: moved.amountCents, charge } }, under(protocol))];
}

/** Unspent reserved money goes back to the fund; the survivor's 12-month cap stops counting it. */
function release(request: Known, releasedCents: number, reason: ReleaseReason, protocol: ProtocolInForce): FollowUp[] {
  const approval = approvalOf(request);
  if (releasedCents <= 0 || !approval) return [];
  const { requestId, survivorReference } = request.facts;
  return [
    followUp(fundStreamId(approval.fundId), fundDecider, { type: 'ReleaseReservation', data: { requestId, amountCents: releasedCents, reason } }, under(protocol)),
    followUp(survivorStreamId(survivorReference), survivorReferenceDecider, { type: 'ReleaseSupport', data: { requestId, amountCents: releasedCents } }),
  ];
}

/**
 * Money leaves the fund and a receipt falls due with the organization; stock leaves its item and
 * the money reserved for that part of the need goes back to the fund.
 */
function disburse(request: Known, d: Extract<FundRequestEvent, { type: 'DisbursementRecorded' }>['data'], protocol: ProtocolInForce): FollowUp[] {
  const approval = approvalOf(request);
  if (!approval) return [];
  const { requestId, organizationId } = request.facts;
  const { disbursementId, amountCents } = d;
  const fund = fundStreamId(approval.fundId);
  if (d.source === 'money') {
    const stated = {
      ...(d.paidOn ? { paidOn: d.paidOn } : {}),
      ...(d.payeeId ? { payeeId: d.payeeId } : {}),
      ...(d.paymentReference ? { paymentReference: d.paymentReference } : {}),
    };
    return [
      followUp(
        fund,
        fundDecider,
        // How and when it was paid, for a grant's payment methods and liquidation deadline.
        { type: 'DisburseMoney', data: { requestId, disbursementId, amountCents, ...stated, charge: { paymentMethod: d.paymentMethod, on: d.paidOn ?? d.disbursedAt.slice(0, 10) } } },
        under(protocol),
      ),
      ...(d.receiptDueOn
        ? [followUp(organizationStreamId(organizationId), organizationDecider, { type: 'RecordReceiptDue', data: { requestId, disbursementId, dueOn: d.receiptDueOn } })]
        : []),
      // Paid on a day of an earlier month: that month must still be open (docs/adr/0014).
      ...(d.paidOn ? admitDatedEntry(d.paidOn, d.disbursedAt) : []),
    ];
  }
  return [
    followUp(stockStreamId(d.itemId ?? ''), stockDecider, { type: 'IssueStock', data: { quantity: d.quantity ?? 1, serials: d.serials, requestId, disbursementId } }, under(protocol)),
    followUp(fund, fundDecider, { type: 'ReleaseReservation', data: { requestId, amountCents, reason: 'covered_by_stock' } }, under(protocol)),
  ];
}

/**
 * A voided payment comes back into the fund it was paid from (the approval's fund may have changed
 * since, at a grant's close-out), and its receipt is no longer due.
 */
function voidPayment(request: Known, disbursementId: string, protocol: ProtocolInForce): FollowUp[] {
  const approval = approvalOf(request);
  if (!approval) return [];
  const { requestId } = request.facts;
  const paidFrom = ('disbursements' in request ? request.disbursements[disbursementId]?.fundId : null) ?? approval.fundId;
  return [
    followUp(fundStreamId(paidFrom), fundDecider, { type: 'VoidDisbursement', data: { requestId, disbursementId } }, under(protocol)),
    settleReceipt(request, disbursementId),
  ];
}

function settleReceipt(request: Known, disbursementId: string): FollowUp {
  const { requestId, organizationId } = request.facts;
  return followUp(organizationStreamId(organizationId), organizationDecider, { type: 'SettleReceipt', data: { requestId, disbursementId } });
}
